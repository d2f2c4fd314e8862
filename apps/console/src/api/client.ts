/** The urql client: queries and mutations over HTTP, subscriptions over graphql-ws, both with the token. */
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from 'urql';
import { describeError } from './errors';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';

export const GRAPHQL_PATH = '/graphql';

export function httpUrl(): string {
  return new URL(GRAPHQL_PATH, window.location.href).toString();
}

export function wsUrl(): string {
  const u = new URL(GRAPHQL_PATH, window.location.href);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  return u.toString();
}

export interface ApiClients {
  client: Client;
  ws: WsClient;
  dispose(): void;
}

export function createApiClient(token: string, onUnauthenticated?: () => void): ApiClients {
  const ws = createWsClient({
    url: wsUrl(),
    lazy: true,
    // the token travels in connection_init (browsers cannot set headers on a WebSocket)
    connectionParams: { Authorization: `Bearer ${token}`, authorization: `Bearer ${token}`, token },
    retryAttempts: 20,
    shouldRetry: () => true,
    on: {
      closed: (ev) => {
        const code = (ev as { code?: number } | undefined)?.code;
        if (code === 4401 || code === 4403) onUnauthenticated?.();
      },
    },
  });
  const client = new Client({
    url: httpUrl(),
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
    fetchOptions: () => ({ headers: { Authorization: `Bearer ${token}` } }),
    exchanges: [
      // a token revoked while the console is open: back to the sign-in page, saying why
      mapExchange({
        onError(error) {
          if (describeError(error).kind === 'auth') onUnauthenticated?.();
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });
  return {
    client,
    ws,
    dispose() {
      void ws.dispose();
    },
  };
}

type Gql = { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };

async function post(token: string, query: string): Promise<{ status: number; body?: Gql }> {
  let res: Response;
  try {
    res = await fetch(httpUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
  } catch (e) {
    throw new Error(`The API is not reachable (${(e as Error).message}). Is \`npx emosweep serve\` running?`);
  }
  let body: Gql | undefined;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  return { status: res.status, body };
}

/** Sign-in check: is the token accepted, and what may it do (`me { name role }`)? */
export async function fetchRole(token: string): Promise<{ role: 'viewer' | 'operator'; name?: string | null }> {
  const res = await post(token, 'query SignIn { me { name role } }');
  const err = res.body?.errors?.[0];
  if (res.status === 401 || err?.extensions?.code === 'UNAUTHENTICATED') throw new Error(`The API did not accept this token${err ? `: ${err.message}` : ''}.`);
  if (err) throw new Error(err.message);
  const me = res.body?.data?.me as { name: string; role: string } | undefined;
  if (res.status >= 400 || !me) throw new Error(`The API answered HTTP ${res.status}.`);
  return { role: me.role === 'operator' ? 'operator' : 'viewer', name: me.name || null };
}
