/**
 * `npm run bench:sweep`: orchestration cost of a 50-trial × 5-fold sweep with a tiny model and one
 * epoch on the services of `npm run infra:up` (fresh database), with an in-process worker.
 * Prints wall time, per-fold orchestration overhead (activity time in Temporal minus the fold's own
 * work as recorded by the worker) p50/p95, feature extractions vs distinct feature keys, Temporal
 * history events per sweep, and a dry-run expansion of 1,000 trials × 5 folds. `--json` for JSON.
 */
import os from 'node:os';
import proto from '@temporalio/proto';
import { dryRun, parseSweepSpec } from '@emosweep/sweeps';
import { createSweepWorker, SweepService } from '../src/index.js';
import { openServices, smallCorpus } from '../test/harness.js';

const json = process.argv.includes('--json');
const EventType = proto.temporal.api.enums.v1.EventType;
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) => Number(t?.seconds ?? 0) * 1000 + (t?.nanos ?? 0) / 1e6;

const services = await openServices();
const corpus = await smallCorpus();
const lrs = Array.from({ length: 25 }, (_, i) => Number((1e-3 * (1 + i / 10)).toPrecision(3)));
const specText = JSON.stringify({
  name: 'bench-sweep',
  dataset: { format: 'iemocap', root: corpus, classes: 4 },
  grid: { representation: ['mfcc'], model: ['lstm'], lr: lrs, seqLen: [10, 20], fcLayers: [2] },
  training: { epochs: 1, batchSize: 16, earlyStopping: false },
  cv: { strategy: 'leave-one-group-out' },
  seed: 1,
  maxConcurrentFolds: 2,
});
const service = new SweepService(services.db.store, services.client);
const { worker, connection } = await createSweepWorker({ address: services.env.TEMPORAL_ADDRESS!, store: services.db.store, artifacts: services.artifacts, concurrency: 2 });
const t0 = performance.now();
const { sweep, workflowId } = await service.launch(specText);
const result = await worker.runUntil(service.result(sweep.id));
const wallS = (performance.now() - t0) / 1000;
await connection.close();

// Per-fold overhead from the histories of the sweep and its batch child workflows.
const handles = [workflowId, ...Array.from({ length: Math.ceil(50 / 100) }, (_, b) => `${workflowId}-batch-${b}`)];
let events = 0;
const scheduled = new Map<number, number>();
const activityMs: number[] = [];
for (const id of handles) {
  const history = await services.client.workflow.getHandle(id).fetchHistory();
  events += history.events?.length ?? 0;
  for (const e of history.events ?? []) {
    const at = ms(e.eventTime);
    if (e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED && e.activityTaskScheduledEventAttributes?.activityType?.name === 'trainFold') scheduled.set(Number(e.eventId), at);
    if (e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
      const s = scheduled.get(Number(e.activityTaskCompletedEventAttributes?.scheduledEventId));
      if (s !== undefined) activityMs.push(at - s);
    }
  }
}
const folds = await services.db.store.foldRuns.listBySweep(sweep.id);
const workMs = folds.map((f) => f.finishedAt!.getTime() - f.startedAt!.getTime()).sort((a, b) => a - b);
const sortedActivity = [...activityMs].sort((a, b) => a - b);
const overhead = sortedActivity.map((a, i) => a - workMs[i]);
const featureSets = await services.db.store.featureSets.list({});
const t1 = performance.now();
const big = dryRun(
  parseSweepSpec({
    name: 'big',
    dataset: { format: 'iemocap', root: '/data', classes: 4 },
    grid: { representation: ['mfcc', 'melspec'], model: ['lstm'], lr: Array.from({ length: 50 }, (_, i) => (i + 1) * 1e-5), seqLen: [10, 50, 100, 150, 200], fcLayers: [2, 3] },
  }),
);
const dryRunMs = performance.now() - t1;
await services.close();

const out = {
  loadavg: os.loadavg().map((x) => Math.round(x * 10) / 10),
  trials: sweep.trialCount,
  foldRuns: folds.length,
  status: result.status,
  wallSeconds: Math.round(wallS * 10) / 10,
  foldWorkMs: { p50: Math.round(q(workMs, 0.5)), p95: Math.round(q(workMs, 0.95)) },
  foldOverheadMs: { p50: Math.round(q(overhead, 0.5)), p95: Math.round(q(overhead, 0.95)) },
  featureExtractions: result.featureSetsComputed,
  distinctFeatureKeys: featureSets.length,
  historyEvents: events,
  dryRun1000x5: { trials: big.trials, foldRuns: big.foldRuns, ms: Math.round(dryRunMs * 10) / 10 },
};
if (json) console.log(JSON.stringify(out, null, 2));
else {
  console.log(`load average ${out.loadavg.join(' ')}`);
  console.log(`${out.trials} trials × 5 folds (${out.foldRuns} fold runs), 1 epoch: ${out.status} in ${out.wallSeconds} s`);
  console.log(`fold work (worker-side) p50 ${out.foldWorkMs.p50} ms, p95 ${out.foldWorkMs.p95} ms; orchestration overhead p50 ${out.foldOverheadMs.p50} ms, p95 ${out.foldOverheadMs.p95} ms`);
  console.log(`feature extractions ${out.featureExtractions} (distinct feature keys ${out.distinctFeatureKeys}); Temporal history events ${out.historyEvents} (sweep + batch children)`);
  console.log(`dry run ${out.dryRun1000x5.trials} trials × 5 = ${out.dryRun1000x5.foldRuns} fold runs in ${out.dryRun1000x5.ms} ms`);
}
