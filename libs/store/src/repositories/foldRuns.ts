import type { FoldRun, Prisma, PrismaClient, RunStatus } from '../generated/prisma/client.js';
import { NotFoundError, retryOnUniqueViolation } from '../errors.js';
import { allowedFrom } from './status.js';

export interface FoldRunInput {
  heldOut: string;
  seed: number;
}

export interface FoldResult {
  wa: number;
  ua: number;
  macroF1: number;
  perClass?: Prisma.InputJsonValue;
  confusion?: Prisma.InputJsonValue;
  bestEpoch?: number | null;
  epochsRun?: number | null;
}

export interface Transition {
  foldRun: FoldRun;
  /** False when the row was already in (or past) the requested state. */
  changed: boolean;
}

export class FoldRunRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** The fold run of (trialId, heldOut), created `pending` if missing (never reset if present). */
  upsert(trialId: string, heldOut: string, input: { seed: number }): Promise<FoldRun> {
    return retryOnUniqueViolation(() =>
      this.prisma.foldRun.upsert({
        where: { trialId_heldOut: { trialId, heldOut } },
        create: { trialId, heldOut, seed: input.seed },
        update: {},
      }),
    );
  }

  /** Creates the missing fold runs of a trial; returns all of them ordered by heldOut. */
  async upsertMany(trialId: string, folds: FoldRunInput[]): Promise<FoldRun[]> {
    if (folds.length) await this.prisma.foldRun.createMany({ data: folds.map((f) => ({ ...f, trialId })), skipDuplicates: true });
    return this.listByTrial(trialId);
  }

  /** pending/failed/running → running (a retry bumps `attempt`); a completed run is left alone. */
  async start(id: string, opts: { worker?: string; attempt?: number } = {}): Promise<Transition> {
    const { count } = await this.prisma.foldRun.updateMany({
      where: { id, status: { in: allowedFrom('running') } },
      data: {
        status: 'running',
        startedAt: new Date(),
        finishedAt: null,
        error: null,
        ...(opts.worker !== undefined ? { worker: opts.worker } : {}),
        ...(opts.attempt !== undefined ? { attempt: opts.attempt } : { attempt: { increment: 1 } }),
      },
    });
    return { foldRun: await this.getOrThrow(id), changed: count === 1 };
  }

  /** Notes that the current attempt continues from the checkpoint of `epoch` (null: from scratch). */
  async markResumed(id: string, epoch: number | null): Promise<FoldRun> {
    return this.prisma.foldRun.update({ where: { id }, data: { resumedFromEpoch: epoch } });
  }

  /** Records the final metrics. Idempotent: completing a completed run is a no-op. */
  async complete(id: string, result: FoldResult): Promise<Transition> {
    const { count } = await this.prisma.foldRun.updateMany({
      where: { id, status: { in: allowedFrom('completed'), not: 'completed' } },
      data: {
        status: 'completed',
        finishedAt: new Date(),
        error: null,
        wa: result.wa,
        ua: result.ua,
        macroF1: result.macroF1,
        ...(result.perClass !== undefined ? { perClass: result.perClass } : {}),
        ...(result.confusion !== undefined ? { confusion: result.confusion } : {}),
        bestEpoch: result.bestEpoch ?? null,
        epochsRun: result.epochsRun ?? null,
      },
    });
    return { foldRun: await this.getOrThrow(id), changed: count === 1 };
  }

  /** Marks a run failed (or cancelled); never overrides a completed run. */
  async fail(id: string, error: string, opts: { status?: Extract<RunStatus, 'failed' | 'cancelled'> } = {}): Promise<Transition> {
    const status = opts.status ?? 'failed';
    const { count } = await this.prisma.foldRun.updateMany({
      where: { id, status: { in: allowedFrom(status), not: status } },
      data: { status, error, finishedAt: new Date() },
    });
    return { foldRun: await this.getOrThrow(id), changed: count === 1 };
  }

  get(id: string): Promise<FoldRun | null> {
    return this.prisma.foldRun.findUnique({ where: { id } });
  }

  async getOrThrow(id: string): Promise<FoldRun> {
    const f = await this.get(id);
    if (!f) throw new NotFoundError('fold run', id);
    return f;
  }

  getByKey(trialId: string, heldOut: string): Promise<FoldRun | null> {
    return this.prisma.foldRun.findUnique({ where: { trialId_heldOut: { trialId, heldOut } } });
  }

  listByTrial(trialId: string): Promise<FoldRun[]> {
    return this.prisma.foldRun.findMany({ where: { trialId }, orderBy: { heldOut: 'asc' } });
  }

  listBySweep(sweepId: string): Promise<FoldRun[]> {
    return this.prisma.foldRun.findMany({ where: { trial: { sweepId } }, orderBy: [{ trialId: 'asc' }, { heldOut: 'asc' }] });
  }

  /** Fold runs per status in a sweep (progress). */
  async progress(sweepId: string): Promise<Record<RunStatus, number>> {
    const rows = await this.prisma.foldRun.groupBy({ by: ['status'], where: { trial: { sweepId } }, _count: { _all: true } });
    const out: Record<RunStatus, number> = { pending: 0, running: 0, completed: 0, failed: 0, cancelled: 0 };
    for (const r of rows) out[r.status] = r._count._all;
    return out;
  }
}
