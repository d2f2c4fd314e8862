export function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

/** Sample standard deviation (n − 1), 0 for one value. */
export function std(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}

export interface BandPoint {
  x: number;
  mean: number;
  lo: number;
  hi: number;
  n: number;
}

/** Per-x mean ± std across series (folds that stopped early simply stop contributing). */
export function band(series: readonly { x: number; y: number | null | undefined }[][]): BandPoint[] {
  const byX = new Map<number, number[]>();
  for (const s of series) for (const p of s) if (p.y !== null && p.y !== undefined && Number.isFinite(p.y)) byX.set(p.x, [...(byX.get(p.x) ?? []), p.y]);
  return [...byX.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([x, ys]) => {
      const m = mean(ys);
      const s = std(ys);
      return { x, mean: m, lo: m - s, hi: m + s, n: ys.length };
    });
}

/** Confusion matrix helpers: matrices are rows = true label, columns = predicted. */
export function toMatrix(v: unknown): number[][] | undefined {
  if (Array.isArray(v) && v.every((r) => Array.isArray(r))) return v.map((r) => (r as unknown[]).map((x) => Number(x) || 0));
  if (v && typeof v === 'object') {
    const o = v as { matrix?: unknown; counts?: unknown };
    return toMatrix(o.matrix ?? o.counts);
  }
  return undefined;
}

export function confusionLabels(v: unknown): string[] | undefined {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const l = (v as { labels?: unknown }).labels;
    if (Array.isArray(l)) return l.map(String);
  }
  return undefined;
}

export function sumMatrices(ms: readonly number[][][]): number[][] | undefined {
  if (!ms.length) return undefined;
  const n = ms[0].length;
  const out = Array.from({ length: n }, (_, i) => Array.from({ length: ms[0][i].length }, () => 0));
  for (const m of ms) m.forEach((r, i) => r.forEach((x, j) => (out[i] && out[i][j] !== undefined ? (out[i][j] += x) : undefined)));
  return out;
}

export function rowNormalise(m: readonly number[][]): number[][] {
  return m.map((r) => {
    const s = r.reduce((a, b) => a + b, 0);
    return r.map((x) => (s ? x / s : 0));
  });
}
