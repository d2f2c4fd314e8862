/**
 * Test helpers: each suite gets its own freshly migrated database on the infra Postgres, so
 * suites are independent and can run in any order (or in parallel).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { localServiceUrls, ServiceUnavailableError } from '@emosweep/common';
import { migrate } from './migrate.js';
import { createStore, type Store } from './store.js';

export interface TestDatabase {
  /** Connection string of the new database. */
  url: string;
  /** Its name. */
  name: string;
  /** A store on it (migrated). */
  store: Store;
  /** Closes the store and drops the database. */
  drop(): Promise<void>;
}

const PREFIX = 'emosweep_test_';
/** Test databases older than this are left-overs of crashed runs and are dropped on the next create. */
const STALE_MS = 6 * 3600_000;

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

async function admin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl });
  try {
    await c.connect();
  } catch (e) {
    const u = new URL(adminUrl);
    throw new ServiceUnavailableError('PostgreSQL', `${u.hostname}:${u.port}`, `${(e as Error).message} — start it with \`npm run infra:up\``);
  }
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * Creates `emosweep_test_<time>_<random>` on the infra Postgres (EMOSWEEP_PG_* / the loopback
 * defaults; `adminDatabaseUrl` overrides), applies the committed migrations (unless `migrate:
 * false`) and opens a store.
 */
export async function createTestDatabase(opts: { adminDatabaseUrl?: string; /** default true */ migrate?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = opts.adminDatabaseUrl ?? localServiceUrls().adminDatabaseUrl;
  const name = `${PREFIX}${Date.now()}_${randomBytes(4).toString('hex')}`;
  await admin(adminUrl, async (c) => {
    const { rows } = await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${PREFIX}%`]);
    for (const { datname } of rows) {
      const ts = Number(datname.slice(PREFIX.length).split('_')[0]);
      if (Number.isFinite(ts) && Date.now() - ts > STALE_MS) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => {});
    }
    await c.query(`CREATE DATABASE "${name}"`);
  });
  const url = withDatabase(adminUrl, name);
  let store: Store | undefined;
  try {
    if (opts.migrate ?? true) await migrate(url);
    store = await createStore({ databaseUrl: url, maxConnections: 5 });
  } catch (e) {
    await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).catch(() => {});
    throw e;
  }
  const s = store;
  let dropped: Promise<void> | undefined;
  return {
    url,
    name,
    store: s,
    drop: () =>
      (dropped ??= (async () => {
        await s.close().catch(() => {});
        await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      })()),
  };
}
