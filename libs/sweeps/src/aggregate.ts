/** Trial aggregates (decision 7): mean ± sample std over folds. Pure. */

export interface FoldMetrics {
  ua: number;
  wa: number;
  macroF1: number;
}

export interface FoldAggregate {
  mean: FoldMetrics;
  /** Sample standard deviation (n − 1); 0 when n = 1. */
  std: FoldMetrics;
  n: number;
}

const KEYS = ['ua', 'wa', 'macroF1'] as const;

/** Mean and sample std (n − 1) of each metric over folds. Throws RangeError on no folds or non-finite values. */
export function aggregateFolds(folds: readonly FoldMetrics[]): FoldAggregate {
  const n = folds.length;
  if (n === 0) throw new RangeError('aggregateFolds: no folds to aggregate');
  const mean = { ua: 0, wa: 0, macroF1: 0 };
  const std = { ua: 0, wa: 0, macroF1: 0 };
  for (const k of KEYS) {
    let sum = 0;
    folds.forEach((f, i) => {
      const v = f[k];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`aggregateFolds: folds[${i}].${k} is not a finite number (${v})`);
      sum += v;
    });
    const m = sum / n;
    let ss = 0;
    for (const f of folds) ss += (f[k] - m) ** 2;
    mean[k] = m;
    std[k] = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  }
  return { mean, std, n };
}
