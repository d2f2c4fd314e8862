import { Prisma, type EpochMetric, type PrismaClient } from '../generated/prisma/client.js';
import { retryOnUniqueViolation } from '../errors.js';

export interface EpochMetrics {
  trainLoss: number;
  valLoss?: number | null;
  valUa?: number | null;
  valWa?: number | null;
  lr: number;
}

export interface EpochRow extends EpochMetrics {
  epoch: number;
}

/** Rows per INSERT statement in `recordMany` (7 array parameters, whatever the row count). */
const BATCH = 5_000;

export class EpochRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Upserts one epoch's metrics (a retried epoch overwrites its previous values). */
  record(foldRunId: string, epoch: number, m: EpochMetrics): Promise<EpochMetric> {
    const values = { trainLoss: m.trainLoss, valLoss: m.valLoss ?? null, valUa: m.valUa ?? null, valWa: m.valWa ?? null, lr: m.lr };
    return retryOnUniqueViolation(() =>
      this.prisma.epochMetric.upsert({
        where: { foldRunId_epoch: { foldRunId, epoch } },
        create: { foldRunId, epoch, ...values },
        update: values,
      }),
    );
  }

  /**
   * Upserts many epochs in one statement per 5,000 rows: `INSERT … SELECT FROM unnest(arrays)
   * ON CONFLICT (foldRunId, epoch) DO UPDATE` — idempotent, and one round trip instead of one
   * per row (Prisma's createMany cannot update on conflict). Returns the rows written.
   */
  async recordMany(foldRunId: string, rows: EpochRow[]): Promise<number> {
    let written = 0;
    for (let i = 0; i < rows.length; i += BATCH) {
      const chunk = rows.slice(i, i + BATCH);
      const col = <K extends keyof EpochRow>(k: K) => chunk.map((r) => (r[k] === undefined ? null : r[k]));
      written += await this.prisma.$executeRaw(Prisma.sql`
        INSERT INTO "EpochMetric" ("foldRunId", "epoch", "trainLoss", "valLoss", "valUa", "valWa", "lr")
        SELECT ${foldRunId}::uuid, e, tl, vl, vu, vw, lr
        FROM unnest(${col('epoch')}::int[], ${col('trainLoss')}::float8[], ${col('valLoss')}::float8[],
                    ${col('valUa')}::float8[], ${col('valWa')}::float8[], ${col('lr')}::float8[]) AS t(e, tl, vl, vu, vw, lr)
        ON CONFLICT ("foldRunId", "epoch") DO UPDATE SET
          "trainLoss" = EXCLUDED."trainLoss", "valLoss" = EXCLUDED."valLoss", "valUa" = EXCLUDED."valUa",
          "valWa" = EXCLUDED."valWa", "lr" = EXCLUDED."lr"`);
    }
    return written;
  }

  /** The curve of one fold run, by epoch. */
  list(foldRunId: string): Promise<EpochMetric[]> {
    return this.prisma.epochMetric.findMany({ where: { foldRunId }, orderBy: { epoch: 'asc' } });
  }

  /** Curves of several fold runs in one query. */
  async listMany(foldRunIds: string[]): Promise<Map<string, EpochMetric[]>> {
    const out = new Map<string, EpochMetric[]>(foldRunIds.map((id) => [id, []]));
    if (!foldRunIds.length) return out;
    const rows = await this.prisma.epochMetric.findMany({ where: { foldRunId: { in: foldRunIds } }, orderBy: [{ foldRunId: 'asc' }, { epoch: 'asc' }] });
    for (const r of rows) out.get(r.foldRunId)!.push(r);
    return out;
  }

  /** Epochs recorded after `epoch` (live curve polling). */
  since(foldRunId: string, epoch: number): Promise<EpochMetric[]> {
    return this.prisma.epochMetric.findMany({ where: { foldRunId, epoch: { gt: epoch } }, orderBy: { epoch: 'asc' } });
  }
}
