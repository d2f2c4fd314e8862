/**
 * The Temporal worker process: one task queue per device (EMOSWEEP_WORKER_DEVICE=cpu|gpu),
 * fold concurrency from EMOSWEEP_WORKER_CONCURRENCY, services from env (DATABASE_URL,
 * TEMPORAL_ADDRESS, S3_ENDPOINT …). SIGTERM/SIGINT shut it down gracefully: no new folds are
 * taken, running ones get EMOSWEEP_SHUTDOWN_GRACE to finish, then they are cancelled and resume
 * from their last checkpoint on another worker.
 */
import { createLogger, loadServiceConfig, InputError } from '@emosweep/common';
import { initBackend } from '@emosweep/backend';
import { createArtifactStore, createStore } from '@emosweep/store';
import { createSweepWorker } from '@emosweep/runtime';
import type { Device } from '@emosweep/activities';

const log = createLogger('worker', process.env.EMOSWEEP_LOG_LEVEL ?? 'info');
const config = loadServiceConfig();
const device = (process.env.EMOSWEEP_WORKER_DEVICE ?? 'cpu') as Device;
if (device !== 'cpu' && device !== 'gpu') throw new InputError('EMOSWEEP_WORKER_DEVICE', `"${device}" is not one of cpu, gpu`);
if (!config.temporalAddress || !config.databaseUrl) {
  throw new InputError('environment', 'the worker needs TEMPORAL_ADDRESS and DATABASE_URL (and S3_ENDPOINT for a shared artifact store)');
}
const concurrency = Number(process.env.EMOSWEEP_WORKER_CONCURRENCY ?? 1);

const backend = await initBackend();
const store = await createStore({ databaseUrl: config.databaseUrl });
const artifacts = createArtifactStore(config);
await artifacts.check();
const { worker, connection } = await createSweepWorker({ address: config.temporalAddress, namespace: config.temporalNamespace, store, artifacts, device, concurrency });
log.info({ device, concurrency, backend, temporal: config.temporalAddress, artifacts: artifacts.location }, 'worker started');
// The SDK installs SIGINT/SIGTERM handlers that call shutdown(); run() resolves once drained.
await worker.run();
await connection.close();
await store.close();
log.info('worker stopped');
