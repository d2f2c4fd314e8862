/**
 * Paired tests for comparing two trials over the same folds. The t distribution comes from stdlib
 * (@stdlib/stats-base-dists-t-*); the Wilcoxon signed-rank null distribution is counted exactly
 * (2^n sign assignments, by dynamic programming over the ranks).
 */
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export interface PairedTResult {
  n: number;
  mean: number | null;
  sd: number | null;
  t: number | null;
  df: number | null;
  pValue: number | null;
  ci: { level: number; low: number; high: number } | null;
  note: string | null;
}

/** Paired t-test (two-sided) and the t-based confidence interval of the mean difference. */
export function pairedT(diffs: readonly number[], level = 0.95): PairedTResult {
  const n = diffs.length;
  if (n === 0) return { n, mean: null, sd: null, t: null, df: null, pValue: null, ci: null, note: 'no fold completed by both trials' };
  const mean = diffs.reduce((s, d) => s + d, 0) / n;
  if (n < 2) return { n, mean, sd: null, t: null, df: null, pValue: null, ci: null, note: 'one paired fold: no variance, no test' };
  const sd = Math.sqrt(diffs.reduce((s, d) => s + (d - mean) ** 2, 0) / (n - 1));
  const df = n - 1;
  const se = sd / Math.sqrt(n);
  if (!(se > 1e-15 * Math.max(1, Math.abs(mean)))) {
    return {
      n,
      mean,
      sd,
      t: null,
      df,
      pValue: mean === 0 ? 1 : null,
      ci: { level, low: mean, high: mean },
      note: 'every fold has the same difference: the t statistic is undefined',
    };
  }
  const t = mean / se;
  const pValue = Math.min(1, 2 * tCdf(-Math.abs(t), df));
  const q = tQuantile(1 - (1 - level) / 2, df);
  return { n, mean, sd, t, df, pValue, ci: { level, low: mean - q * se, high: mean + q * se }, note: null };
}

export interface WilcoxonResult {
  /** Non-zero differences used. */
  n: number;
  /** W+: sum of the ranks of the positive differences. */
  wPlus: number | null;
  pValue: number | null;
  note: string | null;
}

/** |d| rounded to 12 significant digits, so that float noise (0.6 − 0.5 vs 0.5 − 0.4) does not break ties. */
const magnitude = (d: number) => Number(Math.abs(d).toPrecision(12));

/** Wilcoxon signed-rank test, two-sided, exact: zero differences dropped, tied ranks averaged. */
export function wilcoxonSignedRank(diffs: readonly number[]): WilcoxonResult {
  const nonZero = diffs.filter((d) => magnitude(d) !== 0);
  const zeros = diffs.length - nonZero.length;
  const n = nonZero.length;
  if (n === 0) return { n, wPlus: null, pValue: diffs.length ? 1 : null, note: diffs.length ? 'every paired difference is zero' : 'no fold completed by both trials' };
  if (n > 60) return { n, wPlus: null, pValue: null, note: 'more than 60 paired folds: the exact distribution is not computed' };
  // average ranks of |d| (ties share the mean of their positions), kept doubled to stay integral
  const order = nonZero.map((d, i) => ({ m: magnitude(d), pos: d > 0, i })).sort((x, y) => x.m - y.m);
  const rank2 = new Array<number>(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && order[j + 1].m === order[i].m) j++;
    const r2 = i + 1 + j + 1; // 2 × mean of ranks i+1 … j+1
    for (let k = i; k <= j; k++) rank2[k] = r2;
    i = j + 1;
  }
  const w2 = order.reduce((s, o, k) => s + (o.pos ? rank2[k] : 0), 0);
  // counts[s] = number of sign assignments with doubled W+ = s
  const total2 = rank2.reduce((s, r) => s + r, 0);
  let counts = new Float64Array(total2 + 1);
  counts[0] = 1;
  for (const r of rank2) {
    const next = new Float64Array(total2 + 1);
    for (let s = 0; s <= total2; s++) {
      if (!counts[s]) continue;
      next[s] += counts[s];
      next[s + r] += counts[s];
    }
    counts = next;
  }
  const all = 2 ** n;
  let le = 0;
  let ge = 0;
  for (let s = 0; s <= total2; s++) {
    if (s <= w2) le += counts[s];
    if (s >= w2) ge += counts[s];
  }
  const pValue = Math.min(1, (2 * Math.min(le, ge)) / all);
  const notes = [];
  if (zeros) notes.push(`${zeros} zero difference${zeros === 1 ? '' : 's'} dropped`);
  if (n < 6) notes.push(`with ${n} paired folds the smallest possible two-sided p-value is ${(2 / all).toFixed(4)}`);
  return { n, wPlus: w2 / 2, pValue, note: notes.length ? notes.join('; ') : null };
}
