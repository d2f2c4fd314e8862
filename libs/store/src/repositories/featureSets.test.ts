import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { datasetInput } from '../../test/fixtures.js';
import type { FeatureSetMeta } from './featureSets.js';

let db: TestDatabase;
let meta: FeatureSetMeta;
beforeAll(async () => {
  db = await createTestDatabase();
  const { dataset } = await db.store.datasets.upsertWithUtterances(datasetInput());
  meta = { datasetId: dataset.id, representation: 'mel', params: { n_mels: 80 }, extractorVersion: '3', objectKey: 'features/x' };
});
afterAll(() => db?.drop());

const result = { sizeBytes: 4096, sha256: 'ef'.repeat(32), dims: 80, totalFrames: 12345, utteranceCount: 6, computeMs: 99 };

describe('FeatureSetRepository', () => {
  it('of many racing claimants exactly one gets the claim', async () => {
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => db.store.featureSets.claim('race', meta, { owner: `w${i}` })));
    expect(claims.filter((c) => c.state === 'claimed')).toHaveLength(1);
    expect(claims.filter((c) => c.state === 'busy')).toHaveLength(7);
    const winner = claims.find((c) => c.state === 'claimed')!.featureSet.claimedBy;
    expect((await db.store.featureSets.get('race'))!.claimedBy).toBe(winner);
  });

  it('the owner re-claiming (an activity retry) gets its claim back; ready is returned to everyone', async () => {
    expect((await db.store.featureSets.claim('retry', meta, { owner: 'a' })).state).toBe('claimed');
    expect((await db.store.featureSets.claim('retry', meta, { owner: 'a' })).state).toBe('claimed');
    const ready = await db.store.featureSets.markReady('retry', result, { owner: 'a' });
    expect(ready).toMatchObject({ status: 'ready', sizeBytes: 4096n, totalFrames: 12345n, dims: 80 });
    // markReady again (retried activity) is a no-op
    const again = await db.store.featureSets.markReady('retry', { ...result, sha256: '00'.repeat(32) }, { owner: 'a' });
    expect(again.sha256).toBe(result.sha256);
    expect((await db.store.featureSets.claim('retry', meta, { owner: 'b' })).state).toBe('ready');
    expect((await db.store.featureSets.incrementReuse('retry')).reuseCount).toBe(1);
    expect((await db.store.featureSets.incrementReuse('retry')).reuseCount).toBe(2);
  });

  it('a stale claim is taken over; a failed one can be claimed again; ready is never downgraded', async () => {
    await db.store.featureSets.claim('stale', meta, { owner: 'dead' });
    await db.store.prisma.featureSet.update({ where: { key: 'stale' }, data: { claimedAt: new Date(Date.now() - 3600_000) } });
    expect((await db.store.featureSets.claim('stale', meta, { owner: 'alive', staleAfterMs: 60_000 })).state).toBe('claimed');
    // the dead owner's late completion does not steal it back
    expect((await db.store.featureSets.markReady('stale', result, { owner: 'dead' })).status).toBe('computing');

    const failed = await db.store.featureSets.markFailed('stale', 'out of memory', { owner: 'alive' });
    expect(failed).toMatchObject({ status: 'failed', error: 'out of memory' });
    const reclaimed = await db.store.featureSets.claim('stale', meta, { owner: 'next' });
    expect(reclaimed.state).toBe('claimed');
    expect(reclaimed.featureSet.error).toBeNull();
    await db.store.featureSets.markReady('stale', result, { owner: 'next' });
    expect((await db.store.featureSets.markFailed('stale', 'late failure')).status).toBe('ready');
  });

  it('lists by dataset and representation; unknown key names the key', async () => {
    const list = await db.store.featureSets.list({ datasetId: meta.datasetId, representation: 'mel' });
    expect(list.length).toBeGreaterThanOrEqual(3);
    await expect(db.store.featureSets.incrementReuse('nope')).rejects.toThrow();
    await expect(db.store.featureSets.getOrThrow('nope')).rejects.toThrow(/feature set nope not found/);
  });
});
