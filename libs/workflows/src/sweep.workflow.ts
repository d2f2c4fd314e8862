import {
  ActivityCancellationType,
  CancellationScope,
  defineQuery,
  executeChild,
  isCancellation,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { batchTrials, foldSeed } from '@emosweep/sweeps/core';
import type {
  PreparedSweep,
  SweepActivities,
  SweepProgress,
  SweepResult,
  SweepWorkflowInput,
  TrainFoldInput,
} from '@emosweep/activities/types';
import { TASK_QUEUES } from '@emosweep/activities/types';
import { runBounded } from './semaphore.js';

export const progressQuery = defineQuery<SweepProgress>('progress');

/** Trials per child workflow: keeps each history far below Temporal's limits (1,000 × 5 = 10 children). */
export const TRIALS_PER_BATCH = 100;

const control = proxyActivities<SweepActivities>({
  taskQueue: TASK_QUEUES.cpu,
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { maximumAttempts: 5, initialInterval: '1s', nonRetryableErrorTypes: ['InputError', 'SpecError'] },
});

function featureKeyId(representation: string, params: Record<string, unknown>): string {
  return `${representation}:${JSON.stringify(params)}`;
}

/**
 * One sweep: prepare rows, make sure every feature set exists (computed once per content key),
 * fan trials × folds out as child workflows of bounded size, then record the outcome.
 */
export async function sweepWorkflow(input: SweepWorkflowInput): Promise<SweepResult> {
  const progress: SweepProgress = {
    phase: 'preparing',
    featureSets: { total: 0, ready: 0 },
    foldRuns: { total: 0, done: 0, failed: 0 },
    trials: { total: 0, done: 0 },
  };
  setHandler(progressQuery, () => progress);

  let prepared: PreparedSweep | undefined;
  let featureSetsComputed = 0;
  try {
    prepared = await control.prepareSweep({ ...input, workflowId: workflowInfo().workflowId });
    const sweep = prepared;
    progress.trials.total = sweep.trials.length;
    progress.foldRuns.total = sweep.trials.length * sweep.folds.length;
    progress.featureSets.total = sweep.featureSets.length;

    progress.phase = 'features';
    const keys: Record<string, string> = {};
    const featureResults = await runBounded(sweep.featureSets, 2, async (fs) => {
      const r = await control.ensureFeatureSet({
        sweepId: sweep.sweepId,
        datasetId: sweep.datasetId,
        representation: fs.representation,
        params: fs.params,
        wav2vecWeights: input.spec.wav2vecWeights,
      });
      keys[featureKeyId(fs.representation, fs.params)] = r.key;
      if (r.computed) featureSetsComputed++;
      progress.featureSets.ready++;
      return r;
    });
    const featureFailure = featureResults.find((r) => r.status === 'rejected');
    if (featureFailure) throw (featureFailure as PromiseRejectedResult).reason;

    progress.phase = 'training';
    const batches = batchTrials(sweep.trials, TRIALS_PER_BATCH);
    for (const [b, trials] of batches.entries()) {
      const outcome = await executeChild(trialBatchWorkflow, {
        workflowId: `${workflowInfo().workflowId}-batch-${b}`,
        taskQueue: workflowInfo().taskQueue,
        args: [
          {
            sweep: { ...sweep, trials: [] },
            trials,
            featureSetKeys: Object.fromEntries(
              trials.map((t) => {
                const fs = sweep.featureSets.find((f) => f.representation === t.params.representation)!;
                return [t.trialId, keys[featureKeyId(fs.representation, fs.params)]];
              }),
            ),
            input,
          },
        ],
      });
      progress.foldRuns.done += outcome.done;
      progress.foldRuns.failed += outcome.failed;
      progress.trials.done += trials.length;
    }

    progress.phase = 'finishing';
    const failed = progress.foldRuns.failed;
    const status = failed === 0 ? 'completed' : 'failed';
    await control.finishSweep({
      sweepId: sweep.sweepId,
      status,
      error: failed ? `${failed} of ${progress.foldRuns.total} fold runs failed` : undefined,
    });
    progress.phase = 'done';
    return { sweepId: sweep.sweepId, status, featureSetsComputed, foldRuns: { done: progress.foldRuns.done, failed } };
  } catch (err) {
    const sweepId = prepared?.sweepId;
    const cancelled = isCancellation(err);
    if (sweepId) {
      // Record the outcome even though the workflow itself is being cancelled.
      await CancellationScope.nonCancellable(() =>
        control.finishSweep({ sweepId, status: cancelled ? 'cancelled' : 'failed', error: cancelled ? undefined : String((err as Error)?.message ?? err) }),
      );
    }
    throw err;
  }
}

export interface TrialBatchInput {
  sweep: PreparedSweep;
  trials: PreparedSweep['trials'];
  featureSetKeys: Record<string, string>;
  input: SweepWorkflowInput;
}

/** Runs every fold of a batch of trials on the device's task queue with bounded concurrency. */
export async function trialBatchWorkflow({ sweep, trials, featureSetKeys, input }: TrialBatchInput): Promise<{ done: number; failed: number }> {
  const { spec } = input;
  const train = proxyActivities<SweepActivities>({
    taskQueue: TASK_QUEUES[spec.device],
    startToCloseTimeout: '12 hours',
    // Folds heartbeat every second; a worker that dies is noticed after this long.
    heartbeatTimeout: `${input.foldHeartbeatTimeoutSec ?? 60} seconds`,
    retry: { maximumAttempts: 3, initialInterval: '2s', nonRetryableErrorTypes: ['InputError'] },
    // A cancelled sweep reports `cancelled` only once its folds have stopped and recorded so.
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  });
  const jobs: TrainFoldInput[] = trials.flatMap((t) =>
    sweep.folds.map((fold) => ({
      sweepId: sweep.sweepId,
      trialId: t.trialId,
      datasetId: sweep.datasetId,
      labels: sweep.labels,
      params: t.params,
      featureSetKey: featureSetKeys[t.trialId],
      fold,
      training: spec.training,
      seed: foldSeed(spec.seed, t.key, fold.heldOut),
    })),
  );
  const remainingFolds = new Map(trials.map((t) => [t.trialId, sweep.folds.length]));
  let done = 0;
  let failed = 0;
  const results = await runBounded(jobs, spec.maxConcurrentFolds, async (job) => {
    try {
      await train.trainFold(job);
      done++;
    } catch (err) {
      if (isCancellation(err)) throw err;
      failed++;
      await control.markFoldFailed({ trialId: job.trialId, heldOut: job.fold.heldOut, error: String((err as Error)?.message ?? err) });
    }
    const left = remainingFolds.get(job.trialId)! - 1;
    remainingFolds.set(job.trialId, left);
    if (left === 0) await control.aggregateTrial({ trialId: job.trialId });
  });
  const cancellation = results.find((r) => r.status === 'rejected' && isCancellation(r.reason));
  if (cancellation) throw (cancellation as PromiseRejectedResult).reason;
  return { done, failed };
}

/** Registers a dataset: the import runs as an activity, so a long one survives an API restart. */
export async function importDatasetWorkflow(input: { dataset: SweepWorkflowInput['spec']['dataset'] }): Promise<{ datasetId: string; created: boolean }> {
  return control.importDataset(input);
}
