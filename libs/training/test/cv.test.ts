import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@emosweep/backend';
import { aggregate, crossValidate, type FoldResult } from '../src/index.js';
import { LABELS4, synthetic } from './synthetic.js';

beforeAll(async () => {
  await initBackend();
});

const samples = synthetic({ dims: 5, groups: 3, perClass: 3 });
const opts = {
  samples,
  labels: LABELS4,
  model: { kind: 'mlp' as const, inputDim: 5, numClasses: 4, hiddenUnits: 16 },
  lr: 1e-2,
  epochs: 6,
  batchSize: 8,
  seed: 5,
};

describe('crossValidate', () => {
  it('runs one fold per group and aggregates them', async () => {
    const seen: FoldResult[] = [];
    const r = await crossValidate({ ...opts, onFold: (f) => void seen.push(f) });
    expect(r.folds.map((f) => f.heldOut)).toEqual(['Session1', 'Session2', 'Session3']);
    expect(seen).toEqual(r.folds);
    expect({ mean: r.mean, std: r.std }).toEqual(aggregate(r.folds));
    for (const f of r.folds) {
      expect(f.confusion.flat().reduce((a, b) => a + b, 0)).toBe(samples.filter((s) => s.group === f.heldOut).length);
      expect(f.ua).toBeGreaterThan(0.7);
    }
    expect(new Set(r.folds.map((f) => f.seed)).size).toBe(3);
  });

  it('runs a subset of folds and rejects unknown ones', async () => {
    const epochs: string[] = [];
    const r = await crossValidate({ ...opts, epochs: 2, folds: ['Session2'], onEpoch: (m) => void epochs.push(`${m.heldOut}:${m.epoch}`) });
    expect(r.folds.map((f) => f.heldOut)).toEqual(['Session2']);
    expect(epochs).toEqual(['Session2:1', 'Session2:2']);
    expect(r.std).toEqual({ wa: 0, ua: 0, macroF1: 0 });
    await expect(crossValidate({ ...opts, folds: ['Session9'] })).rejects.toThrow(/folds: unknown group\(s\) Session9/);
  });
});
