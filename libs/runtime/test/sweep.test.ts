import path from 'node:path';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateFolds } from '@emosweep/sweeps';
import { Worker } from '@temporalio/worker';
import { createSweepWorker, ScheduleService, SweepService, workflowBundle } from '../src/index.js';
import { infra, openServices, smallCorpus, spawnWorker, waitFor, type Services } from './harness.js';

let services: Services;
let corpus: string;

function spec(name: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    name,
    dataset: { format: 'iemocap', root: corpus, classes: 4 },
    grid: { representation: ['mfcc'], model: ['lstm'], lr: [1e-3, 1e-2], seqLen: [20, 40], fcLayers: [2] },
    training: { epochs: 2, batchSize: 8, earlyStopping: false },
    cv: { strategy: 'leave-one-group-out' },
    seed: 3,
    maxConcurrentFolds: 2,
    ...extra,
  });
}

async function withWorker<T>(fn: () => Promise<T>): Promise<T> {
  const { worker, connection } = await createSweepWorker({
    address: services.env.TEMPORAL_ADDRESS!,
    store: services.db.store,
    artifacts: services.artifacts,
    concurrency: 2,
  });
  try {
    return await worker.runUntil(fn());
  } finally {
    await connection.close();
  }
}

describe('sweeps on Temporal (real dev server, Postgres, MinIO)', () => {
  beforeAll(async () => {
    services = await openServices();
    corpus = await smallCorpus();
  }, 180_000);
  afterAll(async () => {
    await services?.close();
  });

  it('runs a 2 × 2 grid with 5 folds to completion and records rows and aggregates', async () => {
    const service = new SweepService(services.db.store, services.client);
    const { sweep } = await service.launch(spec('grid-2x2'));
    const result = await withWorker(() => service.result(sweep.id));
    expect(result.status).toBe('completed');
    expect(result.featureSetsComputed).toBe(1);

    const { store } = services.db;
    expect((await store.sweeps.getOrThrow(sweep.id)).status).toBe('completed');
    const trials = await store.trials.listBySweep(sweep.id);
    expect(trials).toHaveLength(4);
    for (const t of trials) {
      const folds = await store.foldRuns.listByTrial(t.id);
      expect(folds.map((f) => f.heldOut)).toEqual(['Session1', 'Session2', 'Session3', 'Session4', 'Session5']);
      expect(folds.every((f) => f.status === 'completed')).toBe(true);
      const agg = aggregateFolds(folds.map((f) => ({ ua: f.ua!, wa: f.wa!, macroF1: f.macroF1! })));
      expect(t.meanUa).toBeCloseTo(agg.mean.ua, 12);
      expect(t.stdUa).toBeCloseTo(agg.std.ua, 12);
      expect(t.foldsDone).toBe(5);
      for (const f of folds) {
        const epochs = await store.epochs.list(f.id);
        expect(epochs.map((e) => e.epoch)).toEqual([1, 2]);
        const best = await store.checkpoints.get(f.id, 'best');
        expect(best).not.toBeNull();
        const info = await services.artifacts.head(best!.objectKey);
        expect(info?.sha256).toBe(best!.sha256);
      }
    }
    const report = await service.report(sweep.id);
    expect(report.trials[0].mean!.ua).toBeGreaterThanOrEqual(report.trials[3].mean!.ua);

    // The recorded histories replay against the current workflow code: no non-determinism.
    const bundle = await workflowBundle();
    for (const id of [sweep.workflowId!, `${sweep.workflowId}-batch-0`]) {
      const history = await services.client.workflow.getHandle(id).fetchHistory();
      await Worker.runReplayHistory({ workflowBundle: bundle }, history, id);
    }
  }, 300_000);

  it('computes a feature set once when two sweeps need it at the same time', async () => {
    const service = new SweepService(services.db.store, services.client);
    const one = spec('concurrent-a', { grid: { representation: ['melspec'], model: ['lstm'], lr: [1e-3], seqLen: [10], fcLayers: [2] }, training: { epochs: 1, batchSize: 8, earlyStopping: false }, cv: { strategy: 'leave-one-group-out', folds: ['Session1'] } });
    const two = one.replace('concurrent-a', 'concurrent-b');
    const [a, b] = await Promise.all([service.launch(one), service.launch(two)]);
    const results = await withWorker(() => Promise.all([service.result(a.sweep.id), service.result(b.sweep.id)]));
    expect(results.map((r) => r.status)).toEqual(['completed', 'completed']);
    expect(results[0].featureSetsComputed + results[1].featureSetsComputed).toBe(1);
    const sets = await services.db.store.featureSets.list({ representation: 'melspec' });
    expect(sets).toHaveLength(1);
    expect(sets[0].status).toBe('ready');
    expect(sets[0].reuseCount).toBe(1);
  }, 300_000);

  it('rejects invalid specs with clear messages and starts nothing', async () => {
    const service = new SweepService(services.db.store, services.client, { maxTrials: 10 });
    const before = (await services.db.store.sweeps.list({})).items.length;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ grid: { representation: ['mfc'], model: ['lstm'] } }, /grid\.representation\[0\].*mfc/],
      [{ grid: { representation: ['mfcc'], model: ['lstm'], depth: [2] } }, /grid.*depth/],
      [{ grid: { representation: [], model: ['lstm'] } }, /grid\.representation/],
      [{ grid: { representation: ['mfcc'], model: ['lstm'], lr: [0] } }, /grid\.lr\[0\]/],
      [{ grid: { representation: ['mfcc'], model: ['lstm'], seqLen: [0] } }, /grid\.seqLen\[0\]/],
      [{ dataset: { format: 'iemocap', root: '/nowhere/IEMOCAP_full_release' } }, /dataset\.root: \/nowhere\/IEMOCAP_full_release does not exist/],
      [{ grid: { representation: ['mfcc'], model: ['lstm'], lr: [1e-1, 1e-2, 1e-3, 1e-4], seqLen: [10, 20, 30] } }, /12 trials, over the configured cap of 10/],
    ];
    for (const [patch, message] of cases) await expect(service.launch(spec('bad', patch))).rejects.toThrow(message);
    expect((await services.db.store.sweeps.list({})).items.length).toBe(before);
  });

  it('completes when the Temporal server restarts in the middle of a sweep', async () => {
    const service = new SweepService(services.db.store, services.client);
    const { sweep } = await service.launch(spec('temporal-restart', { training: { epochs: 6, batchSize: 4, earlyStopping: false }, cv: { strategy: 'leave-one-group-out', folds: ['Session1', 'Session2'] } }));
    const status = await withWorker(async () => {
      await waitFor('a fold to be running', async () => (await services.db.store.foldRuns.progress(sweep.id)).running > 0);
      infra('down', 'temporal');
      await new Promise((r) => setTimeout(r, 1000));
      infra('up', 'temporal');
      // The client and worker reconnect on their own; the workflow's state was on disk.
      await waitFor('the sweep to finish', async () => ['completed', 'failed'].includes((await services.db.store.sweeps.getOrThrow(sweep.id)).status), 240_000, 500);
      return (await services.db.store.sweeps.getOrThrow(sweep.id)).status;
    });
    expect(status).toBe('completed');
    expect((await services.db.store.foldRuns.progress(sweep.id)).completed).toBe(8);
  }, 400_000);

  it('completes when MinIO is down for a few seconds during a fold (the activity retries)', async () => {
    const service = new SweepService(services.db.store, services.client);
    const { sweep } = await service.launch(spec('minio-outage', {
      grid: { representation: ['mfcc'], model: ['lstm'], lr: [1e-3], seqLen: [20], fcLayers: [2] },
      training: { epochs: 10, batchSize: 4, earlyStopping: false },
      cv: { strategy: 'leave-one-group-out', folds: ['Session3'] },
    }));
    const result = await withWorker(async () => {
      await waitFor('a checkpoint', async () => {
        const [f] = await services.db.store.foldRuns.listBySweep(sweep.id);
        return f && (await services.db.store.checkpoints.get(f.id, 'latest'));
      }, 180_000, 100);
      infra('down', 'minio');
      await new Promise((r) => setTimeout(r, 3000));
      infra('up', 'minio');
      return service.result(sweep.id);
    });
    expect(result.status).toBe('completed');
    const [fold] = await services.db.store.foldRuns.listBySweep(sweep.id);
    expect(fold.status).toBe('completed');
    const epochs = await services.db.store.epochs.list(fold.id);
    expect(epochs.map((e) => e.epoch)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  }, 400_000);

  it('cancels a running sweep: folds stop and the sweep reports cancelled', async () => {
    const service = new SweepService(services.db.store, services.client);
    const { sweep } = await service.launch(spec('to-cancel', { training: { epochs: 200, batchSize: 8, earlyStopping: false } }));
    const status = await withWorker(async () => {
      await waitFor('a fold to be running', async () => (await services.db.store.foldRuns.progress(sweep.id)).running > 0);
      await service.cancel(sweep.id);
      await service.result(sweep.id).catch(() => {});
      return (await services.db.store.sweeps.getOrThrow(sweep.id)).status;
    });
    expect(status).toBe('cancelled');
    const progress = await services.db.store.foldRuns.progress(sweep.id);
    expect(progress.running).toBe(0);
    expect(progress.cancelled).toBeGreaterThan(0);
  }, 300_000);

  it('survives a worker killed mid-fold: a new worker resumes from the last checkpoint', async () => {
    const service = new SweepService(services.db.store, services.client);
    const text = spec('crash', {
      grid: { representation: ['mfcc'], model: ['lstm'], lr: [1e-3], seqLen: [20], fcLayers: [2] },
      training: { epochs: 12, batchSize: 4, earlyStopping: false },
      cv: { strategy: 'leave-one-group-out', folds: ['Session2'] },
    });
    const { sweep } = await service.launch(text, undefined, { foldHeartbeatTimeoutSec: 3 });
    const log = path.join(os.tmpdir(), `emosweep-worker-${process.pid}.log`);
    const first = spawnWorker(services.env, log);
    const fold = await waitFor(
      'a checkpoint of epoch ≥ 2',
      async () => {
        const [f] = await services.db.store.foldRuns.listBySweep(sweep.id);
        const c = f && (await services.db.store.checkpoints.get(f.id, 'latest'));
        return c && c.epoch >= 2 ? f : undefined;
      },
      180_000,
      100,
    );
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const second = spawnWorker(services.env, log);
    try {
      const result = await service.result(sweep.id);
      expect(result.status).toBe('completed');
    } finally {
      second.kill('SIGTERM');
      await new Promise((r) => second.once('exit', r));
    }
    const done = await services.db.store.foldRuns.getOrThrow(fold.id);
    expect(done.status).toBe('completed');
    expect(done.attempt).toBeGreaterThanOrEqual(2);
    expect(done.resumedFromEpoch).toBeGreaterThanOrEqual(2);
    const epochs = await services.db.store.epochs.list(fold.id);
    expect(epochs.map((e) => e.epoch)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  }, 400_000);

  it('a schedule triggers runs that are linked to it and listed in its history', async () => {
    const schedules = new ScheduleService(services.db.store, services.client);
    const text = spec('nightly', {
      grid: { representation: ['mfcc'], model: ['lstm'], lr: [1e-3], seqLen: [20], fcLayers: [2] },
      training: { epochs: 1, batchSize: 8, earlyStopping: false },
      cv: { strategy: 'leave-one-group-out', folds: ['Session1'] },
    });
    await expect(schedules.create({ name: 'bad-cron', specText: text, cron: '0 2 * *' })).rejects.toThrow('cron: "0 2 * *" is not a cron expression of 5 fields');
    await expect(schedules.create({ name: 'bad-tz', specText: text, cron: '0 2 * * *', timezone: 'Mars/Olympus' })).rejects.toThrow('timezone: "Mars/Olympus" is not an IANA time zone');
    const row = await schedules.create({ name: `nightly-${Date.now()}`, specText: text, cron: '0 2 * * *', timezone: 'Europe/Paris' });
    try {
      const next = await schedules.nextRunTimes(row.id);
      expect(next).toHaveLength(5);
      expect(next[0].getTime()).toBeGreaterThan(Date.now());
      await schedules.setPaused(row.id, true);
      expect((await services.db.store.schedules.getOrThrow(row.id)).paused).toBe(true);
      await withWorker(async () => {
        await schedules.trigger(row.id); // runs even while paused
        await waitFor('the triggered run to complete', async () => {
          const [run] = await schedules.history(row.id);
          return run?.sweep.status === 'completed' ? run : undefined;
        }, 180_000, 500);
      });
      const history = await schedules.history(row.id);
      expect(history).toHaveLength(1);
      expect(history[0].sweep.scheduleId).toBe(row.id);
      expect(history[0].best).toBeGreaterThanOrEqual(0);
    } finally {
      await schedules.delete(row.id);
    }
    await expect(schedules.get(row.id)).rejects.toThrow('no schedule with id or name');
  }, 300_000);
});
