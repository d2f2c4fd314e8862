/** The embedded default: the same Store on PGlite (in-process Postgres), migrated by the same engine. */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPGlite } from './embedded.js';
import { defaultMigrationsDir, migrate, migrationStatus } from './migrate.js';
import { createStore } from './store.js';
import { repositoryRoundTrips } from '../test/roundtrip.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'emosweep-pglite-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('embedded store (PGlite)', () => {
  it('migrates a new data folder, does the repository round trips, and keeps its data across a reopen', async () => {
    const dir = path.join(tmp, 'data');
    const store = await createStore({ embedded: { dir } });
    let sweepCount: number;
    try {
      expect(store.kind).toBe('pglite');
      const rows = await store.prisma.$queryRawUnsafe<{ migration_name: string; checksum: string; finished_at: Date | null }[]>(
        'SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY 1',
      );
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        const file = readFileSync(path.join(defaultMigrationsDir, r.migration_name, 'migration.sql'));
        expect(r.checksum).toBe(createHash('sha256').update(file).digest('hex'));
        expect(r.finished_at).toBeInstanceOf(Date);
      }
      await repositoryRoundTrips(store);
      // racing claims on the single PGlite connection still give one claim
      const [dataset] = await store.datasets.list();
      const meta = { datasetId: dataset.id, representation: 'mel', params: {}, extractorVersion: '1', objectKey: 'o' };
      const claims = await Promise.all([1, 2, 3, 4].map((i) => store.featureSets.claim('race', meta, { owner: `w${i}` })));
      expect(claims.filter((c) => c.state === 'claimed')).toHaveLength(1);
      sweepCount = await store.prisma.sweep.count();
      await store.sweeps.create({ name: 'persisted', spec: {}, specText: '', seed: 1, device: 'cpu', trialCount: 0, foldCount: 0, workflowId: 'persisted' });
    } finally {
      await store.close();
    }
    // a lock left by a process that died is taken over
    writeFileSync(`${dir}.lock`, '999999999');
    const reopened = await createStore({ embedded: { dir } });
    try {
      // one process at a time: a second open is refused with a clear message
      await expect(createStore({ embedded: { dir } })).rejects.toThrow(/already open in this process/);
      expect((await reopened.sweeps.getByWorkflowId('persisted'))?.name).toBe('persisted');
      expect(await reopened.prisma.sweep.count()).toBe(sweepCount + 1);
    } finally {
      await reopened.close();
    }
  });

  it('refuses a data folder another live process holds', async () => {
    const dir = path.join(tmp, 'held');
    writeFileSync(`${dir}.lock`, String(process.ppid));
    await expect(createStore({ embedded: { dir } })).rejects.toThrow(/in use by process \d+; PGlite serves one process.*DATABASE_URL/);
  });

  it('a failing migration is atomic and recorded as failed (the adapter executeScript fix)', async () => {
    const migrations = path.join(tmp, 'migrations');
    cpSync(defaultMigrationsDir, migrations, { recursive: true });
    mkdirSync(path.join(migrations, '99990101000000_broken'));
    writeFileSync(path.join(migrations, '99990101000000_broken', 'migration.sql'), 'CREATE TABLE half_applied (id int);\nSELECT 1 / 0;\n');
    const db = await openPGlite('memory://');
    try {
      await expect(migrate(db, { migrationsDir: migrations })).rejects.toThrow(/division by zero/);
      expect((await db.query("SELECT 1 FROM pg_tables WHERE tablename = 'half_applied'")).rows).toEqual([]);
      expect((await db.query(`SELECT 1 FROM pg_tables WHERE tablename = 'Sweep'`)).rows).toHaveLength(1);
      const status = await migrationStatus(db, { migrationsDir: migrations });
      expect(status.failed).toEqual(['99990101000000_broken']);
      await expect(migrate(db, { migrationsDir: migrations })).rejects.toThrow(/failed/);
    } finally {
      await db.close();
    }
  });
});
