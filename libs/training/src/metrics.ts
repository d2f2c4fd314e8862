import { InputError } from '@emosweep/common';

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Metrics {
  /** Weighted accuracy: fraction of utterances classified correctly. */
  wa: number;
  /** Unweighted accuracy: mean per-class recall over the classes present in yTrue (sklearn's balanced_accuracy_score). */
  ua: number;
  /** Mean per-class F1 over the classes present in yTrue or yPred (sklearn's f1_score(average='macro')). */
  macroF1: number;
  perClass: ClassMetrics[];
  /** confusion[i][j] = utterances of true class i predicted as class j. */
  confusion: number[][];
}

export interface MetricTriple {
  wa: number;
  ua: number;
  macroF1: number;
}

/**
 * Metrics from class indices. A class with no prediction has precision 0, one with no
 * utterance recall 0 (sklearn's zero_division=0); F1 is 0 where precision + recall is 0.
 */
export function computeMetrics(yTrue: readonly number[], yPred: readonly number[], labels: readonly string[]): Metrics {
  if (!Array.isArray(labels) || labels.length === 0) throw new InputError('labels', 'at least one class label is required');
  if (yTrue.length !== yPred.length) throw new InputError('yPred', `has ${yPred.length} entries but yTrue has ${yTrue.length}`);
  const c = labels.length;
  const check = (v: number, name: string) => {
    if (!Number.isInteger(v) || v < 0 || v >= c) throw new InputError(name, `class index ${v} is outside 0…${c - 1} (${c} labels)`);
  };
  const confusion = labels.map(() => new Array<number>(c).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    check(yTrue[i], 'yTrue');
    check(yPred[i], 'yPred');
    confusion[yTrue[i]][yPred[i]]++;
  }
  let correct = 0;
  const perClass: ClassMetrics[] = labels.map((label, k) => {
    const tp = confusion[k][k];
    correct += tp;
    const support = confusion[k].reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[k], 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  const n = yTrue.length;
  const present = perClass.filter((p) => p.support > 0);
  const presentOrPredicted = perClass.filter((p, k) => p.support > 0 || confusion.some((row) => row[k] > 0));
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return {
    wa: n ? correct / n : 0,
    ua: mean(present.map((p) => p.recall)),
    macroF1: mean(presentOrPredicted.map((p) => p.f1)),
    perClass,
    confusion,
  };
}

/** Mean and sample standard deviation (n − 1; 0 for a single fold) of WA, UA and macro-F1 over folds. */
export function aggregate(folds: readonly MetricTriple[]): { mean: MetricTriple; std: MetricTriple } {
  if (!folds.length) throw new InputError('folds', 'no fold metrics to aggregate');
  const keys = ['wa', 'ua', 'macroF1'] as const;
  const mean = {} as MetricTriple;
  const std = {} as MetricTriple;
  for (const k of keys) {
    const xs = folds.map((f) => f[k]);
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    mean[k] = m;
    std[k] = xs.length > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1)) : 0;
  }
  return { mean, std };
}
