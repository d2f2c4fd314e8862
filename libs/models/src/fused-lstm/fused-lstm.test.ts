import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnnlUnavailable, initBackend, tf } from '@emosweep/backend';
import { loadWeights, saveWeights } from '../checkpoint.js';
import { SequenceMask } from '../layers/sequence-mask.js';
import { FusedLSTM, switchLstmImpl } from './index.js';

const backend = await initBackend();
const native = backend === 'tensorflow';
const skipReason = native
  ? ''
  : ` — SKIPPED: the active backend is '${backend}'; FusedLSTM needs the native 'tensorflow' backend (bash infra/native-tfjs.sh)`;

/** max |a − b| / max |b|. */
function relErr(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => {
    const num = tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
    const den = tf.max(tf.abs(b)).dataSync()[0];
    return num / Math.max(den, 1e-12);
  });
}

type Kernel = 'tensorflow' | 'onednn';
const onednnProblem = native ? dnnlUnavailable() : 'needs the tensorflow backend';
/** Both fused kernels: TensorFlow's BlockLSTMV2 pair and the oneDNN addon (skipped, with the reason, when not built). */
const KERNELS: Array<{ kernel: Kernel; skip: string }> = [
  { kernel: 'tensorflow', skip: native ? '' : skipReason },
  { kernel: 'onednn', skip: !native ? skipReason : onednnProblem ? ` — SKIPPED: oneDNN LSTM addon ${onednnProblem}` : '' },
];

const seeded = (seed: number) => ({
  kernelInitializer: tf.initializers.glorotUniform({ seed }),
  recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 1, gain: 1 }),
  unitForgetBias: true,
});

/** The reference: tfjs-layers' LSTM with the fused kernel's activations. */
function referenceLstm(units: number, name: string, seed: number) {
  return tf.layers.lstm({ units, name, recurrentActivation: 'sigmoid', returnSequences: false, ...seeded(seed) });
}

/** V1's shape: frames + mask → SequenceMask → LSTM → Dense(relu) → Dense(classes). */
function v1(impl: 'fused' | 'reference', inputDim: number, units = 32, classes = 4, seed = 7, kernel: Kernel = 'tensorflow'): tf.LayersModel {
  const frames = tf.input({ shape: [null, inputDim], name: 'frames' });
  const mask = tf.input({ shape: [null], name: 'mask' });
  const masked = new SequenceMask({ name: 'apply_mask' }).apply([frames, mask]) as tf.SymbolicTensor;
  const lstm = impl === 'fused' ? new FusedLSTM({ units, name: 'lstm', kernel, ...seeded(seed) }) : referenceLstm(units, 'lstm', seed);
  const h = lstm.apply(masked) as tf.SymbolicTensor;
  const fc = tf.layers.dense({ units, activation: 'relu', name: 'fc1', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }) });
  const out = tf.layers.dense({ units: classes, name: 'logits', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 3 }) });
  return tf.model({ inputs: [frames, mask], outputs: out.apply(fc.apply(h)) as tf.SymbolicTensor });
}

/** Random weights with a non-zero bias (the default zero bias would hide gate-order mistakes). */
function randomize(layer: tf.layers.Layer, seed: number) {
  layer.setWeights(layer.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.5, 'float32', seed + i)));
}

/** d(sum(y ⊙ ramp))/d(weights and x): a non-uniform upstream gradient. */
function grads(layer: tf.layers.Layer, inputs: tf.Tensor[]) {
  return tf.tidy(() => {
    const weights = layer.trainableWeights.map((w) => (w as unknown as { read(): tf.Tensor }).read());
    const f = (x: tf.Tensor, ...ws: tf.Tensor[]) => {
      void ws;
      const y = layer.apply(inputs.length > 1 ? [x, ...inputs.slice(1)] : x) as tf.Tensor;
      return tf.sum(tf.mul(y, tf.linspace(0.5, 1.5, y.shape[1]!)));
    };
    const { value, grads: g } = tf.valueAndGrads(f)([inputs[0], ...weights]);
    // valueAndGrads differentiates w.r.t. its arguments; the layer reads its variables, so also
    // take variable gradients.
    const vg = tf.variableGrads(() => f(inputs[0]) as tf.Scalar, layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val));
    return { value, dx: g[0], dw: layer.trainableWeights.map((w) => vg.grads[(w as unknown as { val: tf.Variable }).val.name]) };
  });
}

for (const { kernel, skip } of KERNELS) describe(`FusedLSTM (${kernel} kernel)${skip}`, () => {
describe.skipIf(!!skip)(`vs tfjs-layers LSTM`, () => {
  const B = 5, T = 23, D = 15, U = 32;
  const ref = referenceLstm(U, 'ref_lstm', 1);
  const fused = new FusedLSTM({ units: U, name: 'fused_lstm', kernel });
  const x = tf.randomNormal([B, T, D], 0, 1, 'float32', 3);
  beforeAll(() => {
    ref.apply(x); // builds
    fused.apply(x);
    randomize(ref, 100);
    fused.setWeights(ref.getWeights());
  });

  it('has the same weights (names, shapes, order) as the reference', () => {
    expect(fused.weights.map((w) => w.originalName.split('/').pop())).toEqual(['kernel', 'recurrent_kernel', 'bias']);
    expect(fused.weights.map((w) => w.shape)).toEqual(ref.weights.map((w) => w.shape));
    expect(ref.weights.map((w) => w.originalName.split('/').pop())).toEqual(['kernel', 'recurrent_kernel', 'bias']);
  });

  it('gives the same output (relative error ≤ 1e-4)', () => {
    const yr = ref.apply(x) as tf.Tensor;
    const yf = fused.apply(x) as tf.Tensor;
    expect(yf.shape).toEqual([B, U]);
    expect(relErr(yf, yr)).toBeLessThanOrEqual(1e-4);
  });

  it('gives the same gradients for kernel, recurrent kernel, bias and input (relative error ≤ 1e-4)', () => {
    const gr = grads(ref, [x]);
    const gf = grads(fused, [x]);
    expect(relErr(gf.value, gr.value)).toBeLessThanOrEqual(1e-4);
    expect(relErr(gf.dx, gr.dx)).toBeLessThanOrEqual(1e-4);
    for (let i = 0; i < 3; i++) {
      expect(gf.dw[i].shape).toEqual(gr.dw[i].shape);
      expect(relErr(gf.dw[i], gr.dw[i])).toBeLessThanOrEqual(1e-4);
    }
  });

  it('does not leak tensors', () => {
    tf.tidy(() => {
      grads(fused, [x]); // warm-up: creates the cached constant zeros once
    });
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      grads(fused, [x]);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives the same output inside a model, for the same weights and a float mask', () => {
    const mask = tf.tensor2d(Array.from({ length: B }, (_, b) => Array.from({ length: T }, (_, t) => (t < T - 3 * b ? 1 : 0))));
    const mr = v1('reference', D, U);
    const mf = v1('fused', D, U, 4, 7, kernel);
    mf.setWeights(mr.getWeights());
    expect(relErr(mf.predict([x, mask]) as tf.Tensor, mr.predict([x, mask]) as tf.Tensor)).toBeLessThanOrEqual(1e-4);
  });
});

describe.skipIf(!!skip)(`masking of padded frames`, () => {
  const D = 15, U = 16, L = [9, 4, 1, 0], Tpad = 12;
  const layer = new FusedLSTM({ units: U, name: 'masked_lstm', kernel });
  layer.build([null, null, D]);
  randomize(layer, 200);
  // Padded frames hold garbage (not zeros): they must not matter.
  const xp = tf.randomNormal([L.length, Tpad, D], 0, 3, 'float32', 11);
  const mask = tf.tensor2d(L.map((l) => Array.from({ length: Tpad }, (_, t) => (t < l ? 1 : 0))));

  it('takes the state at each sequence\'s last valid step (same output as the unpadded sequence)', () => {
    const y = layer.apply([xp, mask]) as tf.Tensor;
    L.forEach((l, b) => {
      const row = tf.slice(y, [b, 0], [1, U]);
      if (l === 0) expect(tf.max(tf.abs(row)).dataSync()[0]).toBe(0);
      else {
        const alone = layer.apply(tf.slice(xp, [b, 0, 0], [1, l, D])) as tf.Tensor;
        expect(relErr(row, alone)).toBeLessThanOrEqual(1e-5);
      }
    });
  });

  it('gives the unpadded gradients, and none for padded frames', () => {
    const gp = grads(layer, [xp, mask]);
    const dxp = gp.dx.arraySync() as number[][][];
    L.forEach((l, b) => {
      for (let t = l; t < Tpad; t++) expect(Math.max(...dxp[b][t].map(Math.abs))).toBe(0);
    });
    // Weight gradients of the padded batch = sum of the per-sequence unpadded gradients.
    const sums = [0, 1, 2].map(() => [] as tf.Tensor[]);
    L.forEach((l, b) => {
      if (l === 0) return;
      const g = grads(layer, [tf.slice(xp, [b, 0, 0], [1, l, D])]);
      g.dw.forEach((d, i) => sums[i].push(d));
      expect(relErr(tf.slice(gp.dx, [b, 0, 0], [1, l, D]), g.dx)).toBeLessThanOrEqual(1e-4);
    });
    sums.forEach((parts, i) => expect(relErr(gp.dw[i], tf.addN(parts))).toBeLessThanOrEqual(1e-4));
  });

  it('matches the reference LSTM with a Keras mask (SequenceMask → kwargs.mask), outputs and gradients', () => {
    const ref = referenceLstm(U, 'masked_ref', 3);
    ref.apply(tf.zeros([1, 2, D])); // builds
    ref.setWeights(layer.getWeights());
    const run = (l: tf.layers.Layer) => {
      const frames = tf.input({ shape: [null, D] });
      const m = tf.input({ shape: [null] });
      const masked = new SequenceMask().apply([frames, m]) as tf.SymbolicTensor;
      return tf.model({ inputs: [frames, m], outputs: l.apply(masked) as tf.SymbolicTensor });
    };
    const mf = run(layer), mr = run(ref);
    // tfjs-layers' masked LSTM gives the initial state (0) for an empty sequence, like FusedLSTM.
    expect(relErr(mf.predict([xp, mask]) as tf.Tensor, mr.predict([xp, mask]) as tf.Tensor)).toBeLessThanOrEqual(1e-4);
    const loss = (m: tf.LayersModel) => () => tf.sum(tf.square(m.apply([xp, mask]) as tf.Tensor)) as tf.Scalar;
    const gf = tf.variableGrads(loss(mf), layer.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val));
    const gr = tf.variableGrads(loss(mr), ref.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val));
    const kf = Object.keys(gf.grads), kr = Object.keys(gr.grads);
    for (let i = 0; i < 3; i++) expect(relErr(gf.grads[kf[i]], gr.grads[kr[i]])).toBeLessThanOrEqual(1e-4);
  });
});

describe.skipIf(!!skip)(`training and checkpoints`, () => {
  const B = 16, T = 40, D = 15, C = 4;
  const x = tf.randomNormal([B, T, D], 0, 1, 'float32', 21);
  const lengths = Array.from({ length: B }, (_, b) => T - ((b * 5) % 17));
  const mask = tf.tensor2d(lengths.map((l) => Array.from({ length: T }, (_, t) => (t < l ? 1 : 0))));
  const labels = tf.oneHot(tf.tensor1d(Array.from({ length: B }, (_, b) => b % C), 'int32'), C);

  async function lossCurve(impl: 'fused' | 'reference', steps: number): Promise<number[]> {
    const model = v1(impl, D, 32, C, 7, kernel); // same seed → same initial weights on both paths
    const opt = tf.train.adam(1e-2);
    const losses: number[] = [];
    for (let s = 0; s < steps; s++) {
      const loss = opt.minimize(
        () => tf.losses.softmaxCrossEntropy(labels, model.apply([x, mask], { training: true }) as tf.Tensor) as tf.Scalar,
        true,
      )!;
      losses.push((await loss.data())[0]);
      loss.dispose();
    }
    opt.dispose();
    return losses;
  }

  it('gives the same 20-step loss curve as the reference for a fixed seed', async () => {
    const ref = await lossCurve('reference', 20);
    const fused = await lossCurve('fused', 20);
    expect(ref[19]).toBeLessThan(ref[0] * 0.8); // it learns
    for (let s = 0; s < 20; s++) expect(Math.abs(fused[s] - ref[s]) / ref[s]).toBeLessThanOrEqual(1e-3);
  });

  it('loads a weights checkpoint (safetensors) saved from the other path, both ways', async () => {
    const mf = v1('fused', D, 32, C, 8, kernel);
    const mr = v1('reference', D, 32, C, 9); // different seed: loading must overwrite everything
    randomize(mf.getLayer('lstm'), 300);
    loadWeights(mr, await saveWeights(mf));
    const yf = mf.predict([x, mask]) as tf.Tensor;
    expect(relErr(mr.predict([x, mask]) as tf.Tensor, yf)).toBeLessThanOrEqual(1e-4);
    const back = v1('fused', D, 32, C, 10, kernel);
    loadWeights(back, await saveWeights(mr));
    expect(relErr(back.predict([x, mask]) as tf.Tensor, yf)).toBeLessThanOrEqual(1e-4);
  });

  it('loads a tfjs model (topology + weights) saved from the other path, with switchLstmImpl', async () => {
    const mr = v1('reference', D, 32, C, 11);
    randomize(mr.getLayer('lstm'), 400);
    let artifacts!: tf.io.ModelArtifacts;
    await mr.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    const asFused = await tf.loadLayersModel(tf.io.fromMemory(switchLstmImpl(artifacts, 'fused')));
    expect(asFused.getLayer('lstm')).toBeInstanceOf(FusedLSTM);
    const yr = mr.predict([x, mask]) as tf.Tensor;
    expect(relErr(asFused.predict([x, mask]) as tf.Tensor, yr)).toBeLessThanOrEqual(1e-4);

    let fusedArtifacts!: tf.io.ModelArtifacts;
    await asFused.save(tf.io.withSaveHandler(async (a) => ((fusedArtifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    const asRef = await tf.loadLayersModel(tf.io.fromMemory(switchLstmImpl(fusedArtifacts, 'reference')));
    expect(asRef.getLayer('lstm').getClassName()).toBe('LSTM');
    expect(relErr(asRef.predict([x, mask]) as tf.Tensor, yr)).toBeLessThanOrEqual(1e-4);
  });

  it('refuses to convert a reference LSTM the fused kernel cannot compute (hardSigmoid gates)', () => {
    const topology = { class_name: 'LSTM', config: { name: 'lstm', recurrent_activation: 'hard_sigmoid' } };
    expect(() => switchLstmImpl(topology, 'fused')).toThrow(/recurrent_activation/);
  });
});
});

describe.skipIf(!native)(`FusedLSTM on other backends${skipReason}`, () => {
  afterAll(async () => {
    await tf.setBackend(backend);
  });
  it('throws a clear error on a non-tensorflow backend', async () => {
    const layer = new FusedLSTM({ units: 4 });
    await tf.setBackend('cpu');
    expect(() => layer.apply(tf.zeros([1, 3, 2]))).toThrow(/runs only on the native 'tensorflow' backend.*'cpu'/);
  });
});
