/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are checked field by field against the database */
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeFromClient } from '@emosweep/store';
// The generated client class (the store exports only its type): a client over a counting pool.
import { PrismaClient } from '../../../libs/store/src/generated/prisma/client.js';
import { startApi, waitFor, type ApiHarness } from './harness.js';
import { seedSweep } from './seed.js';

let h: ApiHarness;
let sweepId: string;
/** Every SQL statement the API's store sends, counted at the driver. */
let statements = 0;
const log: string[] = [];

class CountingClient extends pg.Client {
  override query(...args: unknown[]): never {
    statements++;
    const q = args[0] as string | { text?: string };
    log.push(typeof q === 'string' ? q : (q?.text ?? ''));
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}

function countingStore(url: string) {
  const adapter = new PrismaPg({ connectionString: url, max: 5, Client: CountingClient } as pg.PoolConfig);
  return storeFromClient(new PrismaClient({ adapter }), 'postgres');
}

async function countQueries(fn: () => Promise<unknown>): Promise<number> {
  const before = statements;
  log.length = 0;
  await fn();
  return statements - before;
}

const LEADERBOARD = `query($id: ID!, $n: Int!) { leaderboard(sweepId: $id, first: $n, metric: UA) {
  rank mean std trial { id params mean { ua wa macroF1 } folds { heldOut status metrics { ua } confusion epochs(first: 5) { epoch valUa } } sweep { id name } } } }`;

describe('limits: depth, complexity, pagination caps, batched SQL', () => {
  beforeAll(async () => {
    h = await startApi({ apiStore: countingStore });
    ({ sweepId } = await seedSweep(h.db.store, { trials: 200, folds: 5, epochs: 3 }));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a leaderboard of 200 trials × 5 folds × epochs costs the same few SQL statements as one of 5', async () => {
    await h.gql('{ me { name } }'); // token lastUsedAt stamp out of the way
    let small: any;
    let big: any;
    const q5 = await countQueries(async () => (small = await h.gql(LEADERBOARD, { id: sweepId, n: 5 })));
    const q200 = await countQueries(async () => (big = await h.gql(LEADERBOARD, { id: sweepId, n: 200 })));
    expect(small.errors).toBeUndefined();
    expect(big.errors).toBeUndefined();
    expect(big.data.leaderboard).toHaveLength(200);
    expect(big.data.leaderboard[199].trial.folds).toHaveLength(5);
    expect(big.data.leaderboard[199].trial.folds[4].epochs).toHaveLength(3);
    // token check, leaderboard (+ its sweep include), folds, epochs, sweeps — whatever the page size
    console.log(`SQL statements: leaderboard of 5 → ${q5}, of 200 → ${q200}:\n  ${log.join('\n  ').replace(/\s+/g, ' ').slice(0, 2000)}`);
    expect(q200).toBe(q5);
    expect(q200).toBeLessThanOrEqual(7);
    // ranks follow the stored means
    const means = big.data.leaderboard.map((e: any) => e.mean);
    expect(means).toEqual([...means].sort((a: number, b: number) => b - a));
  });

  it('a sweep with all its trials, folds and epochs is a constant number of statements too', async () => {
    const q = `query($id: ID!) { sweep(id: $id) { id progress { completed } trials(first: 200) { id folds { id epochs { epoch } } } } }`;
    let r: any;
    const n = await countQueries(async () => (r = await h.gql(q, { id: sweepId })));
    expect(r.errors).toBeUndefined();
    expect(r.data.sweep.progress.completed).toBe(1000);
    expect(n).toBeLessThanOrEqual(7);
  });

  it('serves a repeated sweep query from the response cache until a write to that sweep is notified', async () => {
    const q = `query($id: ID!) { leaderboard(sweepId: $id, first: 3) { rank mean trial { id foldsDone mean { ua } } } }`;
    const first: any = await h.gql(q, { id: sweepId });
    const cold = await countQueries(() => h.gql(q, { id: sweepId, n: 1 })); // other variables: a miss
    const warm = await countQueries(() => h.gql(q, { id: sweepId, n: 1 }));
    expect(cold).toBeGreaterThan(1);
    expect(warm).toBe(1); // the token lookup only
    // a cached answer still needs a valid token
    expect((await h.gql(q, { id: sweepId, n: 1 }, null)).status).toBe(401);
    expect((await h.gql(q, { id: sweepId, n: 1 }, 'esw_wrong')).status).toBe(401);
    // a worker's write to one of its trials notifies; the next answer is fresh
    const top = first.data.leaderboard[0].trial.id;
    await h.db.store.trials.setAggregate(top, { meanUa: 0.99, meanWa: 0.99, meanMacroF1: 0.99, stdUa: 0, stdWa: 0, stdMacroF1: 0, foldsDone: 5 });
    const fresh: any = await waitFor('the cache to drop the sweep', async () => {
      const r: any = await h.gql(q, { id: sweepId });
      return r.data.leaderboard[0].mean === 0.99 ? r : undefined;
    }, 10_000, 20);
    expect(fresh.data.leaderboard[0].trial).toEqual({ id: top, foldsDone: 5, mean: { ua: 0.99 } });
    // checkpoints are not covered by the notifications: never cached
    const ck = `query($id: ID!) { sweep(id: $id) { trials(first: 1) { folds { bestCheckpoint { epoch } } } } }`;
    await h.gql(ck, { id: sweepId });
    expect(await countQueries(() => h.gql(ck, { id: sweepId }))).toBeGreaterThan(1);
  });

  it('refuses a query nested 20 deep before running it', async () => {
    let sel = 'id';
    for (let i = 0; i < 9; i++) sel = `trials { sweep { ${sel} } }`;
    const q = `query($id: ID!) { sweep(id: $id) { ${sel} } }`;
    const before = statements;
    const r = await h.gql(q, { id: sweepId });
    expect(r.status).toBe(400);
    expect(r.errors![0].extensions!.code).toBe('QUERY_TOO_DEEP');
    expect(r.errors![0].message).toMatch(/nested 20 levels deep, over the limit of 10/);
    expect(statements - before).toBeLessThanOrEqual(1); // the token lookup only
  });

  it('refuses a query asking for 10,000 trials × folds × epochs before running it', async () => {
    for (const q of [
      `query($id: ID!) { sweep(id: $id) { trials(first: 10000) { id folds { heldOut epochs { epoch trainLoss valLoss valUa } } } } }`,
      `{ leaderboard(first: 10000) { trial { folds { epochs(first: 1000) { epoch valUa } } } } }`,
    ]) {
      const before = statements;
      const r = await h.gql(q, { id: sweepId });
      expect(r.status).toBe(400);
      expect(r.errors![0].extensions!.code).toBe('QUERY_TOO_COMPLEX');
      expect(r.errors![0].message).toMatch(/query cost \d+ is over the limit of 500000/);
      expect(statements - before).toBeLessThanOrEqual(1);
    }
  });

  it('caps page sizes with a clear error', async () => {
    const r = await h.gql('{ leaderboard(first: 1000) { rank } }');
    expect(r.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(r.errors![0].message).toMatch(/first must be between 1 and 500/);
    const s = await h.gql('{ sweeps(first: 101) { nodes { id } } }');
    expect(s.errors![0].message).toMatch(/first must be between 1 and 100/);
  });

  it('pages through sweeps with cursors', async () => {
    for (let i = 0; i < 3; i++) await seedSweep(h.db.store, { trials: 1, folds: 1, epochs: 1, name: `page-${i}` });
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const r: any = await h.gql('query($a: String) { sweeps(first: 2, after: $a) { nodes { id name } pageInfo { hasNextPage endCursor } } }', { a: after });
      seen.push(...r.data.sweeps.nodes.map((n: any) => n.name));
      if (!r.data.sweeps.pageInfo.hasNextPage) break;
      after = r.data.sweeps.pageInfo.endCursor;
    }
    expect(seen).toEqual(['page-2', 'page-1', 'page-0', 'seeded-200x5x3']);
  });
});
