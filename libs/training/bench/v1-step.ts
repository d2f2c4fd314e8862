import { flatAdam, softmaxCrossEntropy, tf } from '@emosweep/backend';
import { trainStep } from '../src/index.js';
import { buildModel, FusedLSTM, type LstmImpl } from '@emosweep/models';

/**
 * The V1 training and inference steps the training benchmark times. The default training step is
 * trainFold's (libs/training/src/train.ts) per batch: upload the host batch (frames + mask),
 * one-hot labels and class weights, the loop's own `trainStep` (Adam with PyTorch's defaults on the
 * class-weighted softmax cross-entropy), accumulate the loss on the device (no read-back inside the
 * loop). The host batch is made once (trainFold crops windows per batch: a copy, no kernels).
 * Inference: `model.apply(training: false)` and read the logits back, like predictLogits.
 */

export interface V1Shape {
  /** Frames per window. */
  seq: number;
  /** Feature dimension per frame. */
  dims: number;
  batch: number;
  classes: number;
  units: number;
}

export interface BuiltV1 {
  model: tf.LayersModel;
}

/** V1 from the models library (`buildModel`); `kernel` pins FusedLSTM's kernel (fused path). */
export function buildV1(impl: LstmImpl, s: V1Shape, seed = 1, kernel?: 'onednn' | 'tensorflow'): BuiltV1 {
  const model = buildModel({ kind: 'lstm', inputDim: s.dims, numClasses: s.classes, lstmUnits: s.units, hiddenUnits: s.units, lstmImpl: impl }, seed);
  if (impl === 'fused' && kernel) {
    const layer = model.layers.find((l) => l instanceof FusedLSTM) as FusedLSTM | undefined;
    if (!layer) throw new Error('buildV1: the fused V1 model has no FusedLSTM layer');
    layer.kernelChoice = kernel;
  }
  return { model };
}

/** Deterministic host data: normal-ish frames, all-ones mask (full windows), labels b mod classes. */
function hostData(s: V1Shape) {
  let state = 12345;
  const rand = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const x = new Float32Array(s.batch * s.seq * s.dims);
  for (let i = 0; i < x.length; i++) x[i] = (rand() + rand() + rand() - 1.5) * 2;
  const mask = new Float32Array(s.batch * s.seq).fill(1);
  const labels = Array.from({ length: s.batch }, (_, b) => b % s.classes);
  return { x, mask, labels, weights: new Array<number>(s.batch).fill(1) };
}

export interface V1Steps {
  /** One training step (does not wait for the result). */
  train(): void;
  /** One inference batch, logits read back. */
  infer(): Promise<void>;
  /** Waits for pending work; returns the mean training loss so far. */
  finish(): Promise<number>;
  dispose(): void;
}

/**
 * `step`:
 * - 'trainFold' (default): the ops trainFold runs today (tf.train.adam, logSoftmax loss, one-hot
 *   made on the device, loss accumulated with add/mul);
 * - 'lean': the same computation with fewer kernels — FlatAdamOptimizer (one flat update for all
 *   weights), TensorFlow's fused SoftmaxCrossEntropyWithLogits, one-hot labels and normalised
 *   class weights built on the host, per-step losses summed once at the end.
 */
export function v1Steps(model: tf.LayersModel, s: V1Shape, step: 'trainFold' | 'lean' = 'trainFold'): V1Steps {
  const host = hostData(s);
  const varList = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const uploads = () => [tf.tensor3d(host.x, [s.batch, s.seq, s.dims]), tf.tensor2d(host.mask, [s.batch, s.seq])];
  if (step === 'lean') return leanSteps(model, s, host, varList, uploads);
  const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
  let lossSum: tf.Tensor = tf.scalar(0);
  let steps = 0;
  return {
    train() {
      const inputs = uploads();
      const oneHot = tf.tidy(() => tf.oneHot(tf.tensor1d(host.labels, 'int32'), s.classes).toFloat());
      const w = tf.tensor1d(host.weights);
      const cost = trainStep(model, 'lstm', optimizer, varList, inputs, oneHot, w);
      const next = tf.tidy(() => tf.add(lossSum, tf.mul(cost, s.batch)));
      tf.dispose([lossSum, cost, oneHot, w, ...inputs]);
      lossSum = next;
      steps++;
    },
    async infer() {
      const inputs = uploads();
      const logits = tf.tidy(() => model.apply(inputs, { training: false }) as tf.Tensor);
      await logits.data();
      tf.dispose([logits, ...inputs]);
    },
    async finish() {
      const total = (await lossSum.data())[0];
      return steps ? total / (steps * s.batch) : NaN;
    },
    dispose() {
      lossSum.dispose();
      optimizer.dispose();
    },
  };
}

function leanSteps(
  model: tf.LayersModel,
  s: V1Shape,
  host: ReturnType<typeof hostData>,
  varList: tf.Variable[],
  uploads: () => tf.Tensor[],
): V1Steps {
  const optimizer = flatAdam(1e-3, 0.9, 0.999, 1e-8);
  const oneHotHost = new Float32Array(s.batch * s.classes);
  host.labels.forEach((l, b) => (oneHotHost[b * s.classes + l] = 1));
  const wsum = host.weights.reduce((a, b) => a + b, 0);
  const wHost = Float32Array.from(host.weights, (w) => w / Math.max(wsum, 1e-12));
  let costs: tf.Tensor[] = [];
  return {
    train() {
      const inputs = uploads();
      const oneHot = tf.tensor2d(oneHotHost, [s.batch, s.classes]);
      const w = tf.tensor1d(wHost);
      const cost = optimizer.minimize(
        () => tf.tidy(() => tf.sum(tf.mul(softmaxCrossEntropy(model.apply(inputs, { training: true }) as tf.Tensor, oneHot), w)) as tf.Scalar),
        true,
        varList,
      )!;
      costs.push(cost);
      tf.dispose([oneHot, w, ...inputs]);
    },
    async infer() {
      const inputs = uploads();
      const logits = tf.tidy(() => model.apply(inputs, { training: false }) as tf.Tensor);
      await logits.data();
      tf.dispose([logits, ...inputs]);
    },
    async finish() {
      if (!costs.length) return NaN;
      const total = tf.tidy(() => tf.addN(costs));
      const mean = (await total.data())[0] / costs.length;
      tf.dispose([total, ...costs]);
      costs = [];
      return mean;
    },
    dispose() {
      tf.dispose(costs);
      optimizer.dispose();
    },
  };
}

/** Training FLOPs per sample of V1 (forward ≈ 2·T·(D+u)·4u for the LSTM + the head; training ≈ 3× forward). */
export function v1TrainFlopsPerSample(s: V1Shape): number {
  const lstm = 2 * s.seq * (s.dims + s.units) * 4 * s.units;
  const head = 2 * s.units * s.units + 2 * s.units * s.classes;
  return 3 * (lstm + head);
}

export function v1InferFlopsPerSample(s: V1Shape): number {
  return v1TrainFlopsPerSample(s) / 3;
}
