/** The urql client: queries and mutations over HTTP, subscriptions over graphql-ws, both with the token. */
import { Client, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';
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

/** One-off POST used by sign-in (before a client exists) to learn the token's role. */
export async function fetchRole(token: string): Promise<{ role: 'viewer' | 'operator'; name?: string | null }> {
  let res: Response;
  try {
    res = await fetch(httpUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'query Me { me { role name } }' }),
    });
  } catch (e) {
    throw new Error(`The API is not reachable (${(e as Error).message}). Is \`npx emosweep serve\` running?`);
  }
  let body: { data?: { me?: { role?: string; name?: string | null } }; errors?: { message: string; extensions?: { code?: string } }[] } | undefined;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const err = body?.errors?.[0];
  if (res.status === 401 || err?.extensions?.code === 'UNAUTHENTICATED') throw new Error('The API did not accept this token (wrong, revoked or expired).');
  if (err) throw new Error(err.message);
  if (!res.ok || !body?.data?.me?.role) throw new Error(`The API answered ${res.status} ${res.statusText}`.trim());
  const role = String(body.data.me.role).toLowerCase();
  return { role: role === 'operator' ? 'operator' : 'viewer', name: body.data.me.name };
}
