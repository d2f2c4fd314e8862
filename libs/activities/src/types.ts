/**
 * The activity contract shared with workflow code. Workflows import these *types* only
 * (no I/O reaches the deterministic sandbox).
 */
import type { FoldPlan, SweepSpec, TrialPlan } from '@emosweep/sweeps/core';

export type SweepStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface SweepWorkflowInput {
  spec: SweepSpec;
  specText: string;
  /** Set when the CLI/API created the sweep row first; scheduled runs create theirs in prepareSweep. */
  sweepId?: string;
  scheduleId?: string;
  /** How long a fold may go without a heartbeat before Temporal hands it to another worker. */
  foldHeartbeatTimeoutSec?: number;
}

export interface PreparedTrial {
  trialId: string;
  index: number;
  key: string;
  params: TrialPlan['params'];
}

export interface NeededFeatureSet {
  representation: string;
  params: Record<string, unknown>;
}

export interface PreparedSweep {
  sweepId: string;
  datasetId: string;
  labels: string[];
  folds: FoldPlan[];
  trials: PreparedTrial[];
  featureSets: NeededFeatureSet[];
}

export interface EnsureFeatureSetInput {
  sweepId: string;
  datasetId: string;
  representation: string;
  params: Record<string, unknown>;
  wav2vecWeights?: string;
}

export interface EnsureFeatureSetResult {
  key: string;
  computed: boolean;
}

export interface TrainFoldInput {
  sweepId: string;
  trialId: string;
  datasetId: string;
  labels: string[];
  params: TrialPlan['params'];
  featureSetKey: string;
  fold: FoldPlan;
  training: SweepSpec['training'];
  seed: number;
}

export interface FoldScores {
  ua: number;
  wa: number;
  macroF1: number;
}

export interface TrainFoldResult extends FoldScores {
  foldRunId: string;
  epochsRun: number;
  resumedFromEpoch: number | null;
}

export interface SweepProgress {
  phase: 'preparing' | 'features' | 'training' | 'finishing' | 'done';
  featureSets: { total: number; ready: number };
  foldRuns: { total: number; done: number; failed: number };
  trials: { total: number; done: number };
}

export interface SweepResult {
  sweepId: string;
  status: SweepStatus;
  featureSetsComputed: number;
  foldRuns: { done: number; failed: number };
}

/** Activity names and signatures, implemented in ./create-activities.ts. */
export interface SweepActivities {
  prepareSweep(input: SweepWorkflowInput & { workflowId: string }): Promise<PreparedSweep>;
  /** Imports a corpus and records it (idempotent on its content version). */
  importDataset(input: { dataset: SweepSpec['dataset'] }): Promise<{ datasetId: string; created: boolean }>;
  ensureFeatureSet(input: EnsureFeatureSetInput): Promise<EnsureFeatureSetResult>;
  trainFold(input: TrainFoldInput): Promise<TrainFoldResult>;
  aggregateTrial(input: { trialId: string }): Promise<void>;
  markFoldFailed(input: { trialId: string; heldOut: string; error: string }): Promise<void>;
  finishSweep(input: { sweepId: string; status: SweepStatus; error?: string }): Promise<void>;
}

export const TASK_QUEUES = { cpu: 'emosweep-cpu', gpu: 'emosweep-gpu' } as const;
export type Device = keyof typeof TASK_QUEUES;
