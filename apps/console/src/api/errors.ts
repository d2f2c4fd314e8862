import type { CombinedError } from 'urql';

export interface ErrorDescription {
  title: string;
  detail: string;
  kind: 'network' | 'auth' | 'forbidden' | 'graphql' | 'other';
}

function codeOf(e: CombinedError): string | undefined {
  for (const g of e.graphQLErrors ?? []) {
    const c = (g.extensions as { code?: unknown } | undefined)?.code;
    if (typeof c === 'string') return c;
  }
  const status = (e.response as { status?: number } | undefined)?.status;
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  return undefined;
}

/** Say what went wrong in words a researcher can act on. */
export function describeError(error: CombinedError | Error | string): ErrorDescription {
  if (typeof error === 'string') return { title: 'Something went wrong', detail: error, kind: 'other' };
  const ce = error as CombinedError;
  if ('graphQLErrors' in ce) {
    const code = codeOf(ce);
    if (code === 'UNAUTHENTICATED') return { title: 'Not signed in', detail: 'The API did not accept the token: sign in again with a valid token.', kind: 'auth' };
    if (code === 'FORBIDDEN') return { title: 'Not allowed', detail: 'This needs an operator token; yours is a viewer token.', kind: 'forbidden' };
    if (ce.networkError && !ce.graphQLErrors.length) {
      return { title: 'The API is not reachable', detail: `Could not reach the emosweep API (${ce.networkError.message}). Is \`npx emosweep serve\` running?`, kind: 'network' };
    }
    if (ce.graphQLErrors.length) return { title: 'The API refused the request', detail: ce.graphQLErrors.map((g) => g.message).join('\n'), kind: 'graphql' };
  }
  return { title: 'Something went wrong', detail: error.message, kind: 'other' };
}

/** Field-level issues the API attached to a validation error (`extensions.issues` or `extensions.field`). */
export function apiIssues(error: CombinedError | undefined): { path: string; message: string }[] {
  if (!error) return [];
  const out: { path: string; message: string }[] = [];
  for (const g of error.graphQLErrors ?? []) {
    const ext = (g.extensions ?? {}) as { issues?: unknown; field?: unknown; path?: unknown };
    if (Array.isArray(ext.issues)) {
      for (const i of ext.issues as { path?: unknown; field?: unknown; message?: unknown }[]) {
        const p = typeof i.path === 'string' ? i.path : typeof i.field === 'string' ? i.field : '';
        out.push({ path: p, message: String(i.message ?? g.message) });
      }
    } else if (typeof ext.field === 'string') out.push({ path: ext.field, message: g.message });
  }
  return out;
}
