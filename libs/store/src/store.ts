import type { PGlite } from '@electric-sql/pglite';
import { loadServiceConfig } from '@emosweep/common';
import { createPGliteClient, createPostgresClient } from './client.js';
import { defaultEmbeddedDir, openPGlite } from './embedded.js';
import type { PrismaClient } from './generated/prisma/client.js';
import { migrate, postgresUnavailable } from './migrate.js';
import { CheckpointRepository } from './repositories/checkpoints.js';
import { DatasetRepository } from './repositories/datasets.js';
import { EpochRepository } from './repositories/epochs.js';
import { FeatureSetRepository } from './repositories/featureSets.js';
import { FoldRunRepository } from './repositories/foldRuns.js';
import { ScheduleRepository } from './repositories/schedules.js';
import { SweepRepository } from './repositories/sweeps.js';
import { TokenRepository } from './repositories/tokens.js';
import { TrialRepository, type LeaderboardEntry, type LeaderboardOptions } from './repositories/trials.js';

export type StoreOptions =
  | {
      /** A Postgres server (DATABASE_URL). */
      databaseUrl: string;
      /** Apply pending migrations first (default false: `npm run db:migrate` does it at setup). */
      migrate?: boolean;
      maxConnections?: number;
    }
  | {
      /** The embedded default: PGlite in-process, data in `dir` (default .data/embedded/pglite). */
      embedded: { dir?: string };
      /** Apply pending migrations first (default true). */
      migrate?: boolean;
    };

export interface Store {
  /** Which database serves this store. */
  readonly kind: 'postgres' | 'pglite';
  /** The Prisma client (for queries the repositories do not cover; prefer adding a method). */
  readonly prisma: PrismaClient;
  readonly datasets: DatasetRepository;
  readonly featureSets: FeatureSetRepository;
  readonly sweeps: SweepRepository;
  readonly trials: TrialRepository;
  readonly foldRuns: FoldRunRepository;
  readonly epochs: EpochRepository;
  readonly checkpoints: CheckpointRepository;
  readonly schedules: ScheduleRepository;
  readonly tokens: TokenRepository;
  /** The embedded store's PGlite instance (its LISTEN/NOTIFY serves the API's live progress); undefined on Postgres. */
  readonly pglite?: PGlite;
  /** Same as `trials.leaderboard`. */
  leaderboard(opts: LeaderboardOptions): Promise<LeaderboardEntry[]>;
  /** Disconnects (and closes PGlite for the embedded store). Idempotent. */
  close(): Promise<void>;
}

/** Wires the repositories around an existing Prisma client (tests, custom adapters). */
export function storeFromClient(prisma: PrismaClient, kind: Store['kind'], onClose: () => Promise<void> = async () => {}): Store {
  const trials = new TrialRepository(prisma);
  let closing: Promise<void> | undefined;
  return {
    kind,
    prisma,
    datasets: new DatasetRepository(prisma),
    featureSets: new FeatureSetRepository(prisma),
    sweeps: new SweepRepository(prisma),
    trials,
    foldRuns: new FoldRunRepository(prisma),
    epochs: new EpochRepository(prisma),
    checkpoints: new CheckpointRepository(prisma),
    schedules: new ScheduleRepository(prisma),
    tokens: new TokenRepository(prisma),
    leaderboard: (opts) => trials.leaderboard(opts),
    close: () =>
      (closing ??= (async () => {
        await prisma.$disconnect();
        await onClose();
      })()),
  };
}

/**
 * Opens the store: `{ databaseUrl }` for a Postgres server, `{ embedded: { dir } }` for PGlite.
 * Without options: DATABASE_URL when set, else the embedded default. A Postgres server that does
 * not answer is a ServiceUnavailableError naming its address.
 */
export async function createStore(opts?: StoreOptions): Promise<Store> {
  const o: StoreOptions = opts ?? (loadServiceConfig().databaseUrl ? { databaseUrl: loadServiceConfig().databaseUrl! } : { embedded: {} });
  if ('databaseUrl' in o) {
    if (o.migrate) await migrate(o.databaseUrl);
    const prisma = createPostgresClient(o.databaseUrl, { maxConnections: o.maxConnections });
    try {
      await prisma.$queryRawUnsafe('SELECT 1');
    } catch (e) {
      await prisma.$disconnect().catch(() => {});
      throw postgresUnavailable(o.databaseUrl, e);
    }
    return storeFromClient(prisma, 'postgres');
  }
  const db: PGlite = await openPGlite(o.embedded.dir ?? defaultEmbeddedDir());
  try {
    if (o.migrate ?? true) await migrate(db);
  } catch (e) {
    await db.close().catch(() => {});
    throw e;
  }
  const prisma = createPGliteClient(db);
  return { ...storeFromClient(prisma, 'pglite', () => db.close()), pglite: db };
}
