import type { FoldRun, Prisma, PrismaClient, RunStatus, Sweep, Trial } from '../generated/prisma/client.js';
import { NotFoundError } from '../errors.js';
import { allowedFrom } from './status.js';

export interface TrialInput {
  index: number;
  paramsKey: string;
  params: Prisma.InputJsonValue;
  representation: string;
  model: string;
  lr: number;
  /** null for models without a sequence window (mlp) */
  seqLen: number | null;
  /** null for models without an FC head depth (mlp, q2l) */
  fcLayers: number | null;
}

export interface TrialAggregate {
  meanUa: number | null;
  meanWa: number | null;
  meanMacroF1: number | null;
  stdUa: number | null;
  stdWa: number | null;
  stdMacroF1: number | null;
  foldsDone: number;
  status?: RunStatus;
}

export type LeaderboardMetric = 'ua' | 'wa' | 'macroF1';

type OneOrMany<T> = T | T[];
export interface LeaderboardFilter {
  representation?: OneOrMany<string>;
  model?: OneOrMany<string>;
  lr?: OneOrMany<number>;
  seqLen?: OneOrMany<number>;
  fcLayers?: OneOrMany<number>;
  status?: OneOrMany<RunStatus>;
  /** Only trials with at least this many completed folds. */
  minFoldsDone?: number;
}

export interface LeaderboardOptions {
  sweepId?: string;
  datasetId?: string;
  metric: LeaderboardMetric;
  /** Page size (default 20, at most 500). */
  first?: number;
  /** Rows to skip (rank offset). */
  skip?: number;
  filter?: LeaderboardFilter;
  /** Also load each trial's fold runs (one more query). */
  includeFolds?: boolean;
}

export interface LeaderboardEntry {
  /** 1-based rank within the whole (filtered) board. */
  rank: number;
  mean: number;
  std: number | null;
  trial: Trial;
  sweep: Pick<Sweep, 'id' | 'name' | 'datasetId' | 'createdAt'>;
  folds?: FoldRun[];
}

const METRIC_FIELDS = {
  ua: { mean: 'meanUa', std: 'stdUa' },
  wa: { mean: 'meanWa', std: 'stdWa' },
  macroF1: { mean: 'meanMacroF1', std: 'stdMacroF1' },
} as const;

function oneOrMany<T>(v: OneOrMany<T> | undefined): { in: T[] } | undefined {
  if (v === undefined) return undefined;
  return { in: Array.isArray(v) ? v : [v] };
}

export class TrialRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Inserts the trials of a sweep that do not exist yet (keyed on (sweepId, index)) and returns
   * all of the sweep's trials ordered by index. Running it twice leaves one row per index.
   */
  async upsertMany(sweepId: string, trials: TrialInput[]): Promise<Trial[]> {
    if (trials.length) {
      await this.prisma.trial.createMany({ data: trials.map((t) => ({ ...t, sweepId })), skipDuplicates: true });
    }
    return this.listBySweep(sweepId);
  }

  /** Stores the mean ± std over folds (computed by the caller) and optionally the status. */
  async setAggregate(trialId: string, agg: TrialAggregate): Promise<Trial> {
    const { status, ...values } = agg;
    if (status) await this.setStatus(trialId, status);
    return this.prisma.trial.update({ where: { id: trialId }, data: values });
  }

  /** Forward-only status change (see status.ts); `changed` false when not applied. */
  async setStatus(trialId: string, status: RunStatus): Promise<{ trial: Trial; changed: boolean }> {
    const { count } = await this.prisma.trial.updateMany({ where: { id: trialId, status: { in: allowedFrom(status), not: status } }, data: { status } });
    return { trial: await this.getOrThrow(trialId), changed: count === 1 };
  }

  get(id: string): Promise<Trial | null> {
    return this.prisma.trial.findUnique({ where: { id } });
  }

  async getOrThrow(id: string): Promise<Trial> {
    const t = await this.get(id);
    if (!t) throw new NotFoundError('trial', id);
    return t;
  }

  getByIndex(sweepId: string, index: number): Promise<Trial | null> {
    return this.prisma.trial.findUnique({ where: { sweepId_index: { sweepId, index } } });
  }

  listBySweep(sweepId: string): Promise<Trial[]> {
    return this.prisma.trial.findMany({ where: { sweepId }, orderBy: { index: 'asc' } });
  }

  /**
   * Trials ranked by the mean of `metric` over folds (ties: lower std, then older sweep, then
   * index), within a sweep, a dataset or everywhere. Trials without the metric are left out.
   * One query (two with `includeFolds`) whatever the page size.
   */
  async leaderboard(opts: LeaderboardOptions): Promise<LeaderboardEntry[]> {
    const f = METRIC_FIELDS[opts.metric];
    if (!f) throw new Error(`unknown leaderboard metric ${String(opts.metric)} (ua | wa | macroF1)`);
    const first = Math.min(Math.max(opts.first ?? 20, 1), 500);
    const skip = Math.max(opts.skip ?? 0, 0);
    const filter = opts.filter ?? {};
    const where: Prisma.TrialWhereInput = {
      [f.mean]: { not: null },
      ...(opts.sweepId ? { sweepId: opts.sweepId } : {}),
      ...(opts.datasetId ? { sweep: { datasetId: opts.datasetId } } : {}),
      ...(filter.representation !== undefined ? { representation: oneOrMany(filter.representation) } : {}),
      ...(filter.model !== undefined ? { model: oneOrMany(filter.model) } : {}),
      ...(filter.lr !== undefined ? { lr: oneOrMany(filter.lr) } : {}),
      ...(filter.seqLen !== undefined ? { seqLen: oneOrMany(filter.seqLen) } : {}),
      ...(filter.fcLayers !== undefined ? { fcLayers: oneOrMany(filter.fcLayers) } : {}),
      ...(filter.status !== undefined ? { status: oneOrMany(filter.status) } : {}),
      ...(filter.minFoldsDone !== undefined ? { foldsDone: { gte: filter.minFoldsDone } } : {}),
    };
    const rows = await this.prisma.trial.findMany({
      where,
      orderBy: [{ [f.mean]: 'desc' }, { [f.std]: { sort: 'asc', nulls: 'last' } }, { createdAt: 'asc' }, { index: 'asc' }],
      skip,
      take: first,
      include: { sweep: { select: { id: true, name: true, datasetId: true, createdAt: true } } },
    });
    let folds: Map<string, FoldRun[]> | undefined;
    if (opts.includeFolds && rows.length) {
      folds = new Map(rows.map((r) => [r.id, [] as FoldRun[]]));
      const all = await this.prisma.foldRun.findMany({ where: { trialId: { in: rows.map((r) => r.id) } }, orderBy: [{ trialId: 'asc' }, { heldOut: 'asc' }] });
      for (const fr of all) folds.get(fr.trialId)!.push(fr);
    }
    return rows.map(({ sweep, ...trial }, i) => ({
      rank: skip + i + 1,
      mean: trial[f.mean] as number,
      std: trial[f.std],
      trial,
      sweep,
      ...(folds ? { folds: folds.get(trial.id) ?? [] } : {}),
    }));
  }
}
