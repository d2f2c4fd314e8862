/**
 * The repository round trips every backend must pass (run on Postgres in store.test.ts and on
 * PGlite in embedded.test.ts).
 */
import { expect } from 'vitest';
import type { Store } from '../src/store.js';
import { datasetInput, seedSweep, trialInput } from './fixtures.js';

export async function repositoryRoundTrips(store: Store): Promise<void> {
  // datasets: idempotent upsert with utterances
  const input = datasetInput();
  const a = await store.datasets.upsertWithUtterances(input);
  const b = await store.datasets.upsertWithUtterances(input);
  expect(a.created).toBe(true);
  expect(b.created).toBe(false);
  expect(b.dataset.id).toBe(a.dataset.id);
  expect(b.utterancesInserted).toBe(0);
  expect(await store.datasets.utterances(a.dataset.id)).toHaveLength(input.utterances.length);
  expect(await store.datasets.groups(a.dataset.id)).toEqual([
    { group: 'Session1', count: 2 },
    { group: 'Session2', count: 2 },
    { group: 'Session3', count: 2 },
  ]);

  // feature sets: claim → ready → reuse
  const meta = { datasetId: a.dataset.id, representation: 'mfcc', params: { n_mfcc: 15 }, extractorVersion: '1', objectKey: 'features/k1' };
  const c1 = await store.featureSets.claim('k1', meta, { owner: 'w1' });
  const c2 = await store.featureSets.claim('k1', meta, { owner: 'w2' });
  expect(c1.state).toBe('claimed');
  expect(c2.state).toBe('busy');
  const ready = await store.featureSets.markReady('k1', { sizeBytes: 1234n, sha256: 'ab'.repeat(32), dims: 15, totalFrames: 999, utteranceCount: 6, computeMs: 12 }, { owner: 'w1' });
  expect(ready.status).toBe('ready');
  expect(ready.sizeBytes).toBe(1234n);
  expect((await store.featureSets.claim('k1', meta, { owner: 'w3' })).state).toBe('ready');
  expect((await store.featureSets.incrementReuse('k1')).reuseCount).toBe(1);

  // sweeps, trials, fold runs, epochs, checkpoints
  const { sweep, trials, fold } = await seedSweep(store, 3);
  expect((await store.trials.upsertMany(sweep.id, [trialInput(0), trialInput(1), trialInput(2)])).map((t) => t.index)).toEqual([0, 1, 2]);
  const started = await store.sweeps.setStatus(sweep.id, 'running');
  expect(started.changed).toBe(true);
  expect(started.sweep.startedAt).toBeInstanceOf(Date);
  const run = await store.foldRuns.start(fold.id, { worker: 'cpu-1' });
  expect(run.foldRun.status).toBe('running');
  expect(await store.epochs.recordMany(fold.id, [0, 1, 2].map((e) => ({ epoch: e, trainLoss: 1 / (e + 1), valUa: 0.3 + e / 10, lr: 1e-3 })))).toBe(3);
  await store.epochs.record(fold.id, 2, { trainLoss: 0.2, valUa: 0.55, lr: 5e-4 });
  const curve = await store.epochs.list(fold.id);
  expect(curve.map((e) => e.epoch)).toEqual([0, 1, 2]);
  expect(curve[2].valUa).toBeCloseTo(0.55);
  await store.checkpoints.put(fold.id, 'best', { epoch: 2, objectKey: 'ckpt/best', sha256: 'cd'.repeat(32), sizeBytes: 10 });
  await store.checkpoints.put(fold.id, 'best', { epoch: 2, objectKey: 'ckpt/best', sha256: 'cd'.repeat(32), sizeBytes: 10 });
  expect(await store.checkpoints.list(fold.id)).toHaveLength(1);
  const done = await store.foldRuns.complete(fold.id, { wa: 0.6, ua: 0.55, macroF1: 0.5, perClass: { neu: { f1: 0.5 } }, confusion: [[1, 0], [0, 1]], bestEpoch: 2, epochsRun: 3 });
  expect(done.changed).toBe(true);
  expect((await store.foldRuns.complete(fold.id, { wa: 0.1, ua: 0.1, macroF1: 0.1 })).changed).toBe(false);
  expect((await store.foldRuns.get(fold.id))!.ua).toBeCloseTo(0.55);
  await store.trials.setAggregate(trials[0].id, { meanUa: 0.55, meanWa: 0.6, meanMacroF1: 0.5, stdUa: 0.01, stdWa: 0.02, stdMacroF1: 0.03, foldsDone: 1, status: 'completed' });
  await store.trials.setAggregate(trials[1].id, { meanUa: 0.65, meanWa: 0.5, meanMacroF1: 0.4, stdUa: 0.01, stdWa: 0.02, stdMacroF1: 0.03, foldsDone: 1 });
  const board = await store.leaderboard({ sweepId: sweep.id, metric: 'ua', includeFolds: true });
  expect(board.map((e) => e.trial.index)).toEqual([1, 0]);
  expect(board[1].folds).toHaveLength(1);
  expect((await store.leaderboard({ sweepId: sweep.id, metric: 'wa' })).map((e) => e.trial.index)).toEqual([0, 1]);
  expect((await store.sweeps.setStatus(sweep.id, 'completed')).sweep.finishedAt).toBeInstanceOf(Date);
  expect((await store.sweeps.setStatus(sweep.id, 'running')).changed).toBe(false);
  const page = await store.sweeps.list({ first: 10 });
  expect(page.items.map((s) => s.id)).toContain(sweep.id);

  // schedules and tokens
  const sched = await store.schedules.upsert({ name: 'nightly', cron: '0 2 * * *', timezone: 'Europe/Paris', spec: {}, specText: '', temporalScheduleId: 'sched-nightly' });
  const again = await store.schedules.upsert({ name: 'nightly', cron: '0 3 * * *', timezone: 'Europe/Paris', spec: {}, specText: '', temporalScheduleId: 'sched-nightly' });
  expect(again.id).toBe(sched.id);
  expect(again.cron).toBe('0 3 * * *');
  expect((await store.schedules.setPaused(sched.id, true)).paused).toBe(true);
  const { token, secret } = await store.tokens.create({ name: 'ci', role: 'operator' });
  expect((await store.tokens.verify(secret))?.id).toBe(token.id);
  await store.tokens.revoke(token.id);
  expect(await store.tokens.verify(secret)).toBeNull();

  // cascade: deleting the sweep removes trials, fold runs, epochs, checkpoints
  await store.sweeps.delete(sweep.id);
  expect(await store.foldRuns.get(fold.id)).toBeNull();
  expect(await store.epochs.list(fold.id)).toEqual([]);
}
