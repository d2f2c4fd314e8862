import DataLoader from 'dataloader';
import { Prisma, type Checkpoint, type Dataset, type EpochMetric, type FoldRun, type Store, type Sweep, type Trial } from '@emosweep/store';
import { emptyCounts, type FoldCounts } from './common.types.js';
import { isUuid } from '../errors.js';

/**
 * Per-request batch loaders: however many sweeps, trials or folds a query touches, each kind of row
 * costs one SQL query per nesting level (N trials → 1 query for their folds, 1 for their epochs).
 * Raw Prisma queries here are the batched forms the repositories do not have yet.
 */
export function createLoaders(store: Store) {
  const { prisma } = store;
  const byId = <T extends { id: string }>(ids: readonly string[], rows: T[]) => {
    const m = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => m.get(id) ?? null);
  };
  const groupBy = <T>(ids: readonly string[], rows: T[], key: (r: T) => string) => {
    const m = new Map<string, T[]>(ids.map((id) => [id, []]));
    for (const r of rows) m.get(key(r))?.push(r);
    return ids.map((id) => m.get(id)!);
  };
  const valid = (ids: readonly string[]) => ids.filter(isUuid);
  return {
    sweep: new DataLoader<string, Sweep | null>(async (ids) => byId(ids, await prisma.sweep.findMany({ where: { id: { in: valid(ids) } } }))),
    trial: new DataLoader<string, Trial | null>(async (ids) => byId(ids, await prisma.trial.findMany({ where: { id: { in: valid(ids) } } }))),
    dataset: new DataLoader<string, Dataset | null>(async (ids) => byId(ids, await prisma.dataset.findMany({ where: { id: { in: valid(ids) } } }))),
    /**
     * A page of each sweep's trials (index > after, at most first), keyed `${sweepId}|${first}|${after}`:
     * a batch of one sweep reads its page only; a batch of several reads their trials in one query.
     */
    trialPage: new DataLoader<string, Trial[]>(async (keys) => {
      const parsed = keys.map((k) => {
        const [sweepId, first, after] = k.split('|');
        return { sweepId, first: Number(first), after: Number(after) };
      });
      const ids = [...new Set(parsed.map((p) => p.sweepId))].filter(isUuid);
      if (ids.length === 1 && parsed.length === 1) {
        const p = parsed[0];
        return [await prisma.trial.findMany({ where: { sweepId: p.sweepId, index: { gt: p.after } }, orderBy: { index: 'asc' }, take: p.first })];
      }
      const rows = await prisma.trial.findMany({ where: { sweepId: { in: ids } }, orderBy: [{ sweepId: 'asc' }, { index: 'asc' }] });
      const bySweep = groupBy(ids, rows, (t) => t.sweepId);
      const m = new Map(ids.map((id, i) => [id, bySweep[i]]));
      return parsed.map((p) => (m.get(p.sweepId) ?? []).filter((t) => t.index > p.after).slice(0, p.first));
    }),
    foldsByTrial: new DataLoader<string, FoldRun[]>(async (ids) =>
      groupBy(ids, await prisma.foldRun.findMany({ where: { trialId: { in: valid(ids) } }, orderBy: [{ trialId: 'asc' }, { heldOut: 'asc' }] }), (f) => f.trialId),
    ),
    // Only the columns the API shows (no createdAt): curves are the largest reads by far.
    epochsByFold: new DataLoader<string, Omit<EpochMetric, 'createdAt'>[]>(async (ids) =>
      groupBy(
        ids,
        await prisma.epochMetric.findMany({
          where: { foldRunId: { in: valid(ids) } },
          select: { foldRunId: true, epoch: true, trainLoss: true, valLoss: true, valUa: true, valWa: true, lr: true },
          orderBy: [{ foldRunId: 'asc' }, { epoch: 'asc' }],
        }),
        (e) => e.foldRunId,
      ),
    ),
    bestCheckpointByFold: new DataLoader<string, Checkpoint | null>(async (ids) => {
      const rows = await prisma.checkpoint.findMany({ where: { foldRunId: { in: valid(ids) }, kind: 'best' } });
      const m = new Map(rows.map((r) => [r.foldRunId, r]));
      return ids.map((id) => m.get(id) ?? null);
    }),
    countsBySweep: new DataLoader<string, FoldCounts>(async (ids) => {
      const v = valid(ids);
      const rows = v.length
        ? await prisma.$queryRaw<{ sweepId: string; status: string; n: number }[]>(Prisma.sql`
            SELECT t."sweepId"::text AS "sweepId", f."status"::text AS "status", count(*)::int AS "n"
            FROM "FoldRun" f JOIN "Trial" t ON t."id" = f."trialId"
            WHERE t."sweepId" = ANY(${v}::uuid[])
            GROUP BY 1, 2`)
        : [];
      const m = new Map<string, FoldCounts>(ids.map((id) => [id, emptyCounts()]));
      for (const r of rows) {
        const c = m.get(r.sweepId);
        if (!c) continue;
        c[r.status as keyof Omit<FoldCounts, 'total'>] = Number(r.n);
        c.total += Number(r.n);
      }
      return ids.map((id) => m.get(id)!);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
