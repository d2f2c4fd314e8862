import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '@emosweep/common';
import { defaultMigrationsDir, diffSchema, migrate, migrationStatus } from './migrate.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

const dbs: TestDatabase[] = [];
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dbs.map((d) => d.drop()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function emptyDb(): Promise<TestDatabase> {
  const db = await createTestDatabase({ migrate: false });
  dbs.push(db);
  return db;
}

async function sql<T extends pg.QueryResultRow = Record<string, unknown>>(url: string, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text)).rows;
  } finally {
    await c.end();
  }
}

/** A copy of the committed migrations plus extra ones. */
function migrationsWith(extra: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'emosweep-migrations-'));
  dirs.push(dir);
  cpSync(defaultMigrationsDir, dir, { recursive: true });
  for (const [name, body] of Object.entries(extra)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, 'migration.sql'), body);
  }
  return dir;
}

const committed = readdirSync(defaultMigrationsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('migrations (WASM schema engine on Postgres)', () => {
  it('apply to an empty database and write the standard _prisma_migrations rows', async () => {
    const db = await emptyDb();
    const before = await migrationStatus(db.url);
    expect(before.hasMigrationsTable).toBe(false);
    expect(before.pending).toEqual(committed);

    expect((await migrate(db.url)).applied).toEqual(committed);
    const rows = await sql<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null; applied_steps_count: number }>(
      db.url,
      'SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(committed);
    for (const r of rows) {
      // the CLI's checksum: sha256 of the migration file
      const file = readFileSync(path.join(defaultMigrationsDir, r.migration_name, 'migration.sql'));
      expect(r.checksum).toBe(createHash('sha256').update(file).digest('hex'));
      expect(r.finished_at).toBeInstanceOf(Date);
      expect(r.rolled_back_at).toBeNull();
      expect(r.applied_steps_count).toBe(1);
    }
    const tables = (await sql<{ tablename: string }>(db.url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).map((r) => r.tablename);
    expect(tables).toEqual(
      ['ApiToken', 'Checkpoint', 'Dataset', 'EpochMetric', 'FeatureSet', 'FoldRun', 'Schedule', 'Sweep', 'Trial', 'Utterance', '_prisma_migrations'].sort(),
    );

    // a second deploy is a no-op
    expect((await migrate(db.url)).applied).toEqual([]);
    expect(await sql(db.url, 'SELECT 1 FROM _prisma_migrations')).toHaveLength(committed.length);
    const after = await migrationStatus(db.url);
    expect(after.upToDate).toBe(true);
    expect(after.pending).toEqual([]);
  });

  it('prisma/schema.prisma and the committed migrations agree (diff through a shadow database is empty)', async () => {
    const db = await emptyDb();
    expect(await diffSchema(db.url)).toBeUndefined();
    // the shadow database is gone afterwards
    expect(await sql(db.url, "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_shadow_%'")).toEqual([]);
  });

  it('sends each migration as one script: $$ bodies and ; in comments work', async () => {
    const db = await emptyDb();
    const dir = migrationsWith({
      '99990101000000_function': `-- a comment; with a semicolon
CREATE FUNCTION emosweep_answer() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  RETURN 42; -- inside the body
END;
$$;
`,
    });
    const { applied } = await migrate(db.url, { migrationsDir: dir });
    expect(applied).toContain('99990101000000_function');
    expect(await sql(db.url, 'SELECT emosweep_answer() AS a')).toEqual([{ a: 42 }]);
  });

  it('a failing migration is atomic, recorded as failed, and blocks later deploys', async () => {
    const db = await emptyDb();
    const dir = migrationsWith({
      '99990101000000_broken': 'CREATE TABLE half_applied (id int);\nINSERT INTO half_applied VALUES (1);\nSELECT 1 / 0;\n',
    });
    await expect(migrate(db.url, { migrationsDir: dir })).rejects.toThrow(/division by zero/);
    // nothing of the broken migration stayed (earlier migrations did apply)
    expect(await sql(db.url, "SELECT 1 FROM pg_tables WHERE tablename = 'half_applied'")).toEqual([]);
    expect(await sql(db.url, "SELECT 1 FROM pg_tables WHERE tablename = 'Sweep'")).toHaveLength(1);
    const rows = await sql<{ migration_name: string; finished_at: Date | null; logs: string | null }>(
      db.url,
      "SELECT migration_name, finished_at, logs FROM _prisma_migrations WHERE migration_name = '99990101000000_broken'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].finished_at).toBeNull();
    expect(rows[0].logs).toMatch(/division by zero/);
    const status = await migrationStatus(db.url, { migrationsDir: dir });
    expect(status.failed).toEqual(['99990101000000_broken']);
    expect(status.upToDate).toBe(false);
    await expect(migrate(db.url, { migrationsDir: dir })).rejects.toThrow(/failed/);
  });

  it('concurrent deploys apply each migration once', async () => {
    const db = await emptyDb();
    const results = await Promise.all([migrate(db.url), migrate(db.url), migrate(db.url)]);
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, committed.length]);
    expect(await sql(db.url, 'SELECT 1 FROM _prisma_migrations')).toHaveLength(committed.length);
  });

  it('an unreachable server is a ServiceUnavailableError naming PostgreSQL and its address', async () => {
    const err = await migrate('postgresql://emosweep:emosweep@127.0.0.1:1/nowhere').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect(String(err)).toMatch(/PostgreSQL is not reachable at 127\.0\.0\.1:1\/nowhere/);
    expect(String(err)).toMatch(/infra:up/);
  });
});
