import { InputError } from '@emosweep/common';
import { deriveSeed } from '@emosweep/models';
import { leaveOneGroupOut } from './folds.js';
import { aggregate, type ClassMetrics, type MetricTriple } from './metrics.js';
import { trainFold } from './train.js';
import type { EpochRecord, Sample, TrainFoldOptions } from './types.js';

export interface FoldResult extends MetricTriple {
  heldOut: string;
  confusion: number[][];
  perClass: ClassMetrics[];
  bestEpoch: number;
  stoppedEarly: boolean;
  epochs: EpochRecord[];
  seed: number;
}

export interface CrossValidateOptions extends Omit<TrainFoldOptions, 'train' | 'test' | 'onEpoch' | 'onCheckpoint' | 'resume'> {
  samples: Sample[];
  /** Held-out groups to run (a subset of the samples' groups); default: every group. */
  folds?: string[];
  onFold?: (fold: FoldResult) => void | Promise<void>;
  onEpoch?: (m: EpochRecord & { heldOut: string }) => void | Promise<void>;
}

export interface CrossValidateResult {
  folds: FoldResult[];
  mean: MetricTriple;
  std: MetricTriple;
}

/**
 * In-process leave-one-group-out cross-validation: one `trainFold` per held-out group (train =
 * every other group; validation drawn from those inside trainFold), fold seed =
 * deriveSeed(seed, 'fold', heldOut), then mean and sample std over the folds run.
 */
export async function crossValidate(opts: CrossValidateOptions): Promise<CrossValidateResult> {
  const { samples, folds: subset, onFold, onEpoch, ...rest } = opts;
  if (!Array.isArray(samples) || samples.length === 0) throw new InputError('samples', 'no samples');
  let plan = leaveOneGroupOut(samples.map((s) => s.group));
  if (subset) {
    const known = new Set(plan.map((p) => p.heldOut));
    const unknown = subset.filter((g) => !known.has(g));
    if (unknown.length) throw new InputError('folds', `unknown group(s) ${unknown.join(', ')} (groups: ${[...known].join(', ')})`);
    plan = plan.filter((p) => subset.includes(p.heldOut));
  }
  const results: FoldResult[] = [];
  for (const { heldOut } of plan) {
    const seed = deriveSeed(opts.seed, 'fold', heldOut);
    const r = await trainFold({
      ...rest,
      seed,
      train: samples.filter((s) => s.group !== heldOut),
      test: samples.filter((s) => s.group === heldOut),
      onEpoch: onEpoch ? (m) => onEpoch({ ...m, heldOut }) : undefined,
    });
    const fold: FoldResult = {
      heldOut,
      wa: r.metrics.wa,
      ua: r.metrics.ua,
      macroF1: r.metrics.macroF1,
      confusion: r.metrics.confusion,
      perClass: r.metrics.perClass,
      bestEpoch: r.bestEpoch,
      stoppedEarly: r.stoppedEarly,
      epochs: r.epochs,
      seed,
    };
    results.push(fold);
    await onFold?.(fold);
  }
  return { folds: results, ...aggregate(results) };
}
