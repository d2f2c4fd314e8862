/** Dry run: what a sweep would do, without doing it. Pure; fast for 1,000 trials × 5 folds. */
import { SpecError } from './errors.js';
import type { DroppedTrial } from './grid.js';
import { expandTrials } from './grid.js';
import { neededFeatureSets, type FeatureSetNeed } from './features.js';
import { planSweepFolds } from './folds.js';
import type { SweepSpec } from './schema.js';

/** Folds assumed for leave-one-group-out when the dataset's groups are not known yet (IEMOCAP: 5 sessions). */
export const ASSUMED_GROUPS = 5;

export interface DryRunOptions {
  /** Seconds one epoch of one fold takes, to estimate wall time (foldRuns × epochs × this / maxConcurrentFolds). */
  secondsPerEpoch?: number;
  /** Utterances per group, passed to planFolds for group-k-fold balancing. */
  counts?: Record<string, number>;
}

export interface DryRun {
  trials: number;
  folds: number;
  /** trials × folds. */
  foldRuns: number;
  featureSets: FeatureSetNeed[];
  dropped: DroppedTrial[];
  /** Points in the full cartesian product, before dropping and sampling. */
  gridSize: number;
  /** Held-out groups, when known (group names, or fold-i for group-k-fold). */
  heldOut?: string[];
  /** Upper bound: early stopping can only shorten it. */
  estimatedSeconds?: number;
  notes: string[];
}

/** Count trials, folds and fold runs and list the feature sets a sweep needs. Throws SpecError on bad fold names. */
export function dryRun(spec: SweepSpec, groups?: readonly string[], opts: DryRunOptions = {}): DryRun {
  const { trials, dropped } = expandTrials(spec);
  const notes: string[] = [];
  const gridSize = spec.grid.representation.length * spec.grid.model.length * spec.grid.lr.length * spec.grid.seqLen.length * spec.grid.fcLayers.length;
  const invalid = dropped.filter((d) => d.kind === 'invalid').length;
  const dup = dropped.length - invalid;
  if (invalid) notes.push(`${invalid} invalid combination${invalid === 1 ? '' : 's'} dropped (mlp runs on pooled features only, and pooled only with mlp)`);
  if (dup) notes.push(`${dup} duplicate${dup === 1 ? '' : 's'} collapsed (mlp ignores seqLen and fcLayers; q2l ignores fcLayers)`);
  if (spec.search.kind === 'random' && spec.search.samples > trials.length) {
    notes.push(`random search asked for ${spec.search.samples} samples but the grid has only ${trials.length} valid trials: all of them run`);
  }

  let folds: number;
  let heldOut: string[] | undefined;
  if (groups) {
    const plans = planSweepFolds(spec, groups, opts.counts);
    folds = plans.length;
    heldOut = plans.map((p) => p.heldOut);
  } else if (spec.cv.strategy === 'group-k-fold') {
    folds = spec.cv.folds?.length ?? spec.cv.k;
    notes.push('dataset groups not known: fold names are checked when the sweep starts');
  } else {
    folds = spec.cv.folds?.length ?? ASSUMED_GROUPS;
    notes.push(
      spec.cv.folds
        ? 'dataset groups not known: fold names are checked when the sweep starts'
        : `dataset groups not known: assuming ${ASSUMED_GROUPS} groups (IEMOCAP sessions) for leave-one-group-out`,
    );
  }

  const foldRuns = trials.length * folds;
  const out: DryRun = { trials: trials.length, folds, foldRuns, featureSets: neededFeatureSets(spec, trials), dropped, gridSize, notes };
  if (heldOut) out.heldOut = heldOut;
  if (opts.secondsPerEpoch !== undefined && opts.secondsPerEpoch >= 0) {
    out.estimatedSeconds = (foldRuns * spec.training.epochs * opts.secondsPerEpoch) / spec.maxConcurrentFolds;
  }
  return out;
}

/** Limits an operator can put on a sweep (configured in the API/CLI, not in the spec). */
export interface SweepCaps {
  maxTrials?: number;
  maxFoldRuns?: number;
}

/** Throws SpecError when a dry run exceeds the configured caps ("too many trials"). */
export function assertWithinCaps(run: Pick<DryRun, 'trials' | 'foldRuns'>, caps: SweepCaps): void {
  const issues = [];
  if (caps.maxTrials !== undefined && run.trials > caps.maxTrials) {
    issues.push({ path: 'grid', segments: ['grid'], message: `the sweep has ${run.trials} trials, over the configured cap of ${caps.maxTrials}; narrow the grid or use search: { kind: random, samples: ${caps.maxTrials} }` });
  }
  if (caps.maxFoldRuns !== undefined && run.foldRuns > caps.maxFoldRuns) {
    issues.push({ path: 'cv', segments: ['cv'], message: `the sweep has ${run.foldRuns} fold runs (trials × folds), over the configured cap of ${caps.maxFoldRuns}; narrow the grid or use cv.folds` });
  }
  if (issues.length) throw new SpecError(issues);
}
