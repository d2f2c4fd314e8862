import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startApi, type ApiHarness } from './harness.js';

let h: ApiHarness;

describe('auth: bearer tokens, roles, health and CORS', () => {
  beforeAll(async () => {
    h = await startApi({ config: { corsOrigins: ['http://console.test:5173'] } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('no token → 401 UNAUTHENTICATED', async () => {
    const r = await h.gql('{ sweeps { nodes { id } } }', {}, null);
    expect(r.status).toBe(401);
    expect(r.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect(r.errors![0].message).toMatch(/missing token/);
  });

  it('bad token → 401 UNAUTHENTICATED (and a non-Bearer header too)', async () => {
    const r = await h.gql('{ me { name } }', {}, 'esw_not-a-real-token');
    expect(r.status).toBe(401);
    expect(r.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const basic = await fetch(`${h.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Basic abc' }, body: '{"query":"{ me { name } }"}' });
    expect(basic.status).toBe(401);
  });

  it('viewer: queries yes, mutations FORBIDDEN (403)', async () => {
    const me = await h.gql<{ me: { role: string } }>('{ me { name role } }', {}, h.viewer);
    expect(me.data!.me.role).toBe('viewer');
    const r = await h.gql('mutation { cancelSweep(id: "00000000-0000-0000-0000-000000000000") { id } }', {}, h.viewer);
    expect(r.status).toBe(403);
    expect(r.errors![0].extensions!.code).toBe('FORBIDDEN');
    const op = await h.gql('mutation { cancelSweep(id: "00000000-0000-0000-0000-000000000000") { id } }', {}, h.operator);
    expect(op.errors![0].extensions!.code).toBe('NOT_FOUND');
  });

  it('revoked token → 401', async () => {
    const { token, secret } = await h.db.store.tokens.create({ name: 'short-lived', role: 'operator' });
    expect((await h.gql('{ me { name } }', {}, secret)).status).toBe(200);
    await h.db.store.tokens.revoke(token.id);
    const r = await h.gql('{ me { name } }', {}, secret);
    expect(r.status).toBe(401);
    expect(r.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    // tokens are stored hashed: the secret is nowhere in the table
    const rows = await h.db.store.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "ApiToken" WHERE hash = $1 OR name = $1`, secret);
    expect(rows[0].n).toBe(0);
  });

  it('subscriptions: no token closes the socket with 4401; a viewer may subscribe; mutations over the socket need an operator', async () => {
    const closed = await new Promise<number>((resolve) => {
      const c = createClient({ url: `${h.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0, on: { closed: (e) => resolve((e as { code: number }).code) } });
      c.subscribe({ query: 'subscription { sweepProgress(id: "00000000-0000-0000-0000-000000000000") { kind } }' }, { next: () => {}, error: () => {}, complete: () => {} });
    });
    expect(closed).toBe(4401);
    const err = await new Promise<unknown>((resolve) => {
      h.ws(h.viewer).subscribe({ query: 'subscription { sweepProgress(id: "00000000-0000-0000-0000-000000000000") { kind } }' }, { next: (v) => resolve(v.errors), error: resolve, complete: () => resolve(null) });
    });
    expect(JSON.stringify(err)).toMatch(/sweep 00000000-0000-0000-0000-000000000000 not found/);
    const forbidden = await new Promise<unknown>((resolve) => {
      h.ws(h.viewer).subscribe({ query: 'mutation { cancelSweep(id: "x") { id } }' }, { next: () => {}, error: resolve, complete: () => resolve(null) });
    });
    expect(JSON.stringify(forbidden)).toMatch(/FORBIDDEN/);
  });

  it('healthz and readyz need no token; readyz checks Postgres, Temporal and the object store', async () => {
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    const r = await fetch(`${h.url}/readyz`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { status: string; checks: Record<string, { ok: boolean }> };
    expect(body.status).toBe('ready');
    expect(Object.keys(body.checks).sort()).toEqual(['objectStore', 'postgres', 'progressListener', 'temporal']);
  });

  it('CORS answers the console origin only', async () => {
    const pre = (origin: string) =>
      fetch(`${h.url}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    const ok = await pre('http://console.test:5173');
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://console.test:5173');
    const evil = await pre('https://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('a JSON body over the limit is refused', async () => {
    const r = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.operator}` },
      body: JSON.stringify({ query: 'mutation($s: String!) { dryRunSweep(spec: $s) { trials } }', variables: { s: 'x'.repeat(2 << 20) } }),
    });
    expect(r.status).toBe(413);
  });
});
