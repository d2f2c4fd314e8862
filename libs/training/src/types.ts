import type { ModelConfig } from '@emosweep/models';
import type { Metrics } from './metrics.js';
import type { Normalizer } from './normalize.js';

/** One utterance. `data` is frame-major: frame t, dim j at `data[t * dims + j]`; pooled (MLP) features have frames = 1. */
export interface Sample {
  id: string;
  features: { frames: number; dims: number; data: Float32Array };
  /** Class index into `labels`. */
  label: number;
  /** Cross-validation group (IEMOCAP session). */
  group: string;
  speaker: string;
}

export type ValidationBy = 'speaker' | 'utterance';
export interface ValidationOptions {
  /** Fraction of the training utterances (or speakers) kept for validation (0.1). */
  fraction?: number;
  /** 'speaker' (default): whole speakers where the training groups hold ≥ 3, else stratified utterances. */
  by?: ValidationBy;
}

export type MonitorMetric = 'valLoss' | 'valUa';

/**
 * Learning-rate schedules, stepped once per epoch (epoch e = 1, 2, …):
 * - none: lr
 * - step: lr · gamma^⌊(e − 1) / stepSize⌋ (stepSize 10, gamma 0.1)
 * - cosine: minLr + (lr − minLr) · (1 + cos(π (e − 1) / tMax)) / 2 (tMax = epochs, minLr 0)
 * - plateau: multiply by factor (0.1) when `metric` (valLoss) has not improved for more than
 *   `patience` (2) epochs, not below minLr (0): PyTorch's ReduceLROnPlateau.
 */
export type Schedule =
  | { kind: 'none' }
  | { kind: 'step'; stepSize?: number; gamma?: number }
  | { kind: 'cosine'; tMax?: number; minLr?: number }
  | { kind: 'plateau'; factor?: number; patience?: number; minLr?: number; metric?: MonitorMetric };

export interface EarlyStoppingOptions {
  /** Epochs without improvement before stopping. */
  patience: number;
  /** What "improvement" means (valLoss: lower; valUa: higher). Also picks the best epoch. Default valLoss. */
  metric?: MonitorMetric;
  minDelta?: number;
}

export interface EpochRecord {
  epoch: number;
  /** Mean (class-weighted) training loss over the epoch's batches. */
  trainLoss: number;
  /** Validation figures on whole utterances; null when training runs without a validation split. */
  valLoss: number | null;
  valUa: number | null;
  valWa: number | null;
  valMacroF1: number | null;
  /** Learning rate used during the epoch. */
  lr: number;
  seconds: number;
}

/** Trainer bookkeeping carried in checkpoints so a resumed run continues the same schedule and early stopping. */
export interface TrainerState {
  epoch: number;
  bestEpoch: number;
  bestScore: number | null;
  /** Epochs since the last improvement of the early-stopping metric. */
  wait: number;
  /** Plateau schedule: current lr and epochs since its metric improved. */
  lr: number;
  plateauBest: number | null;
  plateauWait: number;
  history: EpochRecord[];
}

export interface Checkpoint {
  epoch: number;
  /** safetensors bytes of the model weights after this epoch. */
  weights: Uint8Array;
  /** True when this epoch is the best so far (the weights trainFold will return and test with). */
  best: boolean;
  /** safetensors bytes of Adam's state (iterations, first and second moments keyed by weight name). */
  optimizerState: Uint8Array;
  state: TrainerState;
}

export interface ResumeOptions {
  /** Weights after epoch `epoch`. */
  weights: Uint8Array;
  /** Last completed epoch (1-based); training continues with epoch + 1. */
  epoch: number;
  /** Adam's state from the same checkpoint; without it Adam restarts with zero moments. */
  optimizerState?: Uint8Array;
  /** Trainer state from the same checkpoint; without it early stopping and plateau start afresh. */
  state?: TrainerState;
  /** Weights of the best epoch so far, when that is earlier than `epoch`; else the resumed weights count as best. */
  bestWeights?: Uint8Array;
}

export interface TrainFoldOptions {
  train: Sample[];
  test: Sample[];
  labels: string[];
  model: ModelConfig;
  lr: number;
  /** Frames per training window (lstm, q2l; ignored by mlp). */
  seqLen?: number;
  batchSize?: number;
  epochs: number;
  schedule?: Schedule;
  earlyStopping?: EarlyStoppingOptions;
  /** 'balanced' = n / (C · n_c) on the training split; or one weight per class. Weights the training loss only. */
  classWeights?: 'balanced' | number[];
  seed: number;
  /** Validation split drawn from `train` (default { fraction: 0.1, by: 'speaker' }); false = none. */
  validation?: ValidationOptions | false;
  /** Windows per inference batch when evaluating (128). */
  evalBatchSize?: number;
  onEpoch?: (m: EpochRecord) => void | Promise<void>;
  resume?: ResumeOptions;
  onCheckpoint?: (c: Checkpoint) => Promise<void>;
  /** Aborts between batches (throws the signal's reason). */
  signal?: AbortSignal;
}

export interface TrainFoldResult {
  /** Metrics on `test` with the best epoch's weights. */
  metrics: Metrics;
  epochs: EpochRecord[];
  bestEpoch: number;
  stoppedEarly: boolean;
  bestWeights: Uint8Array;
  normalizer: Normalizer;
  /** Predicted class index per test utterance, in the order of `test`. */
  predictions: number[];
  /** Validation / training utterance counts actually used. */
  sizes: { train: number; validation: number; test: number };
  backend: string;
}
