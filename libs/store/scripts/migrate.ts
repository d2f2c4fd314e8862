/**
 * npm run db:migrate                        → deploy (apply committed migrations)
 * tsx libs/store/scripts/migrate.ts deploy|status|diff|create <name> [--embedded [dir]]
 *
 * Runs Prisma's WASM schema engine (no native engine, no download). The database is DATABASE_URL,
 * else the loopback Postgres of `npm run infra:up`; `--embedded` targets the PGlite data folder
 * of the embedded default (.data/embedded/pglite unless a dir is given).
 *   deploy  apply pending migrations, record them in _prisma_migrations (no-op when up to date)
 *   status  list applied / pending / failed / edited migrations (exit 1 unless up to date)
 *   diff    print the SQL from the committed migrations to prisma/schema.prisma (exit 2 if any)
 *   create  write that SQL as prisma/migrations/<timestamp>_<name>/migration.sql
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadServiceConfig, localServiceUrls } from '@emosweep/common';
import { createMigration, diffSchema, migrate, migrationStatus, type MigrationTarget } from '../src/migrate.js';
import { openPGlite, defaultEmbeddedDir } from '../src/embedded.js';

export { migrate, migrationStatus, diffSchema, createMigration };

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  const cmd = args.shift() ?? 'deploy';
  let embeddedDir: string | undefined;
  const e = args.indexOf('--embedded');
  if (e >= 0) {
    const next = args[e + 1];
    const hasDir = next !== undefined && !next.startsWith('--');
    embeddedDir = hasDir ? path.resolve(next) : defaultEmbeddedDir();
    args.splice(e, hasDir ? 2 : 1);
  }
  const url = loadServiceConfig().databaseUrl ?? localServiceUrls().databaseUrl;
  const pglite = embeddedDir ? await openPGlite(embeddedDir) : undefined;
  const target: MigrationTarget = pglite ?? url;
  const where = embeddedDir ? `PGlite ${embeddedDir}` : url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  try {
    switch (cmd) {
      case 'deploy': {
        const t0 = Date.now();
        const { applied } = await migrate(target);
        console.log(
          applied.length
            ? `applied ${applied.length} migration(s) to ${where} in ${Date.now() - t0} ms:\n${applied.map((n) => `  ${n}`).join('\n')}`
            : `${where}: no pending migrations`,
        );
        return 0;
      }
      case 'status': {
        const s = await migrationStatus(target);
        console.log(`${where}: ${s.migrations.length} migration(s) in prisma/migrations`);
        if (!s.hasMigrationsTable) console.log('  no _prisma_migrations table yet (run npm run db:migrate)');
        for (const n of s.pending) console.log(`  pending  ${n}`);
        for (const n of s.failed) console.log(`  failed   ${n}`);
        for (const n of s.edited) console.log(`  edited   ${n} (checksum differs from the applied one)`);
        for (const n of s.unknownInDatabase) console.log(`  unknown  ${n} (applied, but not in prisma/migrations)`);
        console.log(s.upToDate ? '  database schema is up to date' : '  database is NOT up to date');
        return s.upToDate ? 0 : 1;
      }
      case 'diff': {
        const sql = await diffSchema(target);
        if (!sql) {
          console.log('-- prisma/schema.prisma and prisma/migrations agree: no migration needed');
          return 0;
        }
        process.stdout.write(sql);
        return 2;
      }
      case 'create': {
        const name = args.find((a) => !a.startsWith('--'));
        if (!name) throw new Error('usage: migrate.ts create <name>');
        const folder = await createMigration(target, name);
        console.log(folder ? `created ${path.relative(process.cwd(), folder)}/migration.sql (review it, then commit)` : 'no schema changes: nothing created');
        return 0;
      }
      default:
        console.error(`unknown command ${cmd}: use deploy | status | diff | create <name> [--embedded [dir]]`);
        return 64;
    }
  } finally {
    await pglite?.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`db:migrate failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
