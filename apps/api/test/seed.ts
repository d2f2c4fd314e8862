import { Prisma, type Store } from '@emosweep/store';

export interface SeedOptions {
  trials: number;
  folds: number;
  epochs: number;
  name?: string;
  seed?: number;
}

/** A deterministic pseudo-random stream (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REPRESENTATIONS = ['mfcc', 'melspec', 'spectrogram', 'wav2vec'];
const LRS = [1e-3, 1e-4, 1e-5, 1e-6];
const SEQ = [10, 50, 100, 150, 200];

/**
 * A completed sweep with `trials` × `folds` fold runs × `epochs` epochs, written in a handful of
 * set-based statements (the progress triggers are disabled while seeding: nobody listens).
 */
export async function seedSweep(store: Store, opts: SeedOptions): Promise<{ sweepId: string; trialIds: string[] }> {
  const rand = rng(opts.seed ?? 1);
  const { prisma } = store;
  const sweep = await store.sweeps.create({
    name: opts.name ?? `seeded-${opts.trials}x${opts.folds}x${opts.epochs}`,
    spec: {},
    specText: '{}',
    seed: 1,
    device: 'cpu',
    trialCount: opts.trials,
    foldCount: opts.folds,
  });
  await store.sweeps.setStatus(sweep.id, 'running');
  await prisma.$executeRawUnsafe('ALTER TABLE "FoldRun" DISABLE TRIGGER USER');
  await prisma.$executeRawUnsafe('ALTER TABLE "EpochMetric" DISABLE TRIGGER USER');
  await prisma.$executeRawUnsafe('ALTER TABLE "Trial" DISABLE TRIGGER USER');
  try {
    await prisma.trial.createMany({
      data: Array.from({ length: opts.trials }, (_, i) => {
        const p = { representation: REPRESENTATIONS[i % 4], model: 'lstm', lr: LRS[Math.floor(i / 4) % 4], seqLen: SEQ[Math.floor(i / 16) % 5], fcLayers: 2 + (Math.floor(i / 80) % 2) };
        return { sweepId: sweep.id, index: i, paramsKey: `seed-${i}`, params: p, ...p, status: 'completed' as const };
      }),
    });
    const trials = await prisma.trial.findMany({ where: { sweepId: sweep.id }, select: { id: true }, orderBy: { index: 'asc' } });
    const trialIds = trials.map((t) => t.id);
    const folds = trialIds.flatMap((trialId) =>
      Array.from({ length: opts.folds }, (_, f) => {
        const ua = 0.3 + 0.4 * rand();
        const c = [
          [8, 1, 1, 0],
          [2, 6, 1, 1],
          [1, 1, 7, 1],
          [0, 2, 1, 7],
        ];
        return { trialId, heldOut: `Session${f + 1}`, seed: f, status: 'completed' as const, attempt: 1, ua, wa: ua + 0.05 * rand(), macroF1: ua - 0.05 * rand(), confusion: c, bestEpoch: opts.epochs, epochsRun: opts.epochs };
      }),
    );
    for (let i = 0; i < folds.length; i += 2000) await prisma.foldRun.createMany({ data: folds.slice(i, i + 2000) });
    // epochs: one INSERT … SELECT per chunk of fold runs, generated in SQL
    const foldIds = (await prisma.foldRun.findMany({ where: { trial: { sweepId: sweep.id } }, select: { id: true } })).map((f) => f.id);
    for (let i = 0; i < foldIds.length; i += 1000) {
      const chunk = foldIds.slice(i, i + 1000);
      await prisma.$executeRaw(Prisma.sql`
        INSERT INTO "EpochMetric" ("foldRunId", "epoch", "trainLoss", "valLoss", "valUa", "valWa", "lr")
        SELECT f, e, 1.5 / e + random() * 0.05, 1.6 / e + random() * 0.05, 0.3 + 0.3 * (1 - 1.0 / e), 0.35 + 0.3 * (1 - 1.0 / e), 0.001
        FROM unnest(${chunk}::uuid[]) AS f, generate_series(1, ${opts.epochs}::int) AS e`);
    }
    await prisma.$executeRaw(Prisma.sql`
      UPDATE "Trial" t SET "meanUa" = a.mu, "meanWa" = a.mw, "meanMacroF1" = a.mf,
        "stdUa" = coalesce(a.su, 0), "stdWa" = coalesce(a.sw, 0), "stdMacroF1" = coalesce(a.sf, 0), "foldsDone" = a.n
      FROM (SELECT "trialId", avg(ua) mu, avg(wa) mw, avg("macroF1") mf, stddev_samp(ua) su, stddev_samp(wa) sw, stddev_samp("macroF1") sf, count(*)::int n
            FROM "FoldRun" WHERE "trialId" = ANY(${trialIds}::uuid[]) GROUP BY "trialId") a
      WHERE t."id" = a."trialId"`);
    await store.sweeps.setStatus(sweep.id, 'completed');
    return { sweepId: sweep.id, trialIds };
  } finally {
    await prisma.$executeRawUnsafe('ALTER TABLE "FoldRun" ENABLE TRIGGER USER');
    await prisma.$executeRawUnsafe('ALTER TABLE "EpochMetric" ENABLE TRIGGER USER');
    await prisma.$executeRawUnsafe('ALTER TABLE "Trial" ENABLE TRIGGER USER');
  }
}
