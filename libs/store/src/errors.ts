import { Prisma } from './generated/prisma/client.js';

/** A row that the caller named does not exist. */
export class NotFoundError extends Error {
  constructor(
    readonly entity: string,
    readonly key: string,
  ) {
    super(`${entity} ${key} not found`);
    this.name = 'NotFoundError';
  }
}

/** A write that conflicts with existing state (duplicate name, illegal status transition…). */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

function prismaCode(e: unknown): string | undefined {
  return e instanceof Prisma.PrismaClientKnownRequestError ? e.code : undefined;
}

/** Unique constraint violated (Prisma P2002). */
export const isUniqueViolation = (e: unknown): boolean => prismaCode(e) === 'P2002';
/** Foreign key constraint violated (Prisma P2003). */
export const isForeignKeyViolation = (e: unknown): boolean => prismaCode(e) === 'P2003';
/** Record to update/delete not found (Prisma P2025). */
export const isRecordNotFound = (e: unknown): boolean => prismaCode(e) === 'P2025';

/**
 * Runs an upsert again when it lost a race on a unique key. Prisma runs upserts on compound keys
 * as read-then-insert, so two writers of the same new row can both try the INSERT; the loser's
 * retry then finds the row and updates it.
 */
export async function retryOnUniqueViolation<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= attempts || !isUniqueViolation(e)) throw e;
    }
  }
}
