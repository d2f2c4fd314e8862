import { GraphQLError } from 'graphql';

export type ApiErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'QUERY_TOO_COMPLEX' | 'QUERY_TOO_DEEP' | 'UNAVAILABLE';

const HTTP_STATUS: Partial<Record<ApiErrorCode, number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403 };

/** An error meant for the API's caller: its message is shown as is, with a machine-readable code. */
export class ApiError extends GraphQLError {
  constructor(code: ApiErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    const status = HTTP_STATUS[code];
    super(message, { extensions: { code, ...extensions, ...(status ? { http: { status } } : {}) } });
    this.name = 'ApiError';
  }
}

export const badInput = (message: string, extensions: Record<string, unknown> = {}) => new ApiError('BAD_USER_INPUT', message, extensions);
export const notFound = (what: string, id: string) => new ApiError('NOT_FOUND', `${what} ${id} not found`);

/** Page sizes: a missing value takes `def`, anything outside 1..max is refused (never silently clamped). */
export function pageSize(first: number | null | undefined, def: number, max: number, arg = 'first'): number {
  if (first === undefined || first === null) return def;
  if (!Number.isInteger(first) || first < 1 || first > max) throw badInput(`${arg} must be between 1 and ${max} (got ${first}); page through larger results with the cursor`, { argument: arg, max });
  return first;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs: anything else is a not-found without a database round trip (and no SQL cast error). */
export function isUuid(id: string | null | undefined): id is string {
  return typeof id === 'string' && UUID.test(id);
}
