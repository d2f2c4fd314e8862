import { PrismaPg } from '@prisma/adapter-pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient } from '../generated/prisma/client.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { storeFromClient, type Store } from '../store.js';
import { datasetInput, seedEmptySweep, seedSweep, trialInput } from '../../test/fixtures.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

type Agg = [ua: number | null, wa: number | null, f1: number | null, stdUa?: number | null];
async function setAgg(store: Store, trialId: string, [ua, wa, f1, stdUa = 0.01]: Agg) {
  await store.trials.setAggregate(trialId, { meanUa: ua, meanWa: wa, meanMacroF1: f1, stdUa, stdWa: 0.01, stdMacroF1: 0.01, foldsDone: 5, status: 'completed' });
}

describe('TrialRepository', () => {
  it('upsertMany twice leaves one trial per index', async () => {
    const { sweep } = await seedEmptySweep(db.store);
    const inputs = [1e-3, 1e-4, 1e-5, 1e-6].map((lr, i) => trialInput(i, { lr }));
    const a = await db.store.trials.upsertMany(sweep.id, inputs);
    const b = await db.store.trials.upsertMany(sweep.id, inputs);
    expect(b.map((t) => t.id)).toEqual(a.map((t) => t.id));
    expect(await db.store.prisma.trial.count({ where: { sweepId: sweep.id } })).toBe(4);
    expect(a.map((t) => t.lr)).toEqual([1e-3, 1e-4, 1e-5, 1e-6]);
  });

  it('models without a sequence window or FC depth store null (mlp, q2l)', async () => {
    const { sweep } = await seedEmptySweep(db.store);
    const ts = await db.store.trials.upsertMany(sweep.id, [
      trialInput(0, { model: 'mlp', representation: 'pooled', seqLen: null, fcLayers: null }),
      trialInput(1, { model: 'q2l', representation: 'melspec', seqLen: 100, fcLayers: null }),
    ]);
    expect(ts.map((t) => [t.model, t.seqLen, t.fcLayers])).toEqual([
      ['mlp', null, null],
      ['q2l', 100, null],
    ]);
  });

  it('ranks by the chosen metric (ties: lower std first), skips trials without it, filters', async () => {
    const { sweep } = await seedEmptySweep(db.store);
    const ts = await db.store.trials.upsertMany(sweep.id, [
      trialInput(0, { representation: 'mfcc', seqLen: 150 }),
      trialInput(1, { representation: 'mel', seqLen: 100 }),
      trialInput(2, { representation: 'wav2vec', seqLen: 50 }),
      trialInput(3, { representation: 'mfcc', seqLen: 10 }),
      trialInput(4, { representation: 'mel', seqLen: 200 }),
    ]);
    await setAgg(db.store, ts[0].id, [0.5875, 0.6, 0.4701, 0.02]);
    await setAgg(db.store, ts[1].id, [0.55, 0.7, 0.45]);
    await setAgg(db.store, ts[2].id, [0.5875, 0.5, 0.5, 0.01]); // same UA as #0, lower std
    await setAgg(db.store, ts[3].id, [0.3, 0.3, 0.3]);
    // ts[4] has no aggregate yet

    const ua = await db.store.leaderboard({ sweepId: sweep.id, metric: 'ua' });
    expect(ua.map((e) => e.trial.index)).toEqual([2, 0, 1, 3]);
    expect(ua.map((e) => e.rank)).toEqual([1, 2, 3, 4]);
    expect(ua[0]).toMatchObject({ mean: 0.5875, std: 0.01, sweep: { id: sweep.id, name: 'lr grid' } });
    expect((await db.store.leaderboard({ sweepId: sweep.id, metric: 'wa' })).map((e) => e.trial.index)).toEqual([1, 0, 2, 3]);
    expect((await db.store.leaderboard({ sweepId: sweep.id, metric: 'macroF1' })).map((e) => e.trial.index)).toEqual([2, 0, 1, 3]);
    expect((await db.store.leaderboard({ sweepId: sweep.id, metric: 'ua', filter: { representation: ['mfcc', 'mel'] } })).map((e) => e.trial.index)).toEqual([0, 1, 3]);
    expect((await db.store.leaderboard({ sweepId: sweep.id, metric: 'ua', filter: { seqLen: 150, model: 'lstm' } })).map((e) => e.trial.index)).toEqual([0]);
    const page2 = await db.store.leaderboard({ sweepId: sweep.id, metric: 'ua', first: 2, skip: 2 });
    expect(page2.map((e) => [e.rank, e.trial.index])).toEqual([
      [3, 1],
      [4, 3],
    ]);
  });

  it('ranks across the sweeps of a dataset, in a bounded number of queries', async () => {
    const { dataset } = await db.store.datasets.upsertWithUtterances(datasetInput());
    const other = await db.store.datasets.upsertWithUtterances(datasetInput());
    const mk = async (datasetId: string, name: string, uas: number[]) => {
      const s = await db.store.sweeps.create({ name, spec: {}, specText: '', datasetId, seed: 1, device: 'cpu', trialCount: uas.length, foldCount: 5 });
      const ts = await db.store.trials.upsertMany(s.id, uas.map((_, i) => trialInput(i)));
      for (let i = 0; i < uas.length; i++) await setAgg(db.store, ts[i].id, [uas[i], 0.5, 0.5]);
      for (const t of ts) await db.store.foldRuns.upsertMany(t.id, ['S1', 'S2'].map((heldOut) => ({ heldOut, seed: 1 })));
      return s;
    };
    const s1 = await mk(dataset.id, 'first', [0.4, 0.6]);
    const s2 = await mk(dataset.id, 'second', [0.5, 0.7, 0.1]);
    await mk(other.dataset.id, 'elsewhere', [0.99]);

    // count the SQL statements a leaderboard costs
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url, max: 2 }), log: [{ emit: 'event', level: 'query' }] });
    let queries = 0;
    prisma.$on('query', () => void queries++);
    const counted = storeFromClient(prisma, 'postgres');
    try {
      const board = await counted.leaderboard({ datasetId: dataset.id, metric: 'ua', first: 50, includeFolds: true });
      expect(board.map((e) => [e.sweep.name, e.mean])).toEqual([
        ['second', 0.7],
        ['first', 0.6],
        ['second', 0.5],
        ['first', 0.4],
        ['second', 0.1],
      ]);
      expect(board.every((e) => e.folds!.length === 2)).toBe(true);
      expect(queries).toBeGreaterThanOrEqual(1);
      expect(queries).toBeLessThanOrEqual(3);
      expect([s1.id, s2.id]).toContain(board[0].sweep.id);
    } finally {
      await counted.close();
    }
  });

  it('status moves forward only', async () => {
    const { trials } = await seedSweep(db.store, 1);
    expect((await db.store.trials.setStatus(trials[0].id, 'running')).changed).toBe(true);
    expect((await db.store.trials.setStatus(trials[0].id, 'completed')).changed).toBe(true);
    expect((await db.store.trials.setStatus(trials[0].id, 'running')).trial.status).toBe('completed');
  });
});
