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
    trialsBySweep: new DataLoader<string, Trial[]>(async (ids) =>
      groupBy(ids, await prisma.trial.findMany({ where: { sweepId: { in: valid(ids) } }, orderBy: [{ sweepId: 'asc' }, { index: 'asc' }] }), (t) => t.sweepId),
    ),
    foldsByTrial: new DataLoader<string, FoldRun[]>(async (ids) =>
      groupBy(ids, await prisma.foldRun.findMany({ where: { trialId: { in: valid(ids) } }, orderBy: [{ trialId: 'asc' }, { heldOut: 'asc' }] }), (f) => f.trialId),
    ),
    epochsByFold: new DataLoader<string, EpochMetric[]>(async (ids) => {
      const m = await store.epochs.listMany(valid(ids));
      return ids.map((id) => m.get(id) ?? []);
    }),
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
