/**
 * `npm run bench:api`: the API under load on loopback, against the infra services
 * (`npm run infra:up`). Seeds a fresh database with 1,000 trials × 5 folds × 30 epochs, runs the
 * server in its own process (`emosweep serve --no-worker`, request logs at warn), then
 * - leaderboard and sweep queries with autocannon, 50 connections: requests/s, p50/p95/p99;
 * - subscription fan-out: 100 graphql-ws subscribers to one sweep, epoch rows written one at a
 *   time: delay from the row's commit to its delivery to each subscriber.
 * Options: --duration <s> (default 10), --connections <n> (50), --subscribers <n> (100), --writes <n> (100),
 * --no-cache (every request executed: the response cache off), --keep (keep the database).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { localServiceUrls } from '@emosweep/common';
import { createTestDatabase } from '../../../libs/store/src/testing.js';
import { seedSweep } from '../test/seed.js';

const args = process.argv.slice(2);
const opt = (name: string, d: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const DURATION = opt('duration', 10);
const CONNECTIONS = opt('connections', 50);
const SUBSCRIBERS = opt('subscribers', 100);
const WRITES = opt('writes', 100);
const here = path.dirname(fileURLToPath(import.meta.url));

/** CPU time (user + system) the server process has used, in ms (Linux /proc). */
function cpuMs(pid: number): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in clock ticks (100/s)
  } catch {
    return NaN;
  }
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const urls = localServiceUrls();
const t0 = Date.now();
const db = await createTestDatabase();
process.stderr.write(`database ${db.name}\n`);
const seedStart = Date.now();
const { sweepId } = await seedSweep(db.store, { trials: 1000, folds: 5, epochs: 30, name: 'bench-1000x5x30' });
const seedMs = Date.now() - seedStart;
const counts = await db.store.prisma.$queryRawUnsafe<{ t: number; f: number; e: number }[]>(
  `SELECT (SELECT count(*) FROM "Trial")::int t, (SELECT count(*) FROM "FoldRun")::int f, (SELECT count(*) FROM "EpochMetric")::int e`,
);
process.stderr.write(`seeded ${JSON.stringify(counts[0])} in ${seedMs} ms\n`);
const { secret: token } = await db.store.tokens.create({ name: 'bench', role: 'viewer' });

const port = await freePort();
const server = spawn(process.execPath, [...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), '--import', import.meta.resolve('tsx'), path.join(here, '../src/main.ts'), '--no-worker', '--port', String(port)], {
  env: {
    ...process.env,
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: urls.temporalAddress,
    S3_ENDPOINT: urls.s3Endpoint,
    EMOSWEEP_API_LOG_LEVEL: 'warn',
    EMOSWEEP_API_RESPONSE_CACHE: args.includes('--no-cache') ? '0' : '1',
    TSX_TSCONFIG_PATH: path.join(here, '../tsconfig.json'),
    EMOSWEEP_API_TOKEN_FILE: path.join(db.name, 'unused-token-file'),
  },
  stdio: ['ignore', 'inherit', 'pipe'],
});
let serverLog = '';
server.stderr!.on('data', (d) => (serverLog += d));
const base = `http://127.0.0.1:${port}`;

async function cleanup() {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  if (!args.includes('--keep')) await db.drop();
  else await db.store.close();
}

try {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const ok = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline || server.exitCode !== null) throw new Error(`server did not become ready:\n${serverLog}`);
    await new Promise((r) => setTimeout(r, 300));
  }

  const scenarios: { name: string; query: string }[] = [
    { name: 'leaderboard (top 20, folds)', query: `{ leaderboard(sweepId: "${sweepId}", metric: UA, first: 20) { rank mean std trial { id params mean { ua wa macroF1 } folds { heldOut metrics { ua wa macroF1 } } } } }` },
    { name: 'leaderboard (top 100, filtered)', query: `{ leaderboard(sweepId: "${sweepId}", metric: MACRO_F1, first: 100, filter: { representation: ["mfcc", "melspec"] }) { rank mean std trial { id representation lr seqLen } } }` },
    { name: 'sweep (100 trials, mean ± std)', query: `{ sweep(id: "${sweepId}") { id name status progress { completed total } trials(first: 100) { id index params mean { ua wa macroF1 } std { ua wa macroF1 } } } }` },
    { name: 'sweep curves (10 trials × 5 folds × 30 epochs)', query: `{ sweep(id: "${sweepId}") { trials(first: 10) { id folds { heldOut metrics { ua } epochs { epoch trainLoss valLoss valUa } } } } }` },
  ];
  const results: Record<string, unknown>[] = [];
  for (const s of scenarios) {
    const body = JSON.stringify({ query: s.query });
    const check = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    const checked = (await check.json()) as { errors?: unknown };
    if (checked.errors) throw new Error(`${s.name}: ${JSON.stringify(checked.errors)}`);
    const latencies: number[] = [];
    let non2xx = 0;
    const instance = autocannon({
      url: `${base}/graphql`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
      connections: CONNECTIONS,
      duration: DURATION,
    }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
    const cpu0 = cpuMs(server.pid!);
    instance.on('response', (_c: unknown, status: number, _bytes: number, ms: number) => {
      latencies.push(ms);
      if (status !== 200) non2xx++;
    });
    const r = await instance;
    const cpuPerRequest = (cpuMs(server.pid!) - cpu0) / Math.max(1, latencies.length);
    latencies.sort((a, b) => a - b);
    const row = {
      scenario: s.name,
      requests: latencies.length,
      'req/s': Math.round(r.requests.average),
      'p50 ms': +percentile(latencies, 50).toFixed(1),
      'p95 ms': +percentile(latencies, 95).toFixed(1),
      'p99 ms': +percentile(latencies, 99).toFixed(1),
      'server CPU ms/req': +cpuPerRequest.toFixed(2),
      'KiB/req': +(r.throughput.average / Math.max(1, r.requests.average) / 1024).toFixed(1),
      errors: r.errors + non2xx,
    };
    results.push(row);
    process.stderr.write(`${JSON.stringify(row)}\n`);
  }

  // Subscription fan-out: a running sweep with one fold, SUBSCRIBERS clients, WRITES epoch rows.
  const live = await db.store.sweeps.create({ name: 'bench-live', spec: {}, specText: '{}', seed: 1, device: 'cpu', trialCount: 1, foldCount: 1 });
  await db.store.sweeps.setStatus(live.id, 'running');
  const [trial] = await db.store.trials.upsertMany(live.id, [{ index: 0, paramsKey: 'live', params: {}, representation: 'mfcc', model: 'lstm', lr: 1e-3, seqLen: 100, fcLayers: 2 }]);
  const [fold] = await db.store.foldRuns.upsertMany(trial.id, [{ heldOut: 'Session1', seed: 1 }]);
  await db.store.foldRuns.start(fold.id);
  const committed = new Map<number, { before: number; after: number }>();
  const delays: number[] = [];
  const delaysFromStart: number[] = [];
  let snapshots = 0;
  const clients = Array.from({ length: SUBSCRIBERS }, () =>
    createClient({ url: `${base.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 }),
  );
  const done = clients.map(
    (c) =>
      new Promise<void>((resolve, reject) => {
        c.subscribe<{ sweepProgress: { kind: string; epoch: { epoch: number } | null } }>(
          { query: `subscription { sweepProgress(id: "${live.id}") { kind sweepStatus epoch { epoch trainLoss valUa } } }` },
          {
            next: (v) => {
              const now = performance.now();
              const e = v.data!.sweepProgress;
              if (e.kind === 'SNAPSHOT') snapshots++;
              if (e.epoch) {
                const w = committed.get(e.epoch.epoch);
                if (w) {
                  delays.push(now - w.after);
                  delaysFromStart.push(now - w.before);
                }
              }
            },
            error: reject,
            complete: resolve,
          },
        );
      }),
  );
  while (snapshots < SUBSCRIBERS) await new Promise((r) => setTimeout(r, 20));
  // Delays are measured from the end of the write (commit acknowledged) to arrival; a write whose
  // notification beats its own acknowledgement counts from its start.
  for (let e = 1; e <= WRITES; e++) {
    const before = performance.now();
    committed.set(e, { before, after: before });
    await db.store.epochs.record(fold.id, e, { trainLoss: 1 / e, valLoss: 1 / e, valUa: 0.5, valWa: 0.5, lr: 1e-3 });
    committed.set(e, { before, after: performance.now() });
    await new Promise((r) => setTimeout(r, 20));
  }
  await db.store.foldRuns.complete(fold.id, { ua: 0.5, wa: 0.5, macroF1: 0.5 });
  await db.store.sweeps.setStatus(live.id, 'completed');
  await Promise.all(done);
  for (const c of clients) await c.dispose();
  delays.sort((a, b) => a - b);
  delaysFromStart.sort((a, b) => a - b);
  const fan = {
    subscribers: SUBSCRIBERS,
    writes: WRITES,
    deliveries: delays.length,
    'p50 ms': +percentile(delays, 50).toFixed(2),
    'p95 ms': +percentile(delays, 95).toFixed(2),
    'p99 ms': +percentile(delays, 99).toFixed(2),
    'max ms': +delays[delays.length - 1].toFixed(2),
    'p95 ms from write start': +percentile(delaysFromStart, 95).toFixed(2),
  };
  process.stderr.write(`${JSON.stringify(fan)}\n`);

  const cols = Object.keys(results[0]);
  console.log(`\n### API benchmark (${new Date().toISOString()}, response cache ${args.includes('--no-cache') ? 'off' : 'on'}, ${CONNECTIONS} connections × ${DURATION} s per scenario, seeded 1,000 trials × 5 folds × 30 epochs in ${(seedMs / 1000).toFixed(1)} s)\n`);
  console.log(`| ${cols.join(' | ')} |\n| ${cols.map(() => '---').join(' | ')} |`);
  for (const r of results) console.log(`| ${cols.map((c) => r[c]).join(' | ')} |`);
  console.log(`\nsubscription fan-out: ${JSON.stringify(fan)}`);
  console.log(`total ${((Date.now() - t0) / 1000).toFixed(0)} s`);
} finally {
  await cleanup();
}
process.exit(0);
