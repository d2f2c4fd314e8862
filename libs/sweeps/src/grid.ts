/**
 * Grid expansion: spec → trials. Pure and deterministic.
 *
 * Order: the cartesian product with `representation` outermost, then `model`, `lr`, `seqLen`,
 * and `fcLayers` innermost; each axis in the order the spec lists it. Trial indices are the
 * positions in the resulting list (0-based, contiguous) after invalid combinations are dropped
 * and duplicates collapsed.
 *
 * Axis-combination rule (see README.md):
 * - `mlp` (V0) takes `pooled` features only, and `pooled` features (one vector per utterance)
 *   are only usable by `mlp`: any other pairing is dropped as invalid.
 * - axes a model ignores are `null` in the trial's params: `mlp` ignores `seqLen` and `fcLayers`,
 *   `q2l` ignores `fcLayers`. Grid points that differ only in ignored axes are the same trial and
 *   are collapsed (the first one is kept; the others are reported as duplicates).
 */
import { canonicalJson, sha256Hex } from './hash.js';
import { createPrng, sampleIndices } from './prng.js';
import type { FcLayers, GridSpec, ModelKind, Representation, SweepSpec } from './schema.js';

/** One grid point as a trial runs it. `null` = the model ignores this axis. */
export interface TrialParams {
  representation: Representation;
  model: ModelKind;
  lr: number;
  /** Frames per training crop; `null` for `mlp` (pooled features have no time axis). */
  seqLen: number | null;
  /** Number of FC layers after the LSTM; `null` for `mlp` and `q2l`. */
  fcLayers: FcLayers | null;
}

/** A raw grid point, before ignored axes are nulled. */
export interface GridPoint {
  representation: Representation;
  model: ModelKind;
  lr: number;
  seqLen: number;
  fcLayers: FcLayers;
}

export interface DroppedTrial {
  params: GridPoint;
  kind: 'invalid' | 'duplicate';
  reason: string;
}

export interface TrialPlan {
  /** 0-based position in the sweep's trial list. */
  index: number;
  /** Stable content hash of `params` (16 hex chars of SHA-256 over canonical JSON). */
  key: string;
  params: TrialParams;
}

export interface Expansion {
  trials: TrialPlan[];
  dropped: DroppedTrial[];
}

/** Axes each model ignores. */
export const IGNORED_AXES: Record<ModelKind, readonly ('seqLen' | 'fcLayers')[]> = {
  mlp: ['seqLen', 'fcLayers'],
  lstm: [],
  q2l: ['fcLayers'],
};

/** Why a (representation, model) pair cannot run, or undefined when it can. */
export function comboProblem(representation: Representation, model: ModelKind): string | undefined {
  if (model === 'mlp' && representation !== 'pooled') {
    return `mlp takes pooled features only (representation is ${representation}; use pooled)`;
  }
  if (representation === 'pooled' && model !== 'mlp') {
    return `pooled features are one vector per utterance; ${model} needs a frame sequence (use mlp)`;
  }
  return undefined;
}

/** The params a grid point runs with: ignored axes set to null. */
export function trialParams(p: GridPoint): TrialParams {
  const ignored = IGNORED_AXES[p.model];
  return {
    representation: p.representation,
    model: p.model,
    lr: p.lr,
    seqLen: ignored.includes('seqLen') ? null : p.seqLen,
    fcLayers: ignored.includes('fcLayers') ? null : p.fcLayers,
  };
}

/** Stable key of a trial's params: first 16 hex chars of SHA-256 of their canonical JSON. */
export function trialKey(params: TrialParams): string {
  return sha256Hex(
    canonicalJson({
      representation: params.representation,
      model: params.model,
      lr: params.lr,
      seqLen: params.seqLen,
      fcLayers: params.fcLayers,
    }),
  ).slice(0, 16);
}

/** The grid's valid, de-duplicated points in grid order, and what was dropped and why. */
export function enumerateGrid(grid: GridSpec): { points: TrialParams[]; dropped: DroppedTrial[]; size: number } {
  const points: TrialParams[] = [];
  const dropped: DroppedTrial[] = [];
  const firstOf = new Map<string, GridPoint>();
  let size = 0;
  for (const representation of grid.representation) {
    for (const model of grid.model) {
      const problem = comboProblem(representation, model);
      for (const lr of grid.lr) {
        for (const seqLen of grid.seqLen) {
          for (const fcLayers of grid.fcLayers) {
            size++;
            const raw: GridPoint = { representation, model, lr, seqLen, fcLayers };
            if (problem) {
              dropped.push({ params: raw, kind: 'invalid', reason: problem });
              continue;
            }
            const params = trialParams(raw);
            const id = canonicalJson(params);
            const first = firstOf.get(id);
            if (first) {
              const ignored = IGNORED_AXES[model];
              dropped.push({
                params: raw,
                kind: 'duplicate',
                reason: `${model} ignores ${ignored.join(' and ')}: same trial as ${ignored.map((a) => `${a}=${first[a]}`).join(', ')}`,
              });
              continue;
            }
            firstOf.set(id, raw);
            points.push(params);
          }
        }
      }
    }
  }
  return { points, dropped, size };
}

/**
 * Expand a (validated) spec into trials.
 * - grid search: every valid point, in grid order.
 * - random search: `min(samples, valid points)` distinct points drawn with a seeded PRNG
 *   (seed = `search.seed ?? spec.seed`), listed in grid order. The draw is prefix-stable: with the
 *   same seed, asking for more samples only adds points.
 */
export function expandTrials(spec: Pick<SweepSpec, 'grid' | 'search' | 'seed'>): Expansion {
  const { points, dropped } = enumerateGrid(spec.grid);
  let chosen = points;
  if (spec.search.kind === 'random') {
    const prng = createPrng('emosweep/random-search/v1', spec.search.seed ?? spec.seed);
    const idx = sampleIndices(points.length, spec.search.samples, prng).sort((a, b) => a - b);
    chosen = idx.map((i) => points[i]);
  }
  return {
    trials: chosen.map((params, index) => ({ index, key: trialKey(params), params })),
    dropped,
  };
}

/**
 * Split trials into consecutive batches of at most `batchSize` (the last may be shorter), for
 * workflows that start one child workflow per batch to keep each history small.
 */
export function batchTrials<T>(trials: readonly T[], batchSize: number): T[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchTrials: batchSize must be an integer ≥ 1, got ${batchSize}`);
  const out: T[][] = [];
  for (let i = 0; i < trials.length; i += batchSize) out.push(trials.slice(i, i + batchSize));
  return out;
}
