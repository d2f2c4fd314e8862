import type { Checkpoint, CheckpointKind, PrismaClient } from '../generated/prisma/client.js';
import { retryOnUniqueViolation } from '../errors.js';

export interface CheckpointInput {
  epoch: number;
  objectKey: string;
  sha256: string;
  sizeBytes: number | bigint;
}

export class CheckpointRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Records the `latest` or `best` checkpoint of a fold run (replaces the previous one of that kind). */
  put(foldRunId: string, kind: CheckpointKind, input: CheckpointInput): Promise<Checkpoint> {
    const values = { epoch: input.epoch, objectKey: input.objectKey, sha256: input.sha256, sizeBytes: BigInt(input.sizeBytes) };
    return retryOnUniqueViolation(() =>
      this.prisma.checkpoint.upsert({
        where: { foldRunId_kind: { foldRunId, kind } },
        create: { foldRunId, kind, ...values },
        update: values,
      }),
    );
  }

  get(foldRunId: string, kind: CheckpointKind): Promise<Checkpoint | null> {
    return this.prisma.checkpoint.findUnique({ where: { foldRunId_kind: { foldRunId, kind } } });
  }

  list(foldRunId: string): Promise<Checkpoint[]> {
    return this.prisma.checkpoint.findMany({ where: { foldRunId }, orderBy: { kind: 'asc' } });
  }
}
