import { Inject, Injectable } from '@nestjs/common';
import type { LeaderboardFilter as StoreFilter, RunStatus, Store } from '@emosweep/store';
import { STORE } from '../core/tokens.js';
import { badInput, isUuid, notFound, pageSize } from '../errors.js';
import { Metric } from '../graphql/common.types.js';
import type { Loaders } from '../graphql/loaders.js';
import { pairedT, wilcoxonSignedRank } from './stats.js';
import { toTrial, type LeaderboardEntry, type LeaderboardFilter, type Trial, type TrialComparison } from './trial.types.js';

export const LEADERBOARD_MAX = 500;

export interface LeaderboardArgs {
  sweepId?: string | null;
  datasetId?: string | null;
  metric: Metric;
  first?: number | null;
  offset?: number | null;
  filter?: LeaderboardFilter | null;
}

const nonEmpty = <T>(v: T[] | null | undefined): T[] | undefined => (v && v.length ? v : undefined);

@Injectable()
export class TrialsService {
  constructor(@Inject(STORE) private readonly store: Store) {}

  async get(id: string, loaders: Loaders): Promise<Trial | null> {
    const row = await loaders.trial.load(id);
    return row && toTrial(row);
  }

  /** Trials ranked by mean over folds, within a sweep, a dataset or everywhere: one SQL query. */
  async leaderboard(args: LeaderboardArgs, loaders: Loaders): Promise<LeaderboardEntry[]> {
    const first = pageSize(args.first, 20, LEADERBOARD_MAX);
    const offset = args.offset ?? 0;
    if (!Number.isInteger(offset) || offset < 0 || offset > 100_000) throw badInput('offset must be between 0 and 100000');
    if ((args.sweepId && !isUuid(args.sweepId)) || (args.datasetId && !isUuid(args.datasetId))) return [];
    const f = args.filter ?? {};
    const filter: StoreFilter = {
      representation: nonEmpty(f.representation),
      model: nonEmpty(f.model),
      lr: nonEmpty(f.lr),
      seqLen: nonEmpty(f.seqLen),
      fcLayers: nonEmpty(f.fcLayers),
      status: nonEmpty(f.status) as RunStatus[] | undefined,
      minFoldsDone: f.minFoldsDone ?? undefined,
    };
    for (const k of Object.keys(filter) as (keyof StoreFilter)[]) if (filter[k] === undefined) delete filter[k];
    const rows = await this.store.trials.leaderboard({
      sweepId: args.sweepId ?? undefined,
      datasetId: args.datasetId ?? undefined,
      metric: args.metric,
      first,
      skip: offset,
      filter,
    });
    // Prime the per-request loader so `trial(id)`/`compareTrials` in the same query cost nothing more.
    for (const r of rows) loaders.trial.prime(r.trial.id, r.trial);
    return rows.map((r) => ({ rank: r.rank, metric: args.metric, mean: r.mean, std: r.std, trial: toTrial(r.trial) }));
  }

  /** Paired comparison over the held-out groups both trials completed. */
  async compare(aId: string, bId: string, metric: Metric, loaders: Loaders): Promise<TrialComparison> {
    const [a, b] = await Promise.all([loaders.trial.load(aId), loaders.trial.load(bId)]);
    if (!a) throw notFound('trial', aId);
    if (!b) throw notFound('trial', bId);
    const [fa, fb] = await Promise.all([loaders.foldsByTrial.load(a.id), loaders.foldsByTrial.load(b.id)]);
    const value = (f: (typeof fa)[number]) => (f.status === 'completed' ? (f[metric] as number | null) : null);
    const mb = new Map(fb.filter((f) => value(f) !== null).map((f) => [f.heldOut, value(f)!]));
    const ma = new Map(fa.filter((f) => value(f) !== null).map((f) => [f.heldOut, value(f)!]));
    const paired = [...ma.keys()].filter((h) => mb.has(h)).sort();
    const unpaired = [...new Set([...ma.keys(), ...mb.keys()])].filter((h) => !(ma.has(h) && mb.has(h))).sort();
    const folds = paired.map((heldOut) => ({ heldOut, a: ma.get(heldOut)!, b: mb.get(heldOut)!, difference: ma.get(heldOut)! - mb.get(heldOut)! }));
    const diffs = folds.map((f) => f.difference);
    const t = pairedT(diffs);
    const w = wilcoxonSignedRank(diffs);
    return {
      a: toTrial(a),
      b: toTrial(b),
      metric,
      folds,
      n: folds.length,
      meanDifference: t.mean,
      stdDifference: t.sd,
      confidenceInterval: t.ci,
      tTest: { name: 'paired t-test (two-sided)', statistic: t.t, df: t.df, pValue: t.pValue, note: t.note },
      wilcoxon: { name: 'Wilcoxon signed-rank test (two-sided, exact)', statistic: w.wPlus, df: null, pValue: w.pValue, note: w.note },
      unpaired,
    };
  }
}
