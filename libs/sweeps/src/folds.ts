/**
 * Fold plans: which groups (IEMOCAP sessions, or any speaker grouping) each fold holds out.
 * Pure and deterministic; the held-out groups of a fold never appear in its train groups.
 */
import { SpecError, type SpecIssue } from './errors.js';
import { createPrng } from './prng.js';
import { foldSeed } from './seeds.js';
import type { TrialPlan } from './grid.js';
import type { CvSpec, SweepSpec } from './schema.js';

export interface FoldPlan {
  /** The held-out group's name (leave-one-group-out) or `fold-<i>` (group-k-fold, 1-based). */
  heldOut: string;
  /** Groups tested on in this fold (naturally sorted). */
  testGroups: string[];
  /** Every other group (naturally sorted); never overlaps testGroups. */
  trainGroups: string[];
}

export interface PlanFoldsOptions {
  /** Shuffles the group order before group-k-fold assignment (ties in counts are broken by it). */
  seed?: number;
  /** Utterances per group: group-k-fold then balances folds by total count (largest groups first). */
  counts?: Record<string, number>;
}

/**
 * Natural, locale-independent order: digit runs compare by numeric value (`Session2` before
 * `Session10`), everything else by UTF-16 code units; ties broken by plain code-unit order.
 */
export function naturalCompare(a: string, b: string): number {
  const ta = a.match(/\d+|\D+/g) ?? [];
  const tb = b.match(/\d+|\D+/g) ?? [];
  const n = Math.min(ta.length, tb.length);
  for (let i = 0; i < n; i++) {
    const x = ta[i];
    const y = tb[i];
    if (x === y) continue;
    const dx = x.charCodeAt(0) >= 48 && x.charCodeAt(0) <= 57;
    const dy = y.charCodeAt(0) >= 48 && y.charCodeAt(0) <= 57;
    if (dx && dy) {
      const sx = x.replace(/^0+(?=\d)/, '');
      const sy = y.replace(/^0+(?=\d)/, '');
      if (sx.length !== sy.length) return sx.length - sy.length;
      if (sx !== sy) return sx < sy ? -1 : 1;
      continue; // same value, different zero padding: decided by the final tie-break
    }
    return x < y ? -1 : 1;
  }
  if (ta.length !== tb.length) return ta.length - tb.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortNaturally(xs: readonly string[]): string[] {
  return [...xs].sort(naturalCompare);
}

/**
 * Plan the folds of a cross-validation over `groups`.
 * - leave-one-group-out: one fold per group, naturally sorted, `heldOut` = the group.
 * - group-k-fold: groups dealt into `k` folds: groups taken largest count first (natural order,
 *   or a seeded shuffle when `opts.seed` is given, breaks ties), each to the fold with the smallest
 *   total so far (then fewest groups, then lowest index). `heldOut` = `fold-1` … `fold-k`.
 * Then `cv.folds`, when given, keeps only those folds (in plan order); an unknown name is a
 * SpecError naming `cv.folds[i]` and the available ones.
 */
export function planFolds(groups: readonly string[], cv: CvSpec, opts: PlanFoldsOptions = {}): FoldPlan[] {
  const bad = groups.filter((g) => typeof g !== 'string' || g.length === 0);
  if (bad.length) throw new SpecError([{ path: 'dataset', segments: ['dataset'], message: `group names must be non-empty strings, got ${bad.map((g) => JSON.stringify(g)).join(', ')}` }]);
  const all = sortNaturally([...new Set(groups)]);
  if (all.length < 2) {
    throw new SpecError([{ path: 'cv.strategy', segments: ['cv', 'strategy'], message: `cross-validation needs at least 2 groups; the dataset has ${all.length}${all.length ? ` (${all.join(', ')})` : ''}` }]);
  }

  let plans: FoldPlan[];
  if (cv.strategy === 'leave-one-group-out') {
    plans = all.map((g) => ({ heldOut: g, testGroups: [g], trainGroups: all.filter((x) => x !== g) }));
  } else {
    const k = cv.k;
    if (k > all.length) {
      throw new SpecError([{ path: 'cv.k', segments: ['cv', 'k'], message: `k=${k} is more than the dataset's ${all.length} groups (${all.join(', ')}); expected an integer from 2 to ${all.length}` }]);
    }
    const counts = opts.counts;
    if (counts) {
      const missing = all.filter((g) => !(typeof counts[g] === 'number' && Number.isFinite(counts[g]) && counts[g] >= 0));
      if (missing.length) throw new RangeError(`planFolds: counts must give a non-negative number for every group; missing or invalid: ${missing.join(', ')}`);
    }
    let order = all;
    if (opts.seed !== undefined) {
      const prng = createPrng('emosweep/group-k-fold/v1', opts.seed);
      order = [...all];
      for (let i = order.length - 1; i > 0; i--) {
        const j = prng.nextInt(i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
    }
    const rank = new Map(order.map((g, i) => [g, i]));
    const weight = (g: string) => (counts ? counts[g] : 1);
    const sorted = [...order].sort((a, b) => weight(b) - weight(a) || rank.get(a)! - rank.get(b)!);
    const bins = Array.from({ length: k }, () => ({ total: 0, groups: [] as string[] }));
    for (const g of sorted) {
      let best = 0;
      for (let i = 1; i < k; i++) {
        const b = bins[i];
        const c = bins[best];
        if (b.total < c.total || (b.total === c.total && b.groups.length < c.groups.length)) best = i;
      }
      bins[best].total += weight(g);
      bins[best].groups.push(g);
    }
    plans = bins.map((b, i) => {
      const test = new Set(b.groups);
      return { heldOut: `fold-${i + 1}`, testGroups: sortNaturally(b.groups), trainGroups: all.filter((g) => !test.has(g)) };
    });
  }

  if (cv.folds) {
    const available = plans.map((p) => p.heldOut);
    const unknown: SpecIssue[] = [];
    cv.folds.forEach((f, i) => {
      if (!available.includes(f)) {
        unknown.push({ path: `cv.folds[${i}]`, segments: ['cv', 'folds', i], message: `${JSON.stringify(f)} is not a fold of this dataset; expected one of ${available.join(', ')}` });
      }
    });
    if (unknown.length) throw new SpecError(unknown);
    const wanted = new Set(cv.folds);
    plans = plans.filter((p) => wanted.has(p.heldOut));
  }
  return plans;
}

/**
 * The sweep's fold plan: `planFolds` with the sweep seed (for group-k-fold tie-breaking). The one
 * call the workflow, the dry run and the API all use, so they agree.
 */
export function planSweepFolds(spec: Pick<SweepSpec, 'cv' | 'seed'>, groups: readonly string[], counts?: Record<string, number>): FoldPlan[] {
  return planFolds(groups, spec.cv, { seed: spec.seed, counts });
}

export interface FoldRunPlan {
  trialIndex: number;
  trialKey: string;
  heldOut: string;
  /** foldSeed(spec.seed, trialKey, heldOut). */
  seed: number;
}

/** Every (trial, fold) pair with its seed, trial-major (all folds of trial 0 first). */
export function planFoldRuns(spec: Pick<SweepSpec, 'seed'>, trials: readonly Pick<TrialPlan, 'index' | 'key'>[], folds: readonly Pick<FoldPlan, 'heldOut'>[]): FoldRunPlan[] {
  const out: FoldRunPlan[] = [];
  for (const t of trials) {
    for (const f of folds) out.push({ trialIndex: t.index, trialKey: t.key, heldOut: f.heldOut, seed: foldSeed(spec.seed, t.key, f.heldOut) });
  }
  return out;
}
