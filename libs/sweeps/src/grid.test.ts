import { describe, expect, it } from 'vitest';
import { batchTrials, dryRun, expandTrials, parseSweepSpec, trialKey, type SweepSpec } from './index.js';

const spec = (grid: Record<string, unknown>, more: Record<string, unknown> = {}): SweepSpec =>
  parseSweepSpec({ name: 'g', dataset: { format: 'iemocap', root: '/d' }, grid, wav2vecWeights: '/w.bin', ...more });

describe('expandTrials: grid search', () => {
  it('is the cartesian product, representation outermost and fcLayers innermost, in spec order', () => {
    const { trials, dropped } = expandTrials(spec({ representation: ['mfcc', 'melspec'], model: ['lstm'], lr: [1e-3, 1e-4], seqLen: [50, 100], fcLayers: [3, 2] }));
    expect(dropped).toEqual([]);
    expect(trials).toHaveLength(16);
    expect(trials.map((t) => t.index)).toEqual([...Array(16).keys()]);
    const p = trials.map((t) => [t.params.representation, t.params.lr, t.params.seqLen, t.params.fcLayers].join(' '));
    expect(p.slice(0, 5)).toEqual(['mfcc 0.001 50 3', 'mfcc 0.001 50 2', 'mfcc 0.001 100 3', 'mfcc 0.001 100 2', 'mfcc 0.0001 50 3']);
    expect(p[8]).toBe('melspec 0.001 50 3');
    expect(new Set(trials.map((t) => t.key)).size).toBe(16);
  });

  it('keys are stable (same params → same key in any sweep) and 16 hex chars', () => {
    const a = expandTrials(spec({ representation: ['mfcc'], model: ['lstm'], lr: [1e-3] })).trials[0];
    const b = expandTrials(spec({ representation: ['melspec', 'mfcc'], model: ['lstm'], lr: [1e-4, 1e-3] }, { seed: 7 })).trials[3];
    expect(b.params).toEqual(a.params);
    expect(b.key).toBe(a.key);
    expect(a.key).toMatch(/^[0-9a-f]{16}$/);
    expect(trialKey({ representation: 'mfcc', model: 'lstm', lr: 0.001, seqLen: 100, fcLayers: 2 })).toBe(a.key);
    // pinned: a change in the key derivation would orphan every stored trial
    expect(a.key).toBe(trialKey(a.params));
    expect(a.key).toMatchInlineSnapshot(`"b726d8765799e0a6"`);
  });

  it('drops invalid model × representation pairs with a reason, and collapses ignored axes', () => {
    const { trials, dropped } = expandTrials(
      spec({ representation: ['pooled', 'mfcc'], model: ['mlp', 'lstm', 'q2l'], lr: [1e-3], seqLen: [50, 100], fcLayers: [2, 3] }),
    );
    // pooled×mlp: 1 (seqLen, fcLayers ignored); mfcc×lstm: 4; mfcc×q2l: 2 (fcLayers ignored)
    expect(trials.map((t) => `${t.params.representation}/${t.params.model}/${t.params.seqLen}/${t.params.fcLayers}`)).toEqual([
      'pooled/mlp/null/null',
      'mfcc/lstm/50/2',
      'mfcc/lstm/50/3',
      'mfcc/lstm/100/2',
      'mfcc/lstm/100/3',
      'mfcc/q2l/50/null',
      'mfcc/q2l/100/null',
    ]);
    const invalid = dropped.filter((d) => d.kind === 'invalid');
    const dup = dropped.filter((d) => d.kind === 'duplicate');
    expect(invalid).toHaveLength(12); // pooled×lstm 4, pooled×q2l 4, mfcc×mlp 4
    expect(invalid.length + dup.length + trials.length).toBe(2 * 3 * 2 * 2);
    expect(dup).toHaveLength(3 + 2);
    expect(dup[0].reason).toBe('mlp ignores seqLen and fcLayers: same trial as seqLen=50, fcLayers=2');
    const withMlpMfcc = expandTrials(spec({ representation: ['mfcc'], model: ['mlp', 'lstm'] }));
    expect(withMlpMfcc.dropped).toEqual([
      { params: { representation: 'mfcc', model: 'mlp', lr: 1e-3, seqLen: 100, fcLayers: 2 }, kind: 'invalid', reason: 'mlp takes pooled features only (representation is mfcc; use pooled)' },
    ]);
  });
});

describe('expandTrials: random search', () => {
  const grid = { representation: ['mfcc', 'melspec', 'spectrogram'], model: ['lstm'], lr: [1e-2, 1e-3, 1e-4, 1e-5], seqLen: [10, 50, 100, 150, 200], fcLayers: [2, 3] }; // 120 points

  it('draws distinct points deterministically from the seed, listed in grid order', () => {
    const a = expandTrials(spec(grid, { search: { kind: 'random', samples: 10 }, seed: 5 }));
    const b = expandTrials(spec(grid, { search: { kind: 'random', samples: 10 }, seed: 5 }));
    expect(a).toEqual(b);
    expect(a.trials).toHaveLength(10);
    expect(new Set(a.trials.map((t) => t.key)).size).toBe(10);
    const all = expandTrials(spec(grid)).trials.map((t) => t.key);
    const positions = a.trials.map((t) => all.indexOf(t.key));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
    expect(a.trials.map((t) => t.index)).toEqual([...Array(10).keys()]);
  });

  it('search.seed overrides spec.seed; different seeds give different draws', () => {
    const s1 = expandTrials(spec(grid, { search: { kind: 'random', samples: 10, seed: 5 }, seed: 99 }));
    const s2 = expandTrials(spec(grid, { search: { kind: 'random', samples: 10 }, seed: 5 }));
    const s3 = expandTrials(spec(grid, { search: { kind: 'random', samples: 10 }, seed: 6 }));
    expect(s1.trials).toEqual(s2.trials);
    expect(s3.trials.map((t) => t.key)).not.toEqual(s2.trials.map((t) => t.key));
  });

  it('never returns more than the grid size, and more samples only add points', () => {
    const over = expandTrials(spec(grid, { search: { kind: 'random', samples: 500 } }));
    expect(over.trials).toEqual(expandTrials(spec(grid)).trials);
    const small = new Set(expandTrials(spec(grid, { search: { kind: 'random', samples: 7 } })).trials.map((t) => t.key));
    const big = new Set(expandTrials(spec(grid, { search: { kind: 'random', samples: 20 } })).trials.map((t) => t.key));
    for (const k of small) expect(big.has(k)).toBe(true);
    expect(dryRun(spec(grid, { search: { kind: 'random', samples: 500 } })).notes.join(' ')).toContain('only 120 valid trials');
  });

  it('samples only among valid, de-duplicated points', () => {
    const { trials } = expandTrials(spec({ representation: ['pooled', 'mfcc'], model: ['mlp', 'q2l'], fcLayers: [2, 3] }, { search: { kind: 'random', samples: 10 } }));
    expect(trials.map((t) => `${t.params.representation}/${t.params.model}`)).toEqual(['pooled/mlp', 'mfcc/q2l']);
  });
});

describe('dryRun and batching', () => {
  it('counts trials × folds and lists the feature sets needed with their overrides', () => {
    const s = spec({ representation: ['mfcc', 'melspec', 'pooled'], model: ['lstm', 'mlp'], lr: [1e-3, 1e-4] }, { features: { mfcc: { n_mfcc: 20 } } });
    const r = dryRun(s);
    expect(r).toMatchObject({ trials: 6, folds: 5, foldRuns: 30, gridSize: 12 });
    expect(r.featureSets).toEqual([
      { representation: 'mfcc', params: { n_mfcc: 20 } },
      { representation: 'melspec', params: {} },
      { representation: 'pooled', params: {} },
    ]);
    expect(r.dropped).toHaveLength(6);
    expect(r.notes.join('\n')).toContain('assuming 5 groups');
    const known = dryRun(s, ['Ses1', 'Ses2', 'Ses3'], { secondsPerEpoch: 2 });
    expect(known).toMatchObject({ folds: 3, foldRuns: 18, heldOut: ['Ses1', 'Ses2', 'Ses3'], estimatedSeconds: (18 * 30 * 2) / 2 });
    expect(known.notes.join('\n')).not.toContain('assuming');
    const kf = dryRun(spec({ representation: ['mfcc'], model: ['lstm'] }, { cv: { strategy: 'group-k-fold', k: 4, folds: ['fold-2'] } }));
    expect(kf).toMatchObject({ trials: 1, folds: 1, foldRuns: 1 });
  });

  it('expands 1,000 trials × 5 folds (counts only)', () => {
    const lr = Array.from({ length: 20 }, (_, i) => 1e-5 * (i + 1));
    const seqLen = Array.from({ length: 25 }, (_, i) => 10 * (i + 1));
    const s = spec({ representation: ['mfcc', 'melspec'], model: ['lstm'], lr, seqLen, fcLayers: [2] });
    const groups = ['Session1', 'Session2', 'Session3', 'Session4', 'Session5'];
    const r = dryRun(s, groups);
    expect(r).toMatchObject({ trials: 1000, folds: 5, foldRuns: 5000 });
    const { trials } = expandTrials(s);
    expect(new Set(trials.map((t) => t.key)).size).toBe(1000);
    const batches = batchTrials(trials, 64);
    expect(batches).toHaveLength(16);
    expect(batches.at(-1)).toHaveLength(1000 - 15 * 64);
    expect(batches.flat()).toEqual(trials);
  });

  it('batchTrials rejects a bad batch size', () => {
    expect(batchTrials([], 3)).toEqual([]);
    expect(() => batchTrials([1], 0)).toThrow(RangeError);
  });
});
