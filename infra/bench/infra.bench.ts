/**
 * `npm run bench:infra`: the services of `npm run infra:up`, measured.
 *  - Temporal: activity round trip (200 sequential activities in one workflow) and one-activity
 *    workflow latency (200 workflows), p50/p95;
 *  - Postgres insert rate for epoch-metric rows, MinIO put/get MB/s for 10 MB objects (libs/store);
 *  - warm `infra:up` (services stopped, then started again on the same data).
 * `--json` prints one JSON object.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { localServiceUrls } from '@emosweep/common';
import { benchStore } from '../../libs/store/bench/infra.bench.js';
import * as activities from '../test/fixtures/activities.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const json = process.argv.includes('--json');
Runtime.install({ logger: new DefaultLogger('WARN') });

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}
const round = (x: number) => Math.round(x * 10) / 10;

async function benchTemporal(n = 200) {
  const address = localServiceUrls().temporalAddress;
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const taskQueue = `bench-${process.pid}`;
  const workerConnection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection: workerConnection,
    taskQueue,
    workflowBundle: await bundleWorkflowCode({ workflowsPath: path.join(here, 'workflows.ts'), logger: new DefaultLogger('WARN') }),
    activities,
  });
  const result = await worker.runUntil(async () => {
    // Round trips measured inside one workflow (workflow time between schedule and completion).
    const inner = await client.workflow.execute('activityLoop', { taskQueue, workflowId: `${taskQueue}-loop`, args: [n] });
    const perWorkflow: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await client.workflow.execute('oneActivity', { taskQueue, workflowId: `${taskQueue}-one-${i}` });
      perWorkflow.push(performance.now() - t0);
    }
    return { inner, perWorkflow };
  });
  await workerConnection.close();
  await connection.close();
  return {
    activities: n,
    activityRoundTripMs: { p50: round(quantile(result.inner, 0.5)), p95: round(quantile(result.inner, 0.95)) },
    oneActivityWorkflowMs: { p50: round(quantile(result.perWorkflow, 0.5)), p95: round(quantile(result.perWorkflow, 0.95)) },
  };
}

function warmInfraUp(): number {
  const script = path.join(here, '..', 'infra.sh');
  execFileSync('bash', [script, 'down'], { stdio: 'ignore' });
  const t0 = performance.now();
  execFileSync('bash', [script, 'up'], { stdio: 'ignore' });
  return Math.round(performance.now() - t0);
}

const temporal = await benchTemporal();
const store = await benchStore();
const infraUpWarmMs = process.argv.includes('--skip-restart') ? null : warmInfraUp();
const out = { loadavg: os.loadavg().map(round), temporal, store, infraUpWarmMs };
if (json) {
  console.log(JSON.stringify(out, null, 2));
} else {
  console.log(`load average ${out.loadavg.join(' ')}`);
  console.log(`Temporal: activity round trip p50 ${temporal.activityRoundTripMs.p50} ms, p95 ${temporal.activityRoundTripMs.p95} ms (${temporal.activities} sequential activities in one workflow)`);
  console.log(`Temporal: one-activity workflow p50 ${temporal.oneActivityWorkflowMs.p50} ms, p95 ${temporal.oneActivityWorkflowMs.p95} ms (client start → result)`);
  console.log(`Postgres: epoch rows/s recordMany ${Math.round(store.postgres.repositoryRecordManyRowsPerSec)}, Prisma createMany ${Math.round(store.postgres.prismaCreateManyRowsPerSec)}, raw pg ${Math.round(store.postgres.rawPgMultiRowRowsPerSec)}`);
  console.log(`MinIO: ${JSON.stringify(store.minio)}`);
  if (infraUpWarmMs !== null) console.log(`infra:up (warm, after infra:down): ${infraUpWarmMs} ms`);
}
