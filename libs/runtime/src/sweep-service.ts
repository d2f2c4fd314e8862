import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import { TASK_QUEUES, type SweepProgress, type SweepResult, type SweepWorkflowInput } from '@emosweep/activities';
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '@emosweep/common';
import { aggregateFolds, assertWithinCaps, dryRun, parseSweepSpec, type SweepCaps, type SweepSpec } from '@emosweep/sweeps';
import type { Store, Sweep } from '@emosweep/store';

export interface TrialReport {
  trialId: string;
  index: number;
  params: Record<string, unknown>;
  status: string;
  folds: number;
  mean: { ua: number; wa: number; macroF1: number } | null;
  std: { ua: number; wa: number; macroF1: number } | null;
}

export interface SweepReport {
  sweepId: string;
  name: string;
  status: string;
  error: string | null;
  createdAt: Date;
  trials: TrialReport[];
  featureSetsComputed: number;
}

/**
 * Launching, watching and reading sweeps: the logic the CLI and the API share.
 * Specs are validated by @emosweep/sweeps before anything is written or started.
 */
export class SweepService {
  constructor(
    private readonly store: Store,
    private readonly client: Client,
    private readonly caps: SweepCaps = sweepCapsFromEnv(),
  ) {}

  /** Validates the spec, the configured caps and that the dataset exists; throws before anything starts. */
  parse(specText: string, source?: string): SweepSpec {
    const spec = parseSweepSpec(specText, source);
    assertWithinCaps(dryRun(spec), this.caps);
    const root = path.resolve(spec.dataset.root);
    if (spec.dataset.format !== 'synthetic' && !fs.existsSync(root)) {
      throw new InputError('dataset.root', `${root} does not exist (${spec.dataset.format === 'manifest' ? 'the CSV manifest' : 'the IEMOCAP release folder'} is needed before the sweep starts)`);
    }
    return spec;
  }

  dryRun(specText: string, source?: string) {
    return dryRun(this.parse(specText, source));
  }

  /** Validates, records the sweep, and starts its workflow. */
  async launch(specText: string, source?: string, options: Pick<SweepWorkflowInput, 'foldHeartbeatTimeoutSec'> = {}): Promise<{ sweep: Sweep; workflowId: string }> {
    const spec = this.parse(specText, source);
    const plan = dryRun(spec);
    const id = randomUUID();
    const workflowId = `sweep-${id}`;
    const sweep = await this.store.sweeps.create({
      id,
      name: spec.name,
      spec: spec as never,
      specText,
      workflowId,
      seed: spec.seed,
      device: spec.device,
      trialCount: plan.trials,
      foldCount: plan.folds,
    });
    const input: SweepWorkflowInput = { spec, specText, sweepId: sweep.id, ...options };
    await this.client.workflow.start('sweepWorkflow', { taskQueue: TASK_QUEUES.cpu, workflowId, args: [input] });
    return { sweep, workflowId };
  }

  async result(sweepId: string): Promise<SweepResult> {
    const sweep = await this.store.sweeps.getOrThrow(sweepId);
    return this.client.workflow.getHandle(sweep.workflowId!).result();
  }

  async progress(sweepId: string): Promise<SweepProgress | null> {
    const sweep = await this.store.sweeps.getOrThrow(sweepId);
    try {
      return await this.client.workflow.getHandle(sweep.workflowId!).query<SweepProgress>('progress');
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return null;
      throw err;
    }
  }

  /** Requests cancellation; running folds stop at their next heartbeat and the sweep ends `cancelled`. */
  async cancel(sweepId: string): Promise<void> {
    const sweep = await this.store.sweeps.getOrThrow(sweepId);
    if (['completed', 'failed', 'cancelled'].includes(sweep.status)) return;
    await this.client.workflow.getHandle(sweep.workflowId!).cancel();
  }

  async report(sweepId: string): Promise<SweepReport> {
    return sweepReport(this.store, sweepId);
  }
}

/** Caps on sweep size (EMOSWEEP_MAX_TRIALS, EMOSWEEP_MAX_FOLD_RUNS), so a typo cannot queue a million folds. */
export function sweepCapsFromEnv(env = process.env): SweepCaps {
  return { maxTrials: Number(env.EMOSWEEP_MAX_TRIALS ?? 2_000), maxFoldRuns: Number(env.EMOSWEEP_MAX_FOLD_RUNS ?? 20_000) };
}

/** Trials with mean ± std over completed folds, best first by UA (reads the database only). */
export async function sweepReport(store: Store, sweepId: string): Promise<SweepReport> {
  const sweep = await store.sweeps.getOrThrow(sweepId);
  const trials = await store.trials.listBySweep(sweepId);
  const folds = await store.foldRuns.listBySweep(sweepId);
  // Feature sets of this sweep's dataset only (the creator is recorded on each).
  const computed = sweep.datasetId ? await store.featureSets.list({ datasetId: sweep.datasetId }) : [];
  const reports: TrialReport[] = trials.map((t) => {
    const done = folds.filter((f) => f.trialId === t.id && f.status === 'completed');
    const agg = done.length ? aggregateFolds(done.map((f) => ({ ua: f.ua!, wa: f.wa!, macroF1: f.macroF1! }))) : null;
    return {
      trialId: t.id,
      index: t.index,
      params: t.params as Record<string, unknown>,
      status: t.status,
      folds: done.length,
      mean: agg?.mean ?? null,
      std: agg?.std ?? null,
    };
  });
  reports.sort((a, b) => (b.mean?.ua ?? -1) - (a.mean?.ua ?? -1) || a.index - b.index);
  return {
    sweepId,
    name: sweep.name,
    status: sweep.status,
    error: sweep.error,
    createdAt: sweep.createdAt,
    trials: reports,
    featureSetsComputed: computed.filter((f) => f.creatorSweepId === sweepId).length,
  };
}
