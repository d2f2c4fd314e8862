import { Prisma, type PrismaClient, type Dataset, type Utterance } from '../generated/prisma/client.js';
import { isUniqueViolation, NotFoundError } from '../errors.js';

export interface UtteranceInput {
  uttId: string;
  group: string;
  speaker: string;
  label: string;
  path: string;
  durationSec: number;
}

export interface DatasetInput {
  name: string;
  format: string;
  root: string;
  classes: string;
  /** Content hash of the manifest: same content ⇒ same version ⇒ same row. */
  version: string;
  labels: string[];
  counts: Prisma.InputJsonValue;
  utterances: UtteranceInput[];
}

export interface DatasetKey {
  format: string;
  root: string;
  classes: string;
  version: string;
}

const UTTERANCE_CHUNK = 5_000;

export class DatasetRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Registers a dataset version with its utterances, idempotently: the row is keyed on
   * (format, root, classes, version) and utterances on (datasetId, uttId), so a retried import
   * (even one that died half-way) ends with exactly one dataset and one row per utterance.
   * `created` is true when this call inserted the dataset row.
   */
  async upsertWithUtterances(input: DatasetInput): Promise<{ dataset: Dataset; created: boolean; utterancesInserted: number }> {
    // Two importers racing on a new version: the loser's INSERT hits the unique key (its
    // transaction is rolled back) and its retry finds the winner's row.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.upsertOnce(input);
      } catch (e) {
        if (attempt >= 2 || !isUniqueViolation(e)) throw e;
      }
    }
  }

  private upsertOnce(input: DatasetInput): Promise<{ dataset: Dataset; created: boolean; utterancesInserted: number }> {
    const key = { format: input.format, root: input.root, classes: input.classes, version: input.version };
    return this.prisma.$transaction(async (tx) => {
      let dataset = await tx.dataset.findUnique({ where: { format_root_classes_version: key } });
      let created = false;
      if (!dataset) {
        dataset = await tx.dataset.create({ data: { ...key, name: input.name, labels: input.labels, counts: input.counts } });
        created = true;
      }
      let utterancesInserted = 0;
      // One INSERT … SELECT unnest(arrays) per 5,000 rows (6 array parameters whatever the count):
      // ≈ 10× Prisma's createMany through the driver adapter.
      for (let i = 0; i < input.utterances.length; i += UTTERANCE_CHUNK) {
        const chunk = input.utterances.slice(i, i + UTTERANCE_CHUNK);
        const col = <K extends keyof UtteranceInput>(k: K) => chunk.map((u) => u[k]);
        utterancesInserted += await tx.$executeRaw(Prisma.sql`
          INSERT INTO "Utterance" ("datasetId", "uttId", "group", "speaker", "label", "path", "durationSec")
          SELECT ${dataset.id}::uuid, u, g, s, l, p, d
          FROM unnest(${col('uttId')}::text[], ${col('group')}::text[], ${col('speaker')}::text[], ${col('label')}::text[],
                      ${col('path')}::text[], ${col('durationSec')}::float8[]) AS t(u, g, s, l, p, d)
          ON CONFLICT ("datasetId", "uttId") DO NOTHING`);
      }
      return { dataset, created, utterancesInserted };
    });
  }

  get(id: string): Promise<Dataset | null> {
    return this.prisma.dataset.findUnique({ where: { id } });
  }

  async getOrThrow(id: string): Promise<Dataset> {
    const d = await this.get(id);
    if (!d) throw new NotFoundError('dataset', id);
    return d;
  }

  findByKey(key: DatasetKey): Promise<Dataset | null> {
    return this.prisma.dataset.findUnique({ where: { format_root_classes_version: key } });
  }

  /** Newest first; `name` filters to the versions of one dataset name. */
  list(opts: { name?: string; first?: number } = {}): Promise<Dataset[]> {
    return this.prisma.dataset.findMany({
      where: opts.name ? { name: opts.name } : {},
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: opts.first ?? 100,
    });
  }

  /** Utterances of a dataset (optionally one group), ordered by uttId. */
  utterances(datasetId: string, opts: { group?: string } = {}): Promise<Utterance[]> {
    return this.prisma.utterance.findMany({
      where: { datasetId, ...(opts.group !== undefined ? { group: opts.group } : {}) },
      orderBy: { uttId: 'asc' },
    });
  }

  /** Utterance count per cross-validation group. */
  async groups(datasetId: string): Promise<Array<{ group: string; count: number }>> {
    const rows = await this.prisma.utterance.groupBy({ by: ['group'], where: { datasetId }, _count: { _all: true }, orderBy: { group: 'asc' } });
    return rows.map((r) => ({ group: r.group, count: r._count._all }));
  }

  /** Deletes a dataset and its utterances (refused by the database while feature sets or sweeps use it). */
  async delete(id: string): Promise<void> {
    await this.prisma.dataset.delete({ where: { id } });
  }
}
