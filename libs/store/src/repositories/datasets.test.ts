import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { datasetInput } from '../../test/fixtures.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

describe('DatasetRepository', () => {
  it('upsertWithUtterances twice leaves one dataset and one row per utterance', async () => {
    const input = datasetInput();
    const first = await db.store.datasets.upsertWithUtterances(input);
    const second = await db.store.datasets.upsertWithUtterances(input);
    expect(first).toMatchObject({ created: true, utterancesInserted: 6 });
    expect(second).toMatchObject({ created: false, utterancesInserted: 0 });
    expect(second.dataset).toEqual(first.dataset);
    expect(await db.store.prisma.dataset.count({ where: { version: input.version } })).toBe(1);
    expect(await db.store.prisma.utterance.count({ where: { datasetId: first.dataset.id } })).toBe(6);
    expect(first.dataset.labels).toEqual(['neu', 'hap', 'sad', 'ang']);
    expect(first.dataset.counts).toEqual({ neu: 2, hap: 2, sad: 1, ang: 1 });
  });

  it('completes an import that died half-way (missing utterances are added, none duplicated)', async () => {
    const input = datasetInput();
    await db.store.datasets.upsertWithUtterances({ ...input, utterances: input.utterances.slice(0, 2) });
    const again = await db.store.datasets.upsertWithUtterances(input);
    expect(again.utterancesInserted).toBe(4);
    expect(await db.store.datasets.utterances(again.dataset.id)).toHaveLength(6);
  });

  it('concurrent imports of the same version converge on one row', async () => {
    const input = datasetInput({
      utterances: Array.from({ length: 2000 }, (_, i) => ({ uttId: `c${i}`, group: `S${i % 5}`, speaker: 'sp', label: 'neu', path: `${i}.wav`, durationSec: 1 })),
    });
    const results = await Promise.all([1, 2, 3, 4].map(() => db.store.datasets.upsertWithUtterances(input)));
    expect(new Set(results.map((r) => r.dataset.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await db.store.prisma.utterance.count({ where: { datasetId: results[0].dataset.id } })).toBe(2000);
  });

  it('a new content version is a new dataset row; lookups by key, group and name', async () => {
    const v1 = await db.store.datasets.upsertWithUtterances(datasetInput({ name: 'iemocap', format: 'iemocap', version: 'h1' }));
    const v2 = await db.store.datasets.upsertWithUtterances(datasetInput({ name: 'iemocap', format: 'iemocap', version: 'h2' }));
    expect(v2.dataset.id).not.toBe(v1.dataset.id);
    expect((await db.store.datasets.findByKey({ format: 'iemocap', root: '/tmp/synthetic', classes: '4class', version: 'h1' }))?.id).toBe(v1.dataset.id);
    expect((await db.store.datasets.list({ name: 'iemocap' })).map((d) => d.version).sort()).toEqual(['h1', 'h2']);
    expect((await db.store.datasets.utterances(v1.dataset.id, { group: 'Session2' })).map((u) => u.group)).toEqual(['Session2', 'Session2']);
  });

  it('imports 10,000 utterances in one call', async () => {
    const input = datasetInput({
      utterances: Array.from({ length: 10_000 }, (_, i) => ({ uttId: `u${i}`, group: `S${i % 5}`, speaker: `sp${i % 10}`, label: 'neu', path: `${i}.wav`, durationSec: 2 })),
    });
    const t0 = Date.now();
    const { utterancesInserted } = await db.store.datasets.upsertWithUtterances(input);
    expect(utterancesInserted).toBe(10_000);
    expect(Date.now() - t0).toBeLessThan(30_000);
  });

  it('getOrThrow names the missing dataset', async () => {
    await expect(db.store.datasets.getOrThrow('00000000-0000-0000-0000-000000000000')).rejects.toThrow(/dataset 0{8}-.* not found/);
  });
});
