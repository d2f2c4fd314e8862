import { flatAdam, isNative, softmaxCrossEntropy, tf } from '@emosweep/backend';
import { InputError } from '@emosweep/common';
import {
  buildModel,
  deriveSeed,
  isSequenceModel,
  loadWeights,
  resolveModelConfig,
  saveWeights,
  type ModelConfig,
  type ModelKind,
} from '@emosweep/models';
import { evalWindowStarts, inverseStd, pooledBatch, trainWindows, windowsBatch, type HostBatch } from './batches.js';
import { validationSplit } from './folds.js';
import { computeMetrics } from './metrics.js';
import { computeNormalizer, type Normalizer } from './normalize.js';
import { loadAdamState, saveAdamState } from './optimizer-state.js';
import { mulberry32, shuffled } from './rng.js';
import { resolveSchedule, scheduledLr } from './schedule.js';
import type { EpochRecord, MonitorMetric, Sample, TrainerState, TrainFoldOptions, TrainFoldResult } from './types.js';

/** Adam with PyTorch's defaults (β1 0.9, β2 0.999, ε 1e-8). */
const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

function positiveInt(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new InputError(name, `must be a positive integer, got ${JSON.stringify(v)}`);
  return v;
}

/** Checks the samples against labels and the model; returns the feature dimension. */
export function checkSamples(samples: readonly Sample[], name: string, labels: readonly string[]): number {
  if (!Array.isArray(samples) || samples.length === 0) throw new InputError(name, 'no samples');
  const dims = samples[0].features?.dims;
  for (const s of samples) {
    const f = s.features;
    if (!f || !(f.data instanceof Float32Array)) throw new InputError(name, `sample ${s.id}: features.data must be a Float32Array`);
    if (f.dims !== dims) throw new InputError(name, `sample ${s.id} has ${f.dims} dims, sample ${samples[0].id} has ${dims}`);
    if (!(Number.isInteger(f.frames) && f.frames >= 1) || f.data.length !== f.frames * f.dims) {
      throw new InputError(name, `sample ${s.id}: features hold ${f.data.length} values for ${f.frames} frames × ${f.dims} dims`);
    }
    if (!Number.isInteger(s.label) || s.label < 0 || s.label >= labels.length) {
      throw new InputError(name, `sample ${s.id} has label ${s.label}, outside 0…${labels.length - 1} (${labels.length} labels)`);
    }
  }
  return dims;
}

export interface PredictOptions {
  /** Window length (sequence models). */
  seqLen?: number;
  normalizer: Normalizer;
  /** Windows per inference batch (128). */
  batchSize?: number;
}

/**
 * Utterance-level logits [samples][classes].
 * Sequence models: each utterance is cut into non-overlapping windows of `seqLen` frames from
 * its start, the last window aligned to its end (utterances shorter than seqLen: one padded,
 * masked window); the utterance's logits are the mean of its windows' logits. This keeps
 * inference on the window length the model was trained on, bounds memory for long utterances,
 * and is the same for validation and test. MLP: the time-averaged vector.
 */
export async function predictLogits(model: tf.LayersModel, kind: ModelKind, samples: readonly Sample[], opts: PredictOptions): Promise<Float32Array[]> {
  const scale = inverseStd(opts.normalizer);
  const batchSize = opts.batchSize ?? 128;
  const out = samples.map(() => new Float32Array(0));
  if (!isSequenceModel(kind)) {
    for (let i = 0; i < samples.length; i += batchSize) {
      const chunk = samples.slice(i, i + batchSize);
      const logits = await runBatch(model, kind, pooledBatch(chunk, opts.normalizer, scale));
      const c = logits.length / chunk.length;
      chunk.forEach((_, k) => (out[i + k] = logits.slice(k * c, (k + 1) * c)));
    }
    return out;
  }
  const seqLen = positiveInt(opts.seqLen, 'seqLen');
  const items = samples.flatMap((sample, index) => evalWindowStarts(sample.features.frames, seqLen).map((start) => ({ sample, index, start })));
  const sums: Float64Array[] = samples.map(() => new Float64Array(0));
  const counts = new Array<number>(samples.length).fill(0);
  for (let i = 0; i < items.length; i += batchSize) {
    const chunk = items.slice(i, i + batchSize);
    const logits = await runBatch(model, kind, windowsBatch(chunk, seqLen, opts.normalizer, scale));
    const c = logits.length / chunk.length;
    chunk.forEach((it, k) => {
      if (!sums[it.index].length) sums[it.index] = new Float64Array(c);
      for (let j = 0; j < c; j++) sums[it.index][j] += logits[k * c + j];
      counts[it.index]++;
    });
  }
  return sums.map((s, i) => Float32Array.from(s, (v) => v / counts[i]));
}

async function runBatch(model: tf.LayersModel, kind: ModelKind, b: HostBatch): Promise<Float32Array> {
  const logits = tf.tidy(() => model.apply(inputTensors(kind, b), { training: false }) as tf.Tensor);
  try {
    return (await logits.data()) as Float32Array;
  } finally {
    logits.dispose();
  }
}

function inputTensors(kind: ModelKind, b: HostBatch): tf.Tensor[] {
  if (!isSequenceModel(kind)) return [tf.tensor2d(b.x, [b.n, b.dims])];
  return [tf.tensor3d(b.x, [b.n, b.seqLen, b.dims]), tf.tensor2d(b.mask, [b.n, b.seqLen])];
}

export const argmax = (v: ArrayLike<number>): number => {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
};

/** Softmax cross-entropy (V0, V1) or sigmoid BCE averaged over classes (V2) of one utterance's logits, in float64. */
function utteranceLoss(kind: ModelKind, logits: ArrayLike<number>, label: number): number {
  if (kind === 'q2l') {
    let s = 0;
    for (let j = 0; j < logits.length; j++) {
      const x = logits[j];
      s += Math.max(x, 0) - (j === label ? x : 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }
    return s / logits.length;
  }
  let m = -Infinity;
  for (let j = 0; j < logits.length; j++) m = Math.max(m, logits[j]);
  let z = 0;
  for (let j = 0; j < logits.length; j++) z += Math.exp(logits[j] - m);
  return m + Math.log(z) - logits[label];
}

/**
 * Training loss of a batch: per-utterance loss weighted by its class weight, normalised by the
 * sum of weights (PyTorch's CrossEntropyLoss(weight=…) convention). V0/V1: softmax cross-entropy;
 * V2: sigmoid binary cross-entropy on one-hot targets, averaged over classes.
 */
function batchLoss(kind: ModelKind, logits: tf.Tensor, oneHot: tf.Tensor, weights: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    let per: tf.Tensor;
    if (kind === 'q2l') {
      const bce = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, oneHot)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
      per = tf.mean(bce, -1);
    } else {
      // One fused TensorFlow kernel on the native backend, the same formula in tfjs ops elsewhere.
      per = softmaxCrossEntropy(logits, oneHot);
    }
    return tf.div(tf.sum(tf.mul(per, weights)), tf.maximum(tf.sum(weights), 1e-12)) as tf.Scalar;
  });
}

/**
 * One optimisation step: forward in training mode, loss, gradients of `varList`, Adam update.
 * Returns the batch loss (the caller disposes it). Exposed for the benchmarks.
 */
export function trainStep(
  model: tf.LayersModel,
  kind: ModelKind,
  optimizer: tf.Optimizer,
  varList: tf.Variable[],
  inputs: tf.Tensor[],
  oneHot: tf.Tensor,
  weights: tf.Tensor,
): tf.Scalar {
  return optimizer.minimize(() => batchLoss(kind, model.apply(inputs, { training: true }) as tf.Tensor, oneHot, weights), true, varList)!;
}

export { inputTensors };

function classWeightsFor(opt: TrainFoldOptions['classWeights'], train: readonly Sample[], numClasses: number): number[] {
  if (opt == null) return new Array<number>(numClasses).fill(1);
  if (opt === 'balanced') {
    const counts = new Array<number>(numClasses).fill(0);
    for (const s of train) counts[s.label]++;
    return counts.map((n) => (n ? train.length / (numClasses * n) : 0));
  }
  if (!Array.isArray(opt) || opt.length !== numClasses || opt.some((w) => typeof w !== 'number' || !(w >= 0) || !Number.isFinite(w))) {
    throw new InputError('classWeights', `must be 'balanced' or ${numClasses} non-negative numbers (one per label), got ${JSON.stringify(opt)}`);
  }
  return opt.slice();
}

interface ValFigures {
  valLoss: number;
  valUa: number;
  valWa: number;
  valMacroF1: number;
}

const better = (metric: MonitorMetric, value: number, best: number | null, minDelta: number): boolean =>
  best == null || (metric === 'valLoss' ? value < best - minDelta : value > best + minDelta);

/**
 * Trains one fold and evaluates it on `test` with the weights of the best epoch (best validation
 * figure of `earlyStopping.metric`, default valLoss; the last epoch without validation).
 *
 * Data flow: `validation` is drawn from `train` (validationSplit, seeded); normalisation
 * statistics come from the remaining training split only and are applied to every split; the
 * test samples are used once, at the end. Each step takes `batchSize` utterances (shuffled per
 * epoch) and one random `seqLen` window per utterance (shorter utterances zero-padded and
 * masked); Adam with the schedule's learning rate per epoch. Every random draw derives from
 * `seed` (initialisers, split, shuffles, crops, dropout), so the same seed on the same backend
 * gives the same result; per-epoch streams make a resumed run continue exactly.
 */
export async function trainFold(opts: TrainFoldOptions): Promise<TrainFoldResult> {
  if (!Array.isArray(opts.labels) || opts.labels.length < 2 || opts.labels.some((l) => typeof l !== 'string')) {
    throw new InputError('labels', `need at least 2 class names, got ${JSON.stringify(opts.labels)}`);
  }
  const labels = opts.labels;
  const cfg: ModelConfig = opts.model;
  const r = resolveModelConfig(cfg);
  if (r.numClasses !== labels.length) throw new InputError('model.numClasses', `is ${r.numClasses} but labels has ${labels.length} classes`);
  const dims = checkSamples(opts.train, 'train', labels);
  const testDims = checkSamples(opts.test, 'test', labels);
  if (testDims !== dims) throw new InputError('test', `features have ${testDims} dims, the training features ${dims}`);
  if (r.inputDim !== dims) throw new InputError('model.inputDim', `is ${r.inputDim} but the features have ${dims} dims`);
  const trainGroups = new Set(opts.train.map((s) => s.group));
  const leaked = [...new Set(opts.test.map((s) => s.group))].filter((g) => trainGroups.has(g));
  if (leaked.length) throw new InputError('test', `group(s) ${leaked.join(', ')} appear in both train and test`);
  const sequence = isSequenceModel(r.kind);
  const seqLen = sequence ? positiveInt(opts.seqLen, 'seqLen') : 1;
  const batchSize = positiveInt(opts.batchSize ?? 32, 'batchSize');
  const epochs = positiveInt(opts.epochs, 'epochs');
  const evalBatchSize = positiveInt(opts.evalBatchSize ?? 128, 'evalBatchSize');
  if (typeof opts.lr !== 'number' || !(opts.lr > 0) || !Number.isFinite(opts.lr)) throw new InputError('lr', `must be a positive number, got ${JSON.stringify(opts.lr)}`);
  if (typeof opts.seed !== 'number' || !Number.isFinite(opts.seed)) throw new InputError('seed', `must be a number, got ${JSON.stringify(opts.seed)}`);
  const schedule = resolveSchedule(opts.schedule, epochs);
  const es = opts.earlyStopping;
  if (es) {
    if (!Number.isInteger(es.patience) || es.patience < 1) throw new InputError('earlyStopping.patience', `must be a positive integer, got ${JSON.stringify(es.patience)}`);
    if (es.metric != null && es.metric !== 'valLoss' && es.metric !== 'valUa') {
      throw new InputError('earlyStopping.metric', `must be 'valLoss' or 'valUa', got ${JSON.stringify(es.metric)}`);
    }
  }
  const monitor: MonitorMetric = es?.metric ?? 'valLoss';
  const minDelta = es?.minDelta ?? 0;

  // Splits and statistics (never from the test group).
  let train = opts.train;
  let validation: Sample[] = [];
  if (opts.validation !== false) {
    const v = validationSplit(opts.train, { ...(opts.validation ?? {}), seed: deriveSeed(opts.seed, 'validation') });
    train = v.train;
    validation = v.validation;
  } else {
    if (es) throw new InputError('earlyStopping', 'needs a validation split (validation is false)');
    if (schedule.kind === 'plateau') throw new InputError('schedule', "'plateau' needs a validation split (validation is false)");
  }
  if (!train.length) throw new InputError('validation', 'left no training samples');
  const normalizer = computeNormalizer(train, !sequence);
  const scale = inverseStd(normalizer);
  const weightsPerClass = classWeightsFor(opts.classWeights, train, labels.length);

  const model = buildModel(cfg, deriveSeed(opts.seed, 'model'));
  // On the native backend, Adam over one flat buffer (a few kernels per step instead of ~10 per
  // weight); its state has tfjs Adam's layout, so checkpoints resume on either.
  const optimizer = isNative() ? flatAdam(opts.lr, ADAM.beta1, ADAM.beta2, ADAM.epsilon) : tf.train.adam(opts.lr, ADAM.beta1, ADAM.beta2, ADAM.epsilon);
  const trainable = model.trainableWeights;
  const varList = trainable.map((w) => w.read() as tf.Variable);
  const setLr = (lr: number) => ((optimizer as unknown as { learningRate: number }).learningRate = lr);

  let state: TrainerState = { epoch: 0, bestEpoch: 0, bestScore: null, wait: 0, lr: opts.lr, plateauBest: null, plateauWait: 0, history: [] };
  let bestWeights: Uint8Array | undefined;
  let stoppedEarly = false;
  try {
    if (opts.resume) {
      const k = opts.resume.epoch;
      if (!Number.isInteger(k) || k < 0 || k > epochs) throw new InputError('resume.epoch', `must be an integer in 0…${epochs}, got ${JSON.stringify(k)}`);
      loadWeights(model, opts.resume.weights);
      if (opts.resume.optimizerState) await loadAdamState(optimizer, trainable, opts.resume.optimizerState);
      state = opts.resume.state ? structuredClone(opts.resume.state) : { ...state, epoch: k, bestEpoch: k };
      state.epoch = k;
      bestWeights = state.bestEpoch === k || !opts.resume.bestWeights ? opts.resume.weights : opts.resume.bestWeights;
    }

    for (let epoch = state.epoch + 1; epoch <= epochs; epoch++) {
      const t0 = performance.now();
      const lr = scheduledLr(schedule, opts.lr, epoch, state.lr);
      setLr(lr);
      const rng = mulberry32(deriveSeed(opts.seed, 'epoch', epoch));
      const order = shuffled(train, rng);
      let lossSum: tf.Tensor = tf.scalar(0);
      for (let i = 0; i < order.length; i += batchSize) {
        if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('training aborted');
        const batch = order.slice(i, i + batchSize);
        const host = sequence ? trainWindows(batch, seqLen, normalizer, scale, rng) : pooledBatch(batch, normalizer, scale);
        const inputs = inputTensors(r.kind, host);
        // Built on the host: one upload instead of three kernels.
        const hot = new Float32Array(batch.length * labels.length);
        batch.forEach((s, b) => (hot[b * labels.length + s.label] = 1));
        const oneHot = tf.tensor2d(hot, [batch.length, labels.length]);
        const w = tf.tensor1d(batch.map((s) => weightsPerClass[s.label]));
        const cost = trainStep(model, r.kind, optimizer, varList, inputs, oneHot, w);
        const next = tf.tidy(() => tf.add(lossSum, tf.mul(cost, batch.length)));
        tf.dispose([lossSum, cost, oneHot, w, ...inputs]);
        lossSum = next;
      }
      const trainLoss = (await lossSum.data())[0] / train.length;
      lossSum.dispose();

      let val: ValFigures | null = null;
      if (validation.length) {
        const logits = await predictLogits(model, r.kind, validation, { seqLen, normalizer, batchSize: evalBatchSize });
        const m = computeMetrics(validation.map((s) => s.label), logits.map(argmax), labels);
        const loss = logits.reduce((a, l, i) => a + utteranceLoss(r.kind, l, validation[i].label), 0) / validation.length;
        val = { valLoss: loss, valUa: m.ua, valWa: m.wa, valMacroF1: m.macroF1 };
      }
      const record: EpochRecord = {
        epoch,
        trainLoss,
        valLoss: val?.valLoss ?? null,
        valUa: val?.valUa ?? null,
        valWa: val?.valWa ?? null,
        valMacroF1: val?.valMacroF1 ?? null,
        lr,
        seconds: (performance.now() - t0) / 1000,
      };
      state.history.push(record);
      state.epoch = epoch;

      // Best epoch and early stopping.
      let isBest: boolean;
      if (val) {
        const score = val[monitor];
        isBest = better(monitor, score, state.bestScore, minDelta);
        if (isBest) {
          state.bestScore = score;
          state.bestEpoch = epoch;
          state.wait = 0;
        } else state.wait++;
      } else {
        isBest = true;
        state.bestEpoch = epoch;
      }
      if (schedule.kind === 'plateau' && val) {
        const score = val[schedule.metric];
        if (better(schedule.metric, score, state.plateauBest, 0)) {
          state.plateauBest = score;
          state.plateauWait = 0;
        } else if (++state.plateauWait > schedule.patience) {
          state.lr = Math.max(schedule.minLr, state.lr * schedule.factor);
          state.plateauWait = 0;
        }
      }
      const weights = isBest || opts.onCheckpoint ? await saveWeights(model) : undefined;
      if (isBest) bestWeights = weights;
      await opts.onEpoch?.(record);
      if (opts.onCheckpoint) {
        await opts.onCheckpoint({
          epoch,
          weights: weights!,
          best: isBest,
          optimizerState: await saveAdamState(optimizer, trainable),
          state: structuredClone(state),
        });
      }
      if (es && state.wait >= es.patience) {
        stoppedEarly = epoch < epochs;
        break;
      }
    }

    if (!bestWeights) bestWeights = await saveWeights(model);
    loadWeights(model, bestWeights);
    const logits = await predictLogits(model, r.kind, opts.test, { seqLen, normalizer, batchSize: evalBatchSize });
    const predictions = logits.map(argmax);
    return {
      metrics: computeMetrics(opts.test.map((s) => s.label), predictions, labels),
      epochs: state.history,
      bestEpoch: state.bestEpoch,
      stoppedEarly,
      bestWeights,
      normalizer,
      predictions,
      sizes: { train: train.length, validation: validation.length, test: opts.test.length },
      backend: tf.getBackend(),
    };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}
