import { createRequire } from 'node:module';
import os from 'node:os';
import { NativeConnection, Runtime as TemporalRuntime, DefaultLogger, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities, TASK_QUEUES, type Device } from '@emosweep/activities';
import { initBackend } from '@emosweep/backend';
import type { ArtifactStore, Store } from '@emosweep/store';

const require = createRequire(import.meta.url);
let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
let runtimeInstalled = false;

/** Temporal's own logs stay quiet unless EMOSWEEP_LOG_LEVEL asks for more. */
export function installTemporalLogger(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  const level = (process.env.EMOSWEEP_LOG_LEVEL ?? 'warn').toUpperCase();
  TemporalRuntime.install({ logger: new DefaultLogger((['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'].includes(level) ? level : 'WARN') as 'WARN') });
}

/** The workflow bundle (libs/workflows), built once per process. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath: require.resolve('@emosweep/workflows'),
    logger: new DefaultLogger('WARN'),
    webpackConfigHook: (config) => {
      // Our sources import './x.js' for './x.ts' (ESM TypeScript); teach webpack the same.
      config.resolve = { ...config.resolve, extensionAlias: { '.js': ['.ts', '.js'] } };
      return config;
    },
  });
  return bundle;
}

export interface SweepWorkerOptions {
  address: string;
  namespace?: string;
  store: Store;
  artifacts: ArtifactStore;
  device?: Device;
  /** Fold activities run at once on this worker. */
  concurrency?: number;
  identity?: string;
}

/**
 * A worker for the device's task queue (fold training) that also serves workflows and the
 * control activities when it is the cpu worker.
 */
export async function createSweepWorker(opts: SweepWorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  installTemporalLogger();
  // Pick the TensorFlow.js backend (native TensorFlow when built) before any fold trains.
  await initBackend();
  const connection = await NativeConnection.connect({ address: opts.address });
  const device = opts.device ?? 'cpu';
  const worker = await Worker.create({
    connection,
    namespace: opts.namespace ?? 'default',
    taskQueue: TASK_QUEUES[device],
    workflowBundle: await workflowBundle(),
    activities: createActivities({ store: opts.store, artifacts: opts.artifacts, workerId: opts.identity }),
    maxConcurrentActivityTaskExecutions: Math.max(2, (opts.concurrency ?? 1) + 1),
    // Heartbeats reach the server at least every second, so a cancellation reaches a running
    // fold within about a second (the default throttle is 0.8 × the heartbeat timeout).
    maxHeartbeatThrottleInterval: '1s',
    identity: opts.identity ?? `${device}@${os.hostname()}:${process.pid}`,
    // On shutdown, running folds get this long to finish before they are cancelled (and then
    // resume from their last checkpoint on another worker).
    shutdownGraceTime: process.env.EMOSWEEP_SHUTDOWN_GRACE ?? '30s',
  });
  return { worker, connection };
}
