import { SpecError } from '@emosweep/sweeps';
import { ApiError } from '../errors.js';

/** Runs `fn`, turning a SpecError into BAD_USER_INPUT whose message and `issues` name each field. */
export function withSpecErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw toApiError(e);
  }
}

export function toApiError(e: unknown): unknown {
  if (e instanceof SpecError || (e as Error)?.name === 'SpecError') {
    const se = e as SpecError;
    return new ApiError('BAD_USER_INPUT', se.message, {
      issues: (se.issues ?? []).map((i) => ({ path: i.path, message: i.message, ...(i.line !== undefined ? { line: i.line, column: i.column } : {}) })),
    });
  }
  return e;
}
