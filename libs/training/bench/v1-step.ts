import { tf } from '@emosweep/backend';
import { buildModel, SequenceMask, type LstmImpl } from '@emosweep/models';
// (Not re-exported by @emosweep/models' index yet.)
import { FusedLSTM } from '../../models/src/fused-lstm/index.js';

/**
 * The V1 training and inference steps the training benchmark times. The training step does what
 * trainFold's inner loop (libs/training/src/train.ts) does per batch: upload the host batch
 * (frames + mask), one-hot labels and class weights, `optimizer.minimize` of the class-weighted
 * softmax cross-entropy with Adam (PyTorch's defaults), accumulate the loss on the device (no
 * read-back inside the loop). Inference: `model.apply(training: false)` and read the logits back,
 * like predictLogits.
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
  /** How the model was built: the models library's buildModel, or locally (see note). */
  source: string;
  note?: string;
}

/**
 * V1 from the models library (`buildModel`, lstmImpl 'reference' | 'fused'). Where the models
 * library cannot build the fused variant yet, the same graph is assembled here from its parts
 * (SequenceMask → FusedLSTM → fc1 ReLU → logits).
 */
export function buildV1(impl: LstmImpl, s: V1Shape, seed = 1): BuiltV1 {
  try {
    const model = buildModel({ kind: 'lstm', inputDim: s.dims, numClasses: s.classes, lstmUnits: s.units, hiddenUnits: s.units, lstmImpl: impl }, seed);
    return { model, source: 'models.buildModel' };
  } catch (err) {
    if (impl !== 'fused') throw err;
    const frames = tf.input({ shape: [null, s.dims], name: 'frames' });
    const mask = tf.input({ shape: [null], name: 'mask' });
    const masked = new SequenceMask({ name: 'apply_mask' }).apply([frames, mask]) as tf.SymbolicTensor;
    const h = new FusedLSTM({ units: s.units, name: 'lstm', unitForgetBias: true, seed }).apply(masked) as tf.SymbolicTensor;
    const fc1 = tf.layers.dense({ units: s.units, activation: 'relu', name: 'fc1' }).apply(h) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: s.classes, name: 'logits' }).apply(fc1) as tf.SymbolicTensor;
    return {
      model: tf.model({ name: 'v1_lstm_fc2', inputs: [frames, mask], outputs: out }),
      source: 'bench-local',
      note: `models.buildModel(lstmImpl 'fused') failed (${(err as Error).message.split('\n')[0]}); the bench assembled the same V1 graph from SequenceMask + FusedLSTM`,
    };
  }
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

export function v1Steps(model: tf.LayersModel, s: V1Shape): V1Steps {
  const host = hostData(s);
  const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
  const varList = model.trainableWeights.map((w) => w.read() as tf.Variable);
  let lossSum: tf.Tensor = tf.scalar(0);
  let steps = 0;
  const uploads = () => [tf.tensor3d(host.x, [s.batch, s.seq, s.dims]), tf.tensor2d(host.mask, [s.batch, s.seq])];
  return {
    train() {
      const inputs = uploads();
      const oneHot = tf.tidy(() => tf.oneHot(tf.tensor1d(host.labels, 'int32'), s.classes).toFloat());
      const w = tf.tensor1d(host.weights);
      const cost = optimizer.minimize(
        () =>
          tf.tidy(() => {
            const logits = model.apply(inputs, { training: true }) as tf.Tensor;
            const per = tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits, -1)), -1));
            return tf.div(tf.sum(tf.mul(per, w)), tf.maximum(tf.sum(w), 1e-12)) as tf.Scalar;
          }),
        true,
        varList,
      )!;
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

/** Training FLOPs per sample of V1 (forward ≈ 2·T·(D+u)·4u for the LSTM + the head; training ≈ 3× forward). */
export function v1TrainFlopsPerSample(s: V1Shape): number {
  const lstm = 2 * s.seq * (s.dims + s.units) * 4 * s.units;
  const head = 2 * s.units * s.units + 2 * s.units * s.classes;
  return 3 * (lstm + head);
}

export function v1InferFlopsPerSample(s: V1Shape): number {
  return v1TrainFlopsPerSample(s) / 3;
}
