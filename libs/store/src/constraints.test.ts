/** The database itself rejects bad rows (not only the repositories): FKs, unique keys, enums, CHECKs. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isForeignKeyViolation, isUniqueViolation } from './errors.js';
import { createTestDatabase, type TestDatabase } from './testing.js';
import { datasetInput, seedSweep } from '../test/fixtures.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

const raw = (sql: string, ...args: unknown[]) => db.store.prisma.$executeRawUnsafe(sql, ...args);

describe('constraints', () => {
  it('foreign keys: a trial needs its sweep, a fold run its trial, a feature set its dataset', async () => {
    const err = await db.store.prisma.trial
      .create({ data: { sweepId: randomUUID(), index: 0, paramsKey: 'k', params: {}, representation: 'mfcc', model: 'lstm', lr: 1e-3, seqLen: 10, fcLayers: 2 } })
      .catch((e: unknown) => e);
    expect(isForeignKeyViolation(err)).toBe(true);
    await expect(raw(`INSERT INTO "FoldRun" ("trialId", "heldOut", seed, "updatedAt") VALUES ($1::uuid, 'S1', 1, now())`, randomUUID())).rejects.toThrow(/foreign key/);
    await expect(
      raw(`INSERT INTO "FeatureSet" (key, "datasetId", representation, params, "extractorVersion", "objectKey", "updatedAt") VALUES ('k', $1::uuid, 'mfcc', '{}', '1', 'o', now())`, randomUUID()),
    ).rejects.toThrow(/foreign key/);
  });

  it('a dataset in use by a sweep cannot be deleted; deleting a sweep cascades to its runs', async () => {
    const { dataset, sweep, fold } = await seedSweep(db.store, 2);
    await expect(db.store.datasets.delete(dataset.id)).rejects.toThrow();
    await db.store.epochs.record(fold.id, 0, { trainLoss: 1, lr: 1 });
    await db.store.sweeps.delete(sweep.id);
    expect(await db.store.prisma.trial.count({ where: { sweepId: sweep.id } })).toBe(0);
    expect(await db.store.prisma.epochMetric.count({ where: { foldRunId: fold.id } })).toBe(0);
    await db.store.datasets.delete(dataset.id);
    expect(await db.store.prisma.utterance.count({ where: { datasetId: dataset.id } })).toBe(0);
  });

  it('unique keys: dataset version, trial index, fold held-out group, schedule name, workflow id', async () => {
    const input = datasetInput();
    const { dataset } = await db.store.datasets.upsertWithUtterances(input);
    const dup = await db.store.prisma.dataset
      .create({ data: { name: 'x', format: input.format, root: input.root, classes: input.classes, version: input.version, labels: [], counts: {} } })
      .catch((e: unknown) => e);
    expect(isUniqueViolation(dup)).toBe(true);
    await expect(raw(`INSERT INTO "Utterance" ("datasetId", "uttId", "group", speaker, label, path, "durationSec") VALUES ($1::uuid, $2, 'g', 's', 'l', 'p', 1)`, dataset.id, input.utterances[0].uttId)).rejects.toThrow(/duplicate key/);
    const { sweep, trials } = await seedSweep(db.store, 1);
    await expect(raw(`INSERT INTO "Trial" ("sweepId", index, "paramsKey", params, representation, model, lr, "seqLen", "fcLayers", "updatedAt") VALUES ($1::uuid, 0, 'k', '{}', 'm', 'l', 0.001, 10, 2, now())`, sweep.id)).rejects.toThrow(/Trial_sweepId_index_key/);
    await expect(raw(`INSERT INTO "FoldRun" ("trialId", "heldOut", seed, "updatedAt") VALUES ($1::uuid, 'Session1', 1, now())`, trials[0].id)).rejects.toThrow(/FoldRun_trialId_heldOut_key/);
    await db.store.sweeps.create({ name: 'a', spec: {}, specText: '', workflowId: 'wf-unique', seed: 1, device: 'cpu', trialCount: 0, foldCount: 0 });
    await expect(raw(`INSERT INTO "Sweep" (name, spec, "specText", "workflowId", seed, device, "trialCount", "foldCount") VALUES ('b', '{}', '', 'wf-unique', 1, 'cpu', 0, 0)`)).rejects.toThrow(/Sweep_workflowId_key/);
  });

  it('statuses are enums: an unknown status is rejected', async () => {
    const { sweep, fold } = await seedSweep(db.store, 1);
    await expect(raw(`UPDATE "Sweep" SET status = 'exploded' WHERE id = $1::uuid`, sweep.id)).rejects.toThrow(/invalid input value for enum "RunStatus"/);
    await expect(raw(`UPDATE "FoldRun" SET status = 'done' WHERE id = $1::uuid`, fold.id)).rejects.toThrow(/invalid input value for enum/);
    await expect(db.store.sweeps.setStatus(sweep.id, 'exploded' as 'running')).rejects.toThrow();
    await expect(raw(`UPDATE "FeatureSet" SET status = 'computed'`)).rejects.toThrow(/invalid input value for enum "FeatureSetStatus"/);
  });

  it('CHECK constraints guard values (metrics in [0, 1], counts ≥ 0, a ready feature set has its checksum)', async () => {
    const { trials, dataset } = await seedSweep(db.store, 1);
    await expect(db.store.trials.setAggregate(trials[0].id, { meanUa: 58.75, meanWa: 0.6, meanMacroF1: 0.47, stdUa: 0, stdWa: 0, stdMacroF1: 0, foldsDone: 5 })).rejects.toThrow(/Trial_values/);
    await expect(raw(`UPDATE "Trial" SET lr = 0 WHERE id = $1::uuid`, trials[0].id)).rejects.toThrow(/Trial_values/);
    await expect(raw(`UPDATE "Utterance" SET "durationSec" = -1 WHERE "datasetId" = $1::uuid`, dataset.id)).rejects.toThrow(/Utterance_duration_nonneg/);
    await db.store.featureSets.claim('chk', { datasetId: dataset.id, representation: 'mfcc', params: {}, extractorVersion: '1', objectKey: 'o' }, { owner: 'w' });
    await expect(raw(`UPDATE "FeatureSet" SET status = 'ready' WHERE key = 'chk'`)).rejects.toThrow(/FeatureSet_ready_complete/);
    await expect(raw(`UPDATE "FeatureSet" SET "reuseCount" = -1 WHERE key = 'chk'`)).rejects.toThrow(/FeatureSet_counts_nonneg/);
  });
});
