import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { seedSweep } from '../../test/fixtures.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

describe('FoldRunRepository', () => {
  it('upsert twice leaves one fold run per (trial, heldOut) and never resets it', async () => {
    const { trials } = await seedSweep(db.store, 1);
    const a = await db.store.foldRuns.upsert(trials[0].id, 'Session2', { seed: 11 });
    await db.store.foldRuns.start(a.id, { worker: 'w' });
    const b = await db.store.foldRuns.upsert(trials[0].id, 'Session2', { seed: 99 });
    expect(b.id).toBe(a.id);
    expect(b).toMatchObject({ seed: 11, status: 'running' });
    const all = await db.store.foldRuns.upsertMany(trials[0].id, ['Session1', 'Session2', 'Session3'].map((heldOut, i) => ({ heldOut, seed: i })));
    expect(all.map((f) => f.heldOut)).toEqual(['Session1', 'Session2', 'Session3']);
    expect(await db.store.prisma.foldRun.count({ where: { trialId: trials[0].id } })).toBe(3);
    // racing upserts of a new fold run (an activity retry overlapping its first attempt)
    const raced = await Promise.all([1, 2, 3, 4].map(() => db.store.foldRuns.upsert(trials[0].id, 'Session9', { seed: 5 })));
    expect(new Set(raced.map((f) => f.id)).size).toBe(1);
  });

  it('start → complete, idempotently; a retry after failure bumps the attempt; complete is never undone', async () => {
    const { fold, sweep } = await seedSweep(db.store, 1);
    const s1 = await db.store.foldRuns.start(fold.id, { worker: 'cpu-1' });
    expect(s1.foldRun).toMatchObject({ status: 'running', attempt: 1, worker: 'cpu-1' });
    const f = await db.store.foldRuns.fail(fold.id, 'worker lost');
    expect(f.foldRun).toMatchObject({ status: 'failed', error: 'worker lost' });
    const s2 = await db.store.foldRuns.start(fold.id, { worker: 'cpu-2' });
    expect(s2.foldRun).toMatchObject({ status: 'running', attempt: 2, worker: 'cpu-2', error: null, finishedAt: null });
    const result = { wa: 0.61, ua: 0.58, macroF1: 0.47, perClass: { neu: { precision: 0.5, recall: 0.6, f1: 0.55 } }, confusion: [[3, 1], [0, 4]], bestEpoch: 12, epochsRun: 20 };
    const c1 = await db.store.foldRuns.complete(fold.id, result);
    const c2 = await db.store.foldRuns.complete(fold.id, { ...result, ua: 0.1 });
    expect([c1.changed, c2.changed]).toEqual([true, false]);
    expect(c2.foldRun).toMatchObject({ status: 'completed', ua: 0.58, bestEpoch: 12, confusion: [[3, 1], [0, 4]] });
    expect((await db.store.foldRuns.fail(fold.id, 'late timeout')).foldRun.status).toBe('completed');
    expect((await db.store.foldRuns.start(fold.id)).changed).toBe(false);
    expect(await db.store.foldRuns.progress(sweep.id)).toEqual({ pending: 0, running: 0, completed: 1, failed: 0, cancelled: 0 });
    expect((await db.store.foldRuns.listBySweep(sweep.id)).map((x) => x.id)).toEqual([fold.id]);
  });

  it('cancel; metrics outside [0, 1] are rejected by the CHECK constraint', async () => {
    const { fold } = await seedSweep(db.store, 1);
    await expect(db.store.foldRuns.complete(fold.id, { wa: 1.5, ua: 0.5, macroF1: 0.5 })).rejects.toThrow(/FoldRun_values|check/i);
    expect((await db.store.foldRuns.fail(fold.id, 'user', { status: 'cancelled' })).foldRun.status).toBe('cancelled');
  });
});
