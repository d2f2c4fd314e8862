/**
 * Prisma Client over a driver adapter: adapter-pg for a Postgres server, pglite-prisma-adapter for
 * the embedded default. No native query engine is involved (Prisma 7 `prisma-client` generator).
 */
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from './generated/prisma/client.js';

export type { PrismaClient };

export interface PostgresClientOptions {
  /** Pool size (default 10). */
  maxConnections?: number;
}

export function createPostgresClient(databaseUrl: string, opts: PostgresClientOptions = {}): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: opts.maxConnections ?? 10 });
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 60_000 } });
}

export function createPGliteClient(db: PGlite): PrismaClient {
  // pglite-prisma-adapter is built against an older @prisma/driver-adapter-utils; the runtime
  // contract is the same, the nominal types differ.
  const adapter = new PrismaPGlite(db) as unknown as PrismaPg;
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 30_000, timeout: 60_000 } });
}
