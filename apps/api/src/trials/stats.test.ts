import { describe, expect, it } from 'vitest';
import { pairedT, wilcoxonSignedRank } from './stats.js';

// Reference values: SciPy 1.17.1 (scipy.stats.ttest_rel, t.ppf, wilcoxon(method='exact')).
describe('paired statistics', () => {
  const a = [0.61, 0.58, 0.64, 0.55, 0.6];
  const b = [0.57, 0.59, 0.6, 0.5, 0.56];
  const d = a.map((x, i) => x - b[i]);

  it('paired t-test and 95 % CI match SciPy', () => {
    const r = pairedT(d);
    expect(r.t).toBeCloseTo(2.9970745970614203, 10);
    expect(r.df).toBe(4);
    expect(r.pValue).toBeCloseTo(0.040057385614765344, 10);
    expect(r.mean).toBeCloseTo(0.032, 12);
    expect(r.sd).toBeCloseTo(0.023874672772626653, 12);
    expect(r.ci!.low).toBeCloseTo(0.00235567834933385, 10);
    expect(r.ci!.high).toBeCloseTo(0.06164432165066616, 10);
  });

  it('exact Wilcoxon signed-rank p-value matches SciPy', () => {
    const r = wilcoxonSignedRank(d);
    expect(r.n).toBe(5);
    expect(r.wPlus).toBe(14); // W- = 1 (SciPy reports min(W+, W-) = 1)
    expect(r.pValue).toBeCloseTo(0.125, 12);
  });

  it('Wilcoxon: all positive gives the smallest p = 2 / 2^n; ties are averaged; zeros dropped', () => {
    expect(wilcoxonSignedRank([1, 2, 3, 4, 5]).pValue).toBeCloseTo(2 / 32, 12);
    const tied = wilcoxonSignedRank([0.1, 0.1, -0.1, 0.2]);
    // ranks of |d|: 0.1 ×3 → 2 each, 0.2 → 4; W+ = 2 + 2 + 4 = 8 of 10; P(W+ ≥ 8) = 4/16 → p = 0.5
    expect(tied.wPlus).toBe(8);
    expect(tied.pValue).toBeCloseTo(0.5, 12);
    const z = wilcoxonSignedRank([0, 1, 2]);
    expect(z.n).toBe(2);
    expect(z.note).toMatch(/1 zero difference dropped/);
  });

  it('degenerate inputs say why there is no test', () => {
    expect(pairedT([]).note).toMatch(/no fold/);
    expect(pairedT([0.1]).pValue).toBeNull();
    expect(pairedT([0.1, 0.1, 0.1]).t).toBeNull();
  });
});
