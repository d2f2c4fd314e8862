import { describe, expect, it } from 'vitest';
import { aggregate, computeMetrics } from '../src/index.js';

describe('computeMetrics', () => {
  it('matches a hand-computed 3-class confusion matrix', () => {
    // true:  a a a b b c
    // pred:  a a b b c c
    const m = computeMetrics([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2], ['a', 'b', 'c']);
    expect(m.confusion).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
    expect(m.wa).toBeCloseTo(4 / 6, 12);
    // recalls 2/3, 1/2, 1
    expect(m.ua).toBeCloseTo((2 / 3 + 1 / 2 + 1) / 3, 12);
    // precisions 1, 1/2, 1/2 → F1 0.8, 0.5, 2/3
    expect(m.perClass.map((p) => p.precision)).toEqual([1, 0.5, 0.5]);
    expect(m.perClass.map((p) => p.support)).toEqual([3, 2, 1]);
    expect(m.perClass[0].f1).toBeCloseTo(0.8, 12);
    expect(m.perClass[2].f1).toBeCloseTo(2 / 3, 12);
    expect(m.macroF1).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 12);
    expect(m.perClass.map((p) => p.label)).toEqual(['a', 'b', 'c']);
  });

  it('UA averages over classes present in yTrue; macro-F1 over classes present or predicted', () => {
    // c is predicted once but never true; d neither.
    const m = computeMetrics([0, 0, 1, 1], [0, 2, 1, 1], ['a', 'b', 'c', 'd']);
    expect(m.ua).toBeCloseTo((0.5 + 1) / 2, 12);
    expect(m.perClass[2]).toEqual({ label: 'c', precision: 0, recall: 0, f1: 0, support: 0 });
    expect(m.macroF1).toBeCloseTo((2 / 3 + 1 + 0) / 3, 12);
    expect(m.wa).toBe(0.75);
  });

  it('a perfect and an all-wrong classifier', () => {
    expect(computeMetrics([0, 1, 1], [0, 1, 1], ['x', 'y'])).toMatchObject({ wa: 1, ua: 1, macroF1: 1 });
    expect(computeMetrics([0, 1], [1, 0], ['x', 'y'])).toMatchObject({ wa: 0, ua: 0, macroF1: 0 });
  });

  it('rejects inconsistent inputs, naming them', () => {
    expect(() => computeMetrics([0, 1], [0], ['x', 'y'])).toThrow(/yPred: has 1 entries but yTrue has 2/);
    expect(() => computeMetrics([0, 2], [0, 1], ['x', 'y'])).toThrow(/yTrue: class index 2 is outside 0…1/);
    expect(() => computeMetrics([0], [0], [])).toThrow(/labels/);
  });
});

describe('aggregate', () => {
  it('mean and sample standard deviation (n − 1) over folds', () => {
    const r = aggregate([
      { wa: 0.5, ua: 0.4, macroF1: 0.3 },
      { wa: 0.6, ua: 0.4, macroF1: 0.5 },
      { wa: 0.7, ua: 0.4, macroF1: 0.7 },
    ]);
    expect(r.mean.wa).toBeCloseTo(0.6, 12);
    expect(r.std.wa).toBeCloseTo(0.1, 12);
    expect(r.std.ua).toBeCloseTo(0, 12);
    expect(r.std.macroF1).toBeCloseTo(0.2, 12);
    expect(aggregate([{ wa: 0.5, ua: 0.5, macroF1: 0.5 }]).std).toEqual({ wa: 0, ua: 0, macroF1: 0 });
    expect(() => aggregate([])).toThrow(/folds/);
  });
});
