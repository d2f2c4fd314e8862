import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../errors.js';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import type { ScheduleInput } from './schedules.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

const input: ScheduleInput = { name: 'nightly-mfcc', cron: '0 2 * * *', timezone: 'Europe/Paris', spec: { x: 1 }, specText: 'x: 1\n', temporalScheduleId: 'emosweep-nightly-mfcc' };

describe('ScheduleRepository', () => {
  it('create rejects a duplicate name with a ConflictError; upsert is idempotent', async () => {
    const s = await db.store.schedules.create(input);
    await expect(db.store.schedules.create(input)).rejects.toBeInstanceOf(ConflictError);
    const u = await db.store.schedules.upsert({ ...input, cron: '30 1 * * *' });
    expect(u.id).toBe(s.id);
    expect(u.cron).toBe('30 1 * * *');
    expect(await db.store.schedules.list()).toHaveLength(1);
  });

  it('pause, update, runs history, delete (past sweeps survive)', async () => {
    const s = await db.store.schedules.upsert({ ...input, name: 'weekly', temporalScheduleId: 'emosweep-weekly' });
    expect((await db.store.schedules.setPaused(s.id, true)).paused).toBe(true);
    expect((await db.store.schedules.list({ paused: true })).map((x) => x.name)).toEqual(['weekly']);
    expect((await db.store.schedules.update(s.id, { timezone: 'UTC' })).timezone).toBe('UTC');
    const runs = [];
    for (let i = 0; i < 3; i++) {
      runs.push(await db.store.sweeps.create({ name: `weekly-${i}`, spec: {}, specText: '', scheduleId: s.id, seed: i, device: 'cpu', trialCount: 1, foldCount: 5 }));
    }
    const p1 = await db.store.schedules.runs(s.id, { first: 2 });
    const p2 = await db.store.schedules.runs(s.id, { first: 2, after: p1.nextCursor });
    expect([...p1.items, ...p2.items].map((r) => r.name).sort()).toEqual(['weekly-0', 'weekly-1', 'weekly-2']);
    expect(p2.nextCursor).toBeNull();
    await db.store.schedules.delete(s.id);
    expect(await db.store.schedules.getByName('weekly')).toBeNull();
    expect((await db.store.sweeps.get(runs[0].id))?.scheduleId).toBeNull();
  });
});
