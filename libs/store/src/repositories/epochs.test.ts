import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { seedSweep } from '../../test/fixtures.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

describe('EpochRepository', () => {
  it('record upserts one epoch; recordMany upserts a batch (a replayed epoch overwrites)', async () => {
    const { fold } = await seedSweep(db.store, 1);
    await db.store.epochs.record(fold.id, 0, { trainLoss: 1.2, lr: 1e-3 });
    await db.store.epochs.record(fold.id, 0, { trainLoss: 1.1, valLoss: 1.3, valUa: 0.3, valWa: 0.35, lr: 1e-3 });
    expect(await db.store.epochs.list(fold.id)).toMatchObject([{ epoch: 0, trainLoss: 1.1, valLoss: 1.3, valUa: 0.3, valWa: 0.35 }]);
    await Promise.all([1, 2, 3].map((i) => db.store.epochs.record(fold.id, 99, { trainLoss: i, lr: 1e-3 })));
    expect((await db.store.epochs.list(fold.id)).filter((e) => e.epoch === 99)).toHaveLength(1);
    await db.store.prisma.epochMetric.delete({ where: { foldRunId_epoch: { foldRunId: fold.id, epoch: 99 } } });

    const rows = Array.from({ length: 50 }, (_, e) => ({ epoch: e, trainLoss: 1 / (e + 1), valLoss: e % 2 ? null : 0.5, valUa: 0.4, lr: 1e-3 * 0.9 ** e }));
    expect(await db.store.epochs.recordMany(fold.id, rows)).toBe(50);
    expect(await db.store.epochs.recordMany(fold.id, rows)).toBe(50);
    const curve = await db.store.epochs.list(fold.id);
    expect(curve).toHaveLength(50);
    expect(curve[0].trainLoss).toBe(1);
    expect(curve[1].valLoss).toBeNull();
    expect(curve[49].lr).toBeCloseTo(1e-3 * 0.9 ** 49, 12);
    expect((await db.store.epochs.since(fold.id, 47)).map((e) => e.epoch)).toEqual([48, 49]);
    expect(await db.store.epochs.recordMany(fold.id, [])).toBe(0);
  });

  it('listMany groups curves by fold run; an unknown fold run is a foreign-key error', async () => {
    const { fold, trials } = await seedSweep(db.store, 1);
    const other = await db.store.foldRuns.upsert(trials[0].id, 'Session2', { seed: 1 });
    await db.store.epochs.recordMany(fold.id, [{ epoch: 0, trainLoss: 1, lr: 1 }]);
    await db.store.epochs.recordMany(other.id, [0, 1].map((epoch) => ({ epoch, trainLoss: 1, lr: 1 })));
    const m = await db.store.epochs.listMany([fold.id, other.id]);
    expect([m.get(fold.id)!.length, m.get(other.id)!.length]).toEqual([1, 2]);
    await expect(db.store.epochs.recordMany('00000000-0000-0000-0000-000000000000', [{ epoch: 0, trainLoss: 1, lr: 1 }])).rejects.toThrow(/foreign key/i);
  });

  it('writes 10,000 epoch rows in one batch', async () => {
    const { trials } = await seedSweep(db.store, 1);
    const fr = await db.store.foldRuns.upsert(trials[0].id, 'big', { seed: 1 });
    const rows = Array.from({ length: 10_000 }, (_, epoch) => ({ epoch, trainLoss: 1, valUa: 0.5, lr: 1e-4 }));
    expect(await db.store.epochs.recordMany(fr.id, rows)).toBe(10_000);
  });
});
