import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { seedSweep } from '../../test/fixtures.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

describe('CheckpointRepository', () => {
  it('keeps one latest and one best per fold run (put twice → one row, updated)', async () => {
    const { fold } = await seedSweep(db.store, 1);
    await db.store.checkpoints.put(fold.id, 'latest', { epoch: 1, objectKey: 'ckpt/l1', sha256: 'a'.repeat(64), sizeBytes: 10 });
    await db.store.checkpoints.put(fold.id, 'latest', { epoch: 2, objectKey: 'ckpt/l2', sha256: 'b'.repeat(64), sizeBytes: 20n });
    await db.store.checkpoints.put(fold.id, 'best', { epoch: 1, objectKey: 'ckpt/b1', sha256: 'c'.repeat(64), sizeBytes: 10 });
    const list = await db.store.checkpoints.list(fold.id);
    expect(list.map((c) => [c.kind, c.epoch, c.sizeBytes])).toEqual([
      ['latest', 2, 20n],
      ['best', 1, 10n],
    ]);
    expect((await db.store.checkpoints.get(fold.id, 'latest'))?.objectKey).toBe('ckpt/l2');
    await expect(db.store.checkpoints.put(fold.id, 'bogus' as 'best', { epoch: 1, objectKey: 'x', sha256: 'x', sizeBytes: 1 })).rejects.toThrow();
  });
});
