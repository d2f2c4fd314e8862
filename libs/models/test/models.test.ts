import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, isNative, tf } from '@emosweep/backend';
import {
  buildModel,
  countParams,
  decodeSafetensors,
  loadWeights,
  modelSummary,
  orthogonalMatrix,
  resolveModelConfig,
  saveWeights,
  type ModelConfig,
} from '../src/index.js';

beforeAll(async () => {
  await initBackend();
});

/** The study's PyTorch counts (two LSTM bias vectors) per representation. */
const STUDY_V1: Array<[string, number, number]> = [
  ['MFCC', 15, 91_268],
  ['mel', 80, 124_548],
  ['spectrogram', 513, 346_244],
  ['wav2vec', 512, 345_732],
];

function apply(model: tf.LayersModel, inputs: tf.Tensor[], training = false): Float32Array {
  return tf.tidy(() => (model.apply(inputs, { training }) as tf.Tensor).dataSync() as Float32Array);
}

describe('configuration', () => {
  it('fills in the study defaults', () => {
    expect(resolveModelConfig({ kind: 'lstm', inputDim: 15, numClasses: 4 })).toEqual({
      kind: 'lstm',
      inputDim: 15,
      numClasses: 4,
      fcLayers: 2,
      hiddenUnits: 128,
      lstmUnits: 128,
      lstmImpl: 'reference',
    });
    expect(resolveModelConfig({ kind: 'mlp', inputDim: 10, numClasses: 4 })).toMatchObject({ hiddenUnits: 300 });
    expect(resolveModelConfig({ kind: 'q2l', inputDim: 80, numClasses: 4 })).toMatchObject({
      q2l: { dModel: 80, heads: 8, ffDim: 2048, encoderLayers: 1, decoderLayers: 1, dropout: 0.1, head: 'flatten' },
    });
    expect(resolveModelConfig({ kind: 'q2l', inputDim: 513, numClasses: 4 })).toMatchObject({ q2l: { heads: 3 } });
  });

  it('rejects bad options with errors naming the option', () => {
    expect(() => buildModel({ kind: 'gru' as never, inputDim: 15, numClasses: 4 }, 1)).toThrow(/model\.kind.*unknown model kind "gru"/);
    expect(() => buildModel({ kind: 'lstm', inputDim: 0, numClasses: 4 }, 1)).toThrow(/model\.inputDim/);
    expect(() => buildModel({ kind: 'lstm', inputDim: 15, numClasses: 4, fcLayers: 4 as never }, 1)).toThrow(/model\.fcLayers/);
    expect(() => buildModel({ kind: 'q2l', inputDim: 80, numClasses: 4, q2l: { heads: 3 } }, 1)).toThrow(/model\.q2l\.heads.*3 heads do not divide dModel 80/);
    expect(() => buildModel({ kind: 'q2l', inputDim: 80, numClasses: 4, q2l: { dropout: 1 } }, 1)).toThrow(/model\.q2l\.dropout/);
    expect(() => buildModel({ kind: 'lstm', inputDim: 15, numClasses: 4, lstmImpl: 'cudnn' as never }, 1)).toThrow(/model\.lstmImpl/);
  });
});

describe('parameter counts', () => {
  it.each(STUDY_V1)('V1 LSTM(128) → 128 → 4 on %s (%i dims): the study count minus 512 (one LSTM bias vector)', (_name, dims, study) => {
    const s = modelSummary({ kind: 'lstm', inputDim: dims, numClasses: 4 });
    expect(s.params).toBe(study - 512);
    expect(s.pytorchParams).toBe(study);
    expect(s.note).toMatch(/one bias vector/);
    expect(s.note).toContain(String(study));
    expect(s.layers.find((l) => l.name === 'lstm')!.params).toBe(4 * 128 * (dims + 128) + 4 * 128);
  });

  it('MFCC V1 is 90,756 and the 3-FC variant adds one Linear(128, 128)', () => {
    expect(modelSummary({ kind: 'lstm', inputDim: 15, numClasses: 4 }).params).toBe(90_756);
    expect(modelSummary({ kind: 'lstm', inputDim: 15, numClasses: 4, fcLayers: 3 }).params).toBe(90_756 + 128 * 128 + 128);
  });

  it.each([
    ['mel', 80, 740_100],
    ['wav2vec', 512, 7_368_708],
  ])('V2 Query2Label on %s (d = %i) has the study count %i, 24·d + 4 outside the layers', (_name, d, study) => {
    const s = modelSummary({ kind: 'q2l', inputDim: d, numClasses: 4 });
    expect(s.params).toBe(study);
    const inLayers = s.layers.filter((l) => /^(encoder|decoder)_layer_/.test(l.name)).reduce((n, l) => n + l.params, 0);
    expect(s.params - inLayers).toBe(24 * d + 4);
    // PyTorch: encoder layer 4d²+4d + 2·d·ff + ff + d + 4d; decoder layer 8d²+8d + 2·d·ff + ff + d + 6d.
    const ff = 2048;
    expect(s.layers.find((l) => l.name === 'encoder_layer_0')!.params).toBe(4 * d * d + 4 * d + 2 * d * ff + ff + d + 4 * d);
    expect(s.layers.find((l) => l.name === 'decoder_layer_0')!.params).toBe(8 * d * d + 8 * d + 2 * d * ff + ff + d + 6 * d);
  });

  it('the Query2Label count does not depend on the number of heads', () => {
    for (const heads of [1, 2, 4, 5, 8, 16]) {
      expect(modelSummary({ kind: 'q2l', inputDim: 80, numClasses: 4, q2l: { heads } }).params).toBe(740_100);
    }
  });

  it('the per-class (GroupWiseLinear) head has C·d + C head parameters instead of C²·d + C', () => {
    const d = 80;
    expect(modelSummary({ kind: 'q2l', inputDim: d, numClasses: 4, q2l: { head: 'per-class' } }).params).toBe(740_100 - 16 * d - 4 + 4 * d + 4);
  });

  it('V0 MLP: Dense(300, relu) → Dense(C)', () => {
    const model = buildModel({ kind: 'mlp', inputDim: 107, numClasses: 4 }, 1);
    expect(countParams(model)).toBe(107 * 300 + 300 + 300 * 4 + 4);
    model.dispose();
  });
});

describe('forward pass', () => {
  const tiny: ModelConfig[] = [
    { kind: 'lstm', inputDim: 5, numClasses: 3, lstmUnits: 6, hiddenUnits: 7 },
    { kind: 'lstm', inputDim: 5, numClasses: 3, lstmUnits: 6, hiddenUnits: 7, fcLayers: 3 },
    { kind: 'q2l', inputDim: 8, numClasses: 3, q2l: { ffDim: 16, heads: 2, dropout: 0 } },
    { kind: 'q2l', inputDim: 5, numClasses: 3, q2l: { dModel: 8, ffDim: 16, heads: 2, encoderLayers: 2, decoderLayers: 2, head: 'per-class' } },
  ];

  it.each(tiny)('%# $kind gives logits [batch, classes] and ignores padded frames', (cfg) => {
    const model = buildModel(cfg, 3);
    const before = tf.memory().numTensors;
    const x = tf.randomNormal([2, 5, cfg.inputDim], 0, 1, 'float32', 1);
    const noise = tf.randomNormal([2, 4, cfg.inputDim], 0, 1, 'float32', 2);
    const padded = tf.concat([x, noise], 1); // padding filled with noise: it must be masked out, whatever it holds
    const mask = tf.tidy(() => tf.concat([tf.ones([2, 5]), tf.zeros([2, 4])], 1));
    const [ones5, ones9] = [tf.ones([2, 5]), tf.ones([2, 9])];
    const plain = apply(model, [x, ones5]);
    const masked = apply(model, [padded, mask]);
    const unmasked = apply(model, [padded, ones9]);
    expect(plain.length).toBe(2 * 3);
    for (let i = 0; i < plain.length; i++) expect(masked[i]).toBeCloseTo(plain[i], 5);
    expect(Array.from(unmasked)).not.toEqual(Array.from(plain));
    tf.dispose([x, noise, padded, mask, ones5, ones9]);
    expect(tf.memory().numTensors).toBe(before + 0);
    model.dispose();
  });

  it('the reference LSTM computes sigmoid gates in the order i, f, c, o with one bias (checked by hand)', () => {
    const u = 3;
    const d = 2;
    const model = buildModel({ kind: 'lstm', inputDim: d, numClasses: 2, lstmUnits: u, hiddenUnits: 2 }, 5);
    const lstm = model.getLayer('lstm');
    const [k, rk, b] = lstm.getWeights().map((w) => Array.from(w.dataSync()));
    const xs = [
      [0.5, -1],
      [2, 0.25],
      [-0.75, 1.5],
    ];
    const sig = (z: number) => 1 / (1 + Math.exp(-z));
    let h = new Array(u).fill(0);
    let c = new Array(u).fill(0);
    for (const x of xs) {
      const z = Array.from({ length: 4 * u }, (_, j) => b[j] + x.reduce((a, xi, i) => a + xi * k[i * 4 * u + j], 0) + h.reduce((a, hi, i) => a + hi * rk[i * 4 * u + j], 0));
      const gate = (g: number, f: (v: number) => number) => Array.from({ length: u }, (_, j) => f(z[g * u + j]));
      const [i, f, g, o] = [gate(0, sig), gate(1, sig), gate(2, Math.tanh), gate(3, sig)];
      c = c.map((cj, j) => f[j] * cj + i[j] * g[j]);
      h = c.map((cj, j) => o[j] * Math.tanh(cj));
    }
    expect(b.slice(u, 2 * u)).toEqual([1, 1, 1]); // unit forget bias
    const sub = tf.model({ inputs: model.inputs, outputs: lstm.output as tf.SymbolicTensor });
    const got = tf.tidy(() => (sub.predict([tf.tensor3d([xs]), tf.ones([1, 3])]) as tf.Tensor).dataSync());
    h.forEach((v, j) => expect(got[j]).toBeCloseTo(v, 5));
    model.dispose();
  });

  it('initialises the LSTM recurrent kernel orthogonal (seeded) and the forget-gate bias to 1', () => {
    for (const [rows, cols] of [[4, 16], [16, 4], [8, 8]]) {
      const w = orthogonalMatrix(rows, cols, 3);
      const k = Math.min(rows, cols);
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) {
          let dot = 0;
          for (let t = 0; t < Math.max(rows, cols); t++) dot += rows <= cols ? w[a * cols + t] * w[b * cols + t] : w[t * cols + a] * w[t * cols + b];
          expect(dot).toBeCloseTo(a === b ? 1 : 0, 5);
        }
      }
    }
    expect(orthogonalMatrix(4, 16, 3)).toEqual(orthogonalMatrix(4, 16, 3));
    const model = buildModel({ kind: 'lstm', inputDim: 3, numClasses: 2, lstmUnits: 4, hiddenUnits: 2 }, 1);
    const [, rk, b] = model.getLayer('lstm').getWeights().map((t) => Array.from(t.dataSync()));
    expect(rk.reduce((a, v) => a + v * v, 0)).toBeCloseTo(4, 4); // 4 orthonormal rows
    expect(b).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    model.dispose();
  });

  it('the same seed gives the same initial weights; another seed different ones', () => {
    const cfg: ModelConfig = { kind: 'q2l', inputDim: 8, numClasses: 3, q2l: { ffDim: 16, heads: 2 } };
    const [a, b, c] = [buildModel(cfg, 7), buildModel(cfg, 7), buildModel(cfg, 8)];
    const flat = (m: tf.LayersModel) => m.getWeights().flatMap((w) => Array.from(w.dataSync()));
    expect(flat(a)).toEqual(flat(b));
    expect(flat(a)).not.toEqual(flat(c));
    [a, b, c].forEach((m) => m.dispose());
  });

  it('Query2Label dropout is active in training only, with a fresh mask per call', () => {
    const model = buildModel({ kind: 'q2l', inputDim: 8, numClasses: 3, q2l: { ffDim: 16, heads: 2, dropout: 0.3 } }, 1);
    const x = tf.randomNormal([2, 6, 8], 0, 1, 'float32', 4);
    const m = tf.ones([2, 6]);
    expect(apply(model, [x, m])).toEqual(apply(model, [x, m]));
    const t1 = apply(model, [x, m], true);
    const t2 = apply(model, [x, m], true);
    expect(t1).not.toEqual(t2);
    expect(t1).not.toEqual(apply(model, [x, m]));
    tf.dispose([x, m]);
    model.dispose();
  });
});

describe('checkpoints', () => {
  const cases: ModelConfig[] = [
    { kind: 'mlp', inputDim: 6, numClasses: 4, hiddenUnits: 5 },
    { kind: 'lstm', inputDim: 6, numClasses: 4, lstmUnits: 4, hiddenUnits: 5 },
    { kind: 'q2l', inputDim: 6, numClasses: 4, q2l: { ffDim: 8, heads: 2 } },
  ];

  it.each(cases)('$kind: save → load into a model built with another seed → same predictions', async (cfg) => {
    const a = buildModel(cfg, 1);
    const b = buildModel(cfg, 2); // a second model in the process: tfjs suffixes its variable names (_1)
    const inputs = cfg.kind === 'mlp' ? [tf.randomNormal([3, 6], 0, 1, 'float32', 9)] : [tf.randomNormal([3, 7, 6], 0, 1, 'float32', 9), tf.ones([3, 7])];
    const pa = apply(a, inputs);
    expect(apply(b, inputs)).not.toEqual(pa);
    const bytes = await saveWeights(a);
    loadWeights(b, bytes);
    expect(apply(b, inputs)).toEqual(pa);
    tf.dispose(inputs);
    a.dispose();
    b.dispose();
  });

  it('writes safetensors keyed by stable weight names', async () => {
    const model = buildModel({ kind: 'lstm', inputDim: 15, numClasses: 4, lstmUnits: 4, hiddenUnits: 5 }, 1);
    const bytes = await saveWeights(model);
    const headerLen = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
    expect(headerLen % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLen)));
    expect(header.__metadata__).toMatchObject({ format: 'emosweep-weights', version: '1' });
    expect(header['lstm/kernel']).toEqual({ dtype: 'F32', shape: [15, 16], data_offsets: [0, 15 * 16 * 4] });
    expect(Object.keys(header).filter((k) => k !== '__metadata__').sort()).toEqual(
      ['fc1/bias', 'fc1/kernel', 'logits/bias', 'logits/kernel', 'lstm/bias', 'lstm/kernel', 'lstm/recurrent_kernel'].sort(),
    );
    const { tensors } = decodeSafetensors(bytes);
    expect(Array.from(tensors['lstm/kernel'].data)).toEqual(Array.from(model.getLayer('lstm').getWeights()[0].dataSync()));
    model.dispose();
  });

  it('refuses a checkpoint of another architecture, listing what differs', async () => {
    const mfcc = buildModel({ kind: 'lstm', inputDim: 15, numClasses: 4, lstmUnits: 4, hiddenUnits: 5 }, 1);
    const mel = buildModel({ kind: 'lstm', inputDim: 80, numClasses: 4, lstmUnits: 4, hiddenUnits: 5, fcLayers: 3 }, 1);
    const bytes = await saveWeights(mfcc);
    expect(() => loadWeights(mel, bytes)).toThrow(/lstm\/kernel is \[15,16\] in the checkpoint but \[80,16\] in the model.*missing fc2\/kernel/);
    expect(() => loadWeights(mel, new Uint8Array([1, 2, 3]))).toThrow(/not a safetensors checkpoint/);
    mfcc.dispose();
    mel.dispose();
  });
});

describe('LSTM implementations', () => {
  const cfg = (lstmImpl: 'reference' | 'fused'): ModelConfig => ({ kind: 'lstm', inputDim: 5, numClasses: 3, lstmUnits: 6, hiddenUnits: 7, lstmImpl });

  it('reference and fused share weight names, shapes and initial values', async () => {
    const [ref, fused] = [buildModel(cfg('reference'), 4), buildModel(cfg('fused'), 4)];
    expect(fused.getLayer('lstm').getClassName()).toBe('FusedLSTM');
    const ra = decodeSafetensors(await saveWeights(ref)).tensors;
    const fa = decodeSafetensors(await saveWeights(fused)).tensors;
    expect(Object.keys(fa).sort()).toEqual(Object.keys(ra).sort());
    for (const k of Object.keys(ra)) expect(Array.from(fa[k].data)).toEqual(Array.from(ra[k].data));
    ref.dispose();
    fused.dispose();
  });

  it('a checkpoint moves between them: same logits with masks (tensorflow backend)', async (ctx) => {
    if (!isNative()) return ctx.skip();
    const [ref, fused] = [buildModel(cfg('reference'), 1), buildModel(cfg('fused'), 2)];
    const x = tf.randomNormal([3, 9, 5], 0, 1, 'float32', 6);
    const m = tf.tensor2d([[1, 1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 0, 0, 0, 0], [1, 1, 0, 0, 0, 0, 0, 0, 0]]);
    loadWeights(fused, await saveWeights(ref));
    const a = apply(ref, [x, m]);
    const b = apply(fused, [x, m]);
    a.forEach((v, i) => expect(b[i]).toBeCloseTo(v, 5));
    tf.dispose([x, m]);
    ref.dispose();
    fused.dispose();
  });
});
