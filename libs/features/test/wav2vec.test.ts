import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSafetensors, extractFeatures, SafetensorsFile, Wav2Vec2FeatureEncoder, wav2vecFrameCount, type FeatureMatrix } from '../src/index.js';
import { zeroMeanUnitVar } from '../src/wav2vec.js';
import { randn, randomWav2VecFile, randomWav2VecTensors, type Wav2VecTensors } from './wav2vec-weights.js';

/** erfc with fractional error < 1.2e-7 (Numerical Recipes' erfcc), enough for a float32 comparison. */
function erf(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - r : r - 1;
}
const gelu = (x: number) => 0.5 * x * (1 + erf(x / Math.SQRT2));

/** Straightforward float64 transcription of transformers' Wav2Vec2FeatureEncoder (group norm). */
function referenceEncoder(w: Wav2VecTensors, x: Float32Array, prefix = 'wav2vec2.'): FeatureMatrix {
  const C = 512;
  const kernels = [10, 3, 3, 3, 3, 2, 2];
  const strides = [5, 2, 2, 2, 2, 2, 2];
  let h: Float64Array[] = [Float64Array.from(x)]; // [channel][time]
  for (let i = 0; i < 7; i++) {
    const wt = w[`${prefix}feature_extractor.conv_layers.${i}.conv.weight`].data;
    const inC = h.length;
    const k = kernels[i];
    const L = Math.floor((h[0].length - k) / strides[i]) + 1;
    const out: Float64Array[] = [];
    for (let c = 0; c < C; c++) {
      const o = new Float64Array(L);
      for (let ci = 0; ci < inC; ci++) {
        const src = h[ci];
        for (let j = 0; j < k; j++) {
          const wv = wt[(c * inC + ci) * k + j];
          for (let t = 0; t < L; t++) o[t] += wv * src[t * strides[i] + j];
        }
      }
      out.push(o);
    }
    if (i === 0) {
      const g = w[`${prefix}feature_extractor.conv_layers.0.layer_norm.weight`].data;
      const b = w[`${prefix}feature_extractor.conv_layers.0.layer_norm.bias`].data;
      for (let c = 0; c < C; c++) {
        const o = out[c];
        const mean = o.reduce((s, v) => s + v, 0) / L;
        const variance = o.reduce((s, v) => s + (v - mean) ** 2, 0) / L;
        for (let t = 0; t < L; t++) o[t] = ((o[t] - mean) / Math.sqrt(variance + 1e-5)) * g[c] + b[c];
      }
    }
    for (const o of out) for (let t = 0; t < o.length; t++) o[t] = gelu(o[t]);
    h = out;
  }
  const frames = h[0].length;
  const data = new Float32Array(frames * C);
  for (let t = 0; t < frames; t++) for (let c = 0; c < C; c++) data[t * C + c] = h[c][t];
  return { frames, dims: C, data };
}

/** max |a − b| / max |b|: float32 convolutions over 512·3 terms err relative to the terms, not the sum. */
function scaledError(a: FeatureMatrix, b: FeatureMatrix): number {
  let d = 0;
  let m = 0;
  for (let i = 0; i < b.data.length; i++) {
    d = Math.max(d, Math.abs(a.data[i] - b.data[i]));
    m = Math.max(m, Math.abs(b.data[i]));
  }
  return d / m;
}

let dir: string;
let weightsPath: string;
const tensors = randomWav2VecTensors(7);
const rnd = randn(3);
// 2,000 samples → 6 frames; a DC offset and a slow tone make do_normalize matter.
const y = Float32Array.from({ length: 2000 }, (_, i) => 0.2 + 0.3 * Math.sin(i / 9) + 0.05 * rnd());

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'emosweep-w2v-'));
  weightsPath = join(dir, 'model.safetensors');
  writeFileSync(weightsPath, encodeSafetensors(tensors));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('wav2vec feature encoder', () => {
  it('counts frames like transformers (one per 320 samples, 400-sample receptive field)', () => {
    expect(wav2vecFrameCount(399)).toBe(0);
    expect(wav2vecFrameCount(400)).toBe(1);
    expect(wav2vecFrameCount(16000)).toBe(49);
    for (const n of [400, 719, 720, 1234, 16000, 48017]) expect(wav2vecFrameCount(n)).toBe(Math.floor((n - 400) / 320) + 1);
  });

  it('matches a float64 reference of the encoder, chunked or not', async () => {
    const enc = await Wav2Vec2FeatureEncoder.load(weightsPath);
    try {
      const ref = referenceEncoder(tensors, zeroMeanUnitVar(y));
      const got = await enc.encode(y, { do_normalize: true });
      expect([got.frames, got.dims]).toEqual([6, 512]);
      expect(scaledError(got, ref)).toBeLessThan(1e-4);
      const chunked = await enc.encode(y, { do_normalize: true, chunkFrames: 4 });
      expect(scaledError(chunked, ref)).toBeLessThan(1e-4);
      const raw = await enc.encode(y, { do_normalize: false });
      expect(scaledError(raw, referenceEncoder(tensors, y))).toBeLessThan(1e-4);
    } finally {
      enc.dispose();
    }
  });

  it('runs through the registry and accepts names without the wav2vec2. prefix', async () => {
    const bare = join(dir, 'bare.safetensors');
    writeFileSync(bare, randomWav2VecFile(7, ''));
    const a = await extractFeatures('wav2vec', y, {}, { weightsPath });
    const b = await extractFeatures('wav2vec', y, {}, { weightsPath: bare });
    expect(a.dims).toBe(512);
    expect(b.data).toEqual(a.data);
  });

  it('refuses a signal shorter than the receptive field', async () => {
    await expect(extractFeatures('wav2vec', y.subarray(0, 399), {}, { weightsPath })).rejects.toThrow(/399 samples is too short: the encoder needs at least 400/);
  });
});

describe('safetensors checks', () => {
  const write = (name: string, content: Buffer) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  const without = (drop: string) => Object.fromEntries(Object.entries(tensors).filter(([k]) => k !== drop));

  it('names a missing tensor', async () => {
    const p = write('missing.safetensors', encodeSafetensors(without('wav2vec2.feature_extractor.conv_layers.3.conv.weight')));
    await expect(Wav2Vec2FeatureEncoder.load(p)).rejects.toThrow(/missing tensor 'wav2vec2.feature_extractor.conv_layers.3.conv.weight'/);
    const q = write('nolayer0.safetensors', encodeSafetensors(without('wav2vec2.feature_extractor.conv_layers.0.conv.weight')));
    await expect(Wav2Vec2FeatureEncoder.load(q)).rejects.toThrow(/missing tensor 'feature_extractor.conv_layers.0.conv.weight'.*not a wav2vec2 checkpoint/);
    const r = write('nonorm.safetensors', encodeSafetensors(without('wav2vec2.feature_extractor.conv_layers.0.layer_norm.bias')));
    await expect(Wav2Vec2FeatureEncoder.load(r)).rejects.toThrow(/missing tensor 'wav2vec2.feature_extractor.conv_layers.0.layer_norm.bias'/);
  });

  it('names a tensor of the wrong shape', async () => {
    const bad = { ...tensors, 'wav2vec2.feature_extractor.conv_layers.2.conv.weight': { shape: [512, 512, 4], data: new Float32Array(512 * 512 * 4) } };
    const p = write('shape.safetensors', encodeSafetensors(bad));
    await expect(Wav2Vec2FeatureEncoder.load(p)).rejects.toThrow(/tensor 'wav2vec2.feature_extractor.conv_layers.2.conv.weight' has shape \[512, 512, 4\], expected \[512, 512, 3\]/);
  });

  it('detects a truncated file', async () => {
    const p = write('truncated.safetensors', encodeSafetensors(tensors));
    truncateSync(p, 8 + 3000 + 512 * 10 * 4); // cuts into the second conv kernel
    await expect(Wav2Vec2FeatureEncoder.load(p)).rejects.toThrow(/truncated file: tensor '.*' needs bytes/);
    const q = write('stub.safetensors', Buffer.from([1, 2, 3]));
    await expect(Wav2Vec2FeatureEncoder.load(q)).rejects.toThrow(/not a safetensors file: 3 bytes/);
  });

  it('refuses a file that is not safetensors', () => {
    const big = Buffer.alloc(64);
    big.writeBigUInt64LE(10_000n, 0);
    expect(() => SafetensorsFile.open(write('big.safetensors', big))).toThrow(/header length 10000 exceeds the file size 64/);
    const notJson = Buffer.alloc(16);
    notJson.writeBigUInt64LE(8n, 0);
    notJson.write('{"a": no', 8);
    expect(() => SafetensorsFile.open(write('json.safetensors', notJson))).toThrow(/header is not JSON/);
  });

  it('reads F16, BF16 and F64 tensors as float32', () => {
    const header = JSON.stringify({
      h: { dtype: 'F16', shape: [2], data_offsets: [0, 4] },
      b: { dtype: 'BF16', shape: [1], data_offsets: [4, 6] },
      d: { dtype: 'F64', shape: [1], data_offsets: [6, 14] },
    });
    const buf = Buffer.alloc(8 + header.length + 14);
    buf.writeBigUInt64LE(BigInt(header.length), 0);
    buf.write(header, 8);
    const at = 8 + header.length;
    buf.writeUInt16LE(0x3c00, at); // 1.0
    buf.writeUInt16LE(0xc000, at + 2); // -2.0
    buf.writeUInt16LE(0x3fc0, at + 4); // bf16 1.5
    buf.writeDoubleLE(0.25, at + 6);
    const f = SafetensorsFile.open(write('dtypes.safetensors', buf));
    try {
      expect(Array.from(f.read('h'))).toEqual([1, -2]);
      expect(Array.from(f.read('b'))).toEqual([1.5]);
      expect(Array.from(f.read('d'))).toEqual([0.25]);
    } finally {
      f.close();
    }
  });
});
