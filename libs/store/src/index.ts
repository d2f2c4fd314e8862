export * from './store.js';
export * from './errors.js';
export { migrate, migrationStatus, diffSchema, createMigration, schemaEngineVersion, defaultMigrationsDir, defaultSchemaPath } from './migrate.js';
export type { MigrationTarget, MigrateResult, MigrationStatus, MigrateOptions } from './migrate.js';
export { defaultEmbeddedDir, openPGlite } from './embedded.js';
export { createPostgresClient, createPGliteClient } from './client.js';
export * from './repositories/datasets.js';
export * from './repositories/featureSets.js';
export * from './repositories/sweeps.js';
export * from './repositories/trials.js';
export * from './repositories/foldRuns.js';
export * from './repositories/epochs.js';
export * from './repositories/checkpoints.js';
export * from './repositories/schedules.js';
export * from './repositories/tokens.js';
export { allowedFrom, TERMINAL } from './repositories/status.js';
export * from './artifacts/index.js';
export { Prisma } from './generated/prisma/client.js';
export type {
  PrismaClient,
  Dataset,
  Utterance,
  FeatureSet,
  Sweep,
  Trial,
  FoldRun,
  EpochMetric,
  Checkpoint,
  Schedule,
  ApiToken,
} from './generated/prisma/client.js';
export { RunStatus, FeatureSetStatus, CheckpointKind, TokenRole } from './generated/prisma/enums.js';
