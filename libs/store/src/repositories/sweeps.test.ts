import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import type { SweepInput } from './sweeps.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

const base: SweepInput = { name: 's', spec: { a: 1 }, specText: 'a: 1\n', seed: 1, device: 'cpu', trialCount: 2, foldCount: 5 };

describe('SweepRepository', () => {
  it('create is idempotent on workflowId and on a caller-chosen id', async () => {
    const a = await db.store.sweeps.create({ ...base, workflowId: 'wf-1' });
    const b = await db.store.sweeps.create({ ...base, workflowId: 'wf-1', name: 'other' });
    expect(b.id).toBe(a.id);
    expect(b.name).toBe('s');
    const id = randomUUID();
    const c = await db.store.sweeps.create({ ...base, id });
    const d = await db.store.sweeps.create({ ...base, id });
    expect(c.id).toBe(id);
    expect(d.id).toBe(id);
    expect((await db.store.sweeps.getByWorkflowId('wf-1'))?.id).toBe(a.id);
    expect((await db.store.sweeps.attachWorkflow(id, 'wf-2')).workflowId).toBe('wf-2');
    expect(await db.store.sweeps.update(id, { trialCount: 7, foldCount: 4 })).toMatchObject({ trialCount: 7, foldCount: 4, status: 'pending' });
  });

  it('status moves forward only and stamps startedAt / finishedAt once', async () => {
    const s = await db.store.sweeps.create(base);
    expect(s.status).toBe('pending');
    const r1 = await db.store.sweeps.setStatus(s.id, 'running');
    const r2 = await db.store.sweeps.setStatus(s.id, 'running');
    expect([r1.changed, r2.changed]).toEqual([true, false]);
    expect(r2.sweep.startedAt).toEqual(r1.sweep.startedAt);
    const done = await db.store.sweeps.setStatus(s.id, 'failed', { error: 'fold 3 diverged' });
    expect(done.sweep).toMatchObject({ status: 'failed', error: 'fold 3 diverged' });
    expect(done.sweep.finishedAt).toBeInstanceOf(Date);
    // a late 'cancelled' or 'pending' does not undo it
    expect((await db.store.sweeps.setStatus(s.id, 'cancelled')).changed).toBe(false);
    expect((await db.store.sweeps.setStatus(s.id, 'pending')).sweep.status).toBe('failed');
  });

  it('lists newest first with a cursor, filtered by status', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await db.store.sweeps.create({ ...base, name: `page-${i}`, workflowId: `page-${i}` })).id);
    await db.store.sweeps.setStatus(ids[4], 'running');
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof db.store.sweeps.list>> = await db.store.sweeps.list({ first: 2, after });
      seen.push(...page.items.map((s) => s.id));
      after = page.nextCursor;
    } while (after);
    const all = await db.store.prisma.sweep.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    expect(seen).toEqual(all.map((s) => s.id));
    expect((await db.store.sweeps.list({ status: 'running' })).items.map((s) => s.id)).toEqual([ids[4]]);
  });

  it('a sweep referencing a missing dataset or schedule is rejected by the foreign key', async () => {
    await expect(db.store.sweeps.create({ ...base, datasetId: randomUUID() })).rejects.toThrow(/foreign key/i);
    await expect(db.store.sweeps.create({ ...base, scheduleId: randomUUID() })).rejects.toThrow(/foreign key/i);
  });
});
