import type { FeatureSet, Prisma, PrismaClient } from '../generated/prisma/client.js';
import { isUniqueViolation, NotFoundError } from '../errors.js';

export interface FeatureSetMeta {
  datasetId: string;
  representation: string;
  params: Prisma.InputJsonValue;
  extractorVersion: string;
  /** Where the computed features go in the artifact store. */
  objectKey: string;
  creatorSweepId?: string | null;
}

export interface ClaimOptions {
  /** Identity of the claimant (worker/activity id). The same owner re-claiming gets its claim back. */
  owner: string;
  /** A `computing` claim older than this is considered abandoned and can be taken over (default 30 min). */
  staleAfterMs?: number;
}

/**
 * - `ready`: the feature set exists; use it (and count the reuse with `incrementReuse`).
 * - `claimed`: the caller now owns computing it; finish with `markReady` or `markFailed`.
 * - `busy`: someone else is computing it; wait and claim again.
 */
export type FeatureSetClaim =
  | { state: 'ready'; featureSet: FeatureSet }
  | { state: 'claimed'; featureSet: FeatureSet }
  | { state: 'busy'; featureSet: FeatureSet };

export interface FeatureSetResult {
  sizeBytes: number | bigint;
  sha256: string;
  utteranceCount?: number;
  totalFrames?: number | bigint;
  dims?: number;
  computeMs?: number;
}

export class FeatureSetRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Claims the computation of feature set `key`, or returns the ready one. Race-safe: the claim is
   * a single conditional UPDATE (or the INSERT that wins the primary key), so of two callers racing
   * for the same key exactly one gets `claimed` and the other `busy` (or `ready` afterwards).
   */
  async claim(key: string, meta: FeatureSetMeta, opts: ClaimOptions): Promise<FeatureSetClaim> {
    const staleBefore = new Date(Date.now() - (opts.staleAfterMs ?? 30 * 60_000));
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = new Date();
      const { count } = await this.prisma.featureSet.updateMany({
        where: {
          key,
          OR: [
            { status: { in: ['pending', 'failed'] } },
            { status: 'computing', claimedBy: opts.owner },
            { status: 'computing', OR: [{ claimedAt: null }, { claimedAt: { lt: staleBefore } }] },
          ],
        },
        data: { status: 'computing', claimedBy: opts.owner, claimedAt: now, error: null },
      });
      if (count === 1) return { state: 'claimed', featureSet: await this.getOrThrow(key) };
      const existing = await this.get(key);
      if (existing) return { state: existing.status === 'ready' ? 'ready' : 'busy', featureSet: existing };
      try {
        const featureSet = await this.prisma.featureSet.create({
          data: {
            key,
            datasetId: meta.datasetId,
            representation: meta.representation,
            params: meta.params,
            extractorVersion: meta.extractorVersion,
            objectKey: meta.objectKey,
            creatorSweepId: meta.creatorSweepId ?? null,
            status: 'computing',
            claimedBy: opts.owner,
            claimedAt: now,
          },
        });
        return { state: 'claimed', featureSet };
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        // lost the insert race: look again
      }
    }
    const fs = await this.getOrThrow(key);
    return { state: fs.status === 'ready' ? 'ready' : 'busy', featureSet: fs };
  }

  /**
   * Records the computed result. Idempotent: a retried call after success returns the ready row
   * unchanged. With `owner`, only that claimant's claim is completed.
   */
  async markReady(key: string, result: FeatureSetResult, opts: { owner?: string } = {}): Promise<FeatureSet> {
    await this.prisma.featureSet.updateMany({
      where: { key, status: { not: 'ready' }, ...(opts.owner ? { claimedBy: opts.owner } : {}) },
      data: {
        status: 'ready',
        sizeBytes: BigInt(result.sizeBytes),
        sha256: result.sha256,
        utteranceCount: result.utteranceCount ?? null,
        totalFrames: result.totalFrames === undefined ? null : BigInt(result.totalFrames),
        dims: result.dims ?? null,
        computeMs: result.computeMs ?? null,
        error: null,
      },
    });
    return this.getOrThrow(key);
  }

  /** Marks a claimed computation failed (a ready feature set is never downgraded). */
  async markFailed(key: string, error: string, opts: { owner?: string } = {}): Promise<FeatureSet> {
    await this.prisma.featureSet.updateMany({
      where: { key, status: { in: ['pending', 'computing'] }, ...(opts.owner ? { claimedBy: opts.owner } : {}) },
      data: { status: 'failed', error },
    });
    return this.getOrThrow(key);
  }

  /** Counts one more sweep that reused this feature set instead of computing it. */
  async incrementReuse(key: string, by = 1): Promise<FeatureSet> {
    return this.prisma.featureSet.update({ where: { key }, data: { reuseCount: { increment: by } } });
  }

  get(key: string): Promise<FeatureSet | null> {
    return this.prisma.featureSet.findUnique({ where: { key } });
  }

  async getOrThrow(key: string): Promise<FeatureSet> {
    const fs = await this.get(key);
    if (!fs) throw new NotFoundError('feature set', key);
    return fs;
  }

  list(opts: { datasetId?: string; representation?: string; status?: FeatureSet['status'] } = {}): Promise<FeatureSet[]> {
    return this.prisma.featureSet.findMany({
      where: {
        ...(opts.datasetId ? { datasetId: opts.datasetId } : {}),
        ...(opts.representation ? { representation: opts.representation } : {}),
        ...(opts.status ? { status: opts.status } : {}),
      },
      orderBy: [{ createdAt: 'desc' }, { key: 'asc' }],
    });
  }
}
