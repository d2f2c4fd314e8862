import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '@emosweep/common';
import { createStore } from './store.js';
import { createTestDatabase, type TestDatabase } from './testing.js';
import { repositoryRoundTrips } from '../test/roundtrip.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

describe('Store on Postgres', () => {
  it('does the repository round trips', async () => {
    expect(db.store.kind).toBe('postgres');
    await repositoryRoundTrips(db.store);
  });

  it('createStore({ databaseUrl, migrate: true }) is a no-op on a migrated database; close is idempotent', async () => {
    const s = await createStore({ databaseUrl: db.url, migrate: true, maxConnections: 2 });
    expect(await s.sweeps.list()).toMatchObject({ items: expect.any(Array) });
    await s.close();
    await s.close();
  });

  it('an unreachable server is a ServiceUnavailableError naming PostgreSQL and the address', async () => {
    const err = await createStore({ databaseUrl: 'postgresql://emosweep:emosweep@127.0.0.1:1/emosweep' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect(String(err)).toMatch(/PostgreSQL is not reachable at 127\.0\.0\.1:1\/emosweep.*infra:up/);
  });
});
