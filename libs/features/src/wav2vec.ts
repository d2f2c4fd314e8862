import { statSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { initBackend, tf } from '@emosweep/backend';
import { checkSignal, type Signal } from './numeric.js';
import { SafetensorsFile } from './safetensors.js';
import type { FeatureMatrix } from './stft.js';

/**
 * wav2vec 2.0's convolutional feature encoder (transformers' Wav2Vec2FeatureEncoder) in the
 * wav2vec2-base layout (feat_extract_norm="group"): 7 Conv1d layers of 512 channels, kernels
 * [10,3,3,3,3,2,2], strides [5,2,2,2,2,2,2], no conv bias, GroupNorm(512 groups, 512 channels)
 * after the first conv, exact (erf) GELU after each. One 512-dim frame per 320 samples (20 ms at
 * 16 kHz), each seeing 400 samples (25 ms).
 */
export const WAV2VEC2_BASE = {
  channels: 512,
  kernels: [10, 3, 3, 3, 3, 2, 2],
  strides: [5, 2, 2, 2, 2, 2, 2],
  /** samples per output frame (product of the strides) */
  hop: 320,
  /** samples seen by one output frame */
  receptiveField: 400,
  groupNormEps: 1e-5,
} as const;

/** Frames the encoder outputs for `samples` input samples (transformers' chained conv lengths). */
export function wav2vecFrameCount(samples: number): number {
  let n = samples;
  for (let i = 0; i < WAV2VEC2_BASE.kernels.length; i++) {
    n = Math.floor((n - WAV2VEC2_BASE.kernels[i]) / WAV2VEC2_BASE.strides[i]) + 1;
    if (n < 1) return 0;
  }
  return n;
}

export interface Wav2Vec2Params {
  /** identifies the weights in content hashes, e.g. 'facebook/wav2vec2-base' (the file comes in opts) */
  model: string;
  /**
   * zero-mean, unit-variance normalisation of the waveform before the encoder, as transformers'
   * Wav2Vec2FeatureExtractor does for wav2vec2-base (do_normalize=True): (y - mean) / sqrt(var + 1e-7)
   */
  do_normalize: boolean;
}

const PREFIXES = ['wav2vec2.', ''];
const CHUNK_FRAMES = 256; // ≈ 5 s of audio per tfjs pass: bounds memory (layer 0 is 64 × 512 floats per frame)

/** The encoder with its weights on the current TensorFlow.js backend. */
export class Wav2Vec2FeatureEncoder {
  private constructor(
    readonly source: string,
    /** conv kernels as tfjs [width, in, out] */
    private readonly kernels: tf.Tensor3D[],
    private readonly biases: (tf.Tensor1D | null)[],
    /** layer 0 weights as [512][10] float64, for the GroupNorm statistics */
    private readonly w0: Float64Array,
    private readonly b0: Float64Array | null,
    private readonly gamma: Float32Array,
    private readonly beta: Float32Array,
  ) {}

  /**
   * Loads the encoder's weights from a Hugging Face `model.safetensors`: tensors
   * `[wav2vec2.]feature_extractor.conv_layers.{0..6}.conv.weight` ([512, in, k]) and
   * `...conv_layers.0.layer_norm.{weight,bias}` ([512]); an optional `conv.bias` is applied.
   */
  static async load(path: string): Promise<Wav2Vec2FeatureEncoder> {
    await initBackend();
    const file = SafetensorsFile.open(path);
    try {
      const first = 'feature_extractor.conv_layers.0.conv.weight';
      const prefix = PREFIXES.find((p) => file.tensors.has(p + first));
      if (prefix === undefined) {
        throw new Error(`${path}: missing tensor '${first}' (looked for ${PREFIXES.map((p) => `'${p}${first}'`).join(' and ')}): not a wav2vec2 checkpoint?`);
      }
      const name = (s: string) => `${prefix}feature_extractor.conv_layers.${s}`;
      if (file.tensors.has(name('1.layer_norm.weight'))) {
        throw new Error(`${path}: has a layer_norm in every conv layer (feat_extract_norm="layer"); only the wav2vec2-base layout (group norm after the first conv) is supported`);
      }
      if (file.tensors.has(name(`${WAV2VEC2_BASE.kernels.length}.conv.weight`))) {
        throw new Error(`${path}: has more than ${WAV2VEC2_BASE.kernels.length} conv layers; the wav2vec2-base layout has 7`);
      }
      const C = WAV2VEC2_BASE.channels;
      const kernels: tf.Tensor3D[] = [];
      const biases: (tf.Tensor1D | null)[] = [];
      let w0 = new Float64Array(0);
      let b0: Float64Array | null = null;
      try {
        for (let i = 0; i < WAV2VEC2_BASE.kernels.length; i++) {
          const k = WAV2VEC2_BASE.kernels[i];
          const inC = i === 0 ? 1 : C;
          const w = file.read(name(`${i}.conv.weight`), [C, inC, k]); // torch layout [out, in, k]
          if (i === 0) w0 = Float64Array.from(w);
          kernels.push(tf.tidy(() => tf.tensor3d(w, [C, inC, k]).transpose([2, 1, 0]) as tf.Tensor3D));
          const biasName = name(`${i}.conv.bias`);
          if (file.tensors.has(biasName)) {
            const b = file.read(biasName, [C]);
            if (i === 0) b0 = Float64Array.from(b);
            biases.push(tf.tensor1d(b));
          } else biases.push(null);
        }
        const gamma = file.read(name('0.layer_norm.weight'), [C]);
        const beta = file.read(name('0.layer_norm.bias'), [C]);
        return new Wav2Vec2FeatureEncoder(path, kernels, biases, w0, b0, gamma, beta);
      } catch (err) {
        tf.dispose([...kernels, ...biases.filter((b): b is tf.Tensor1D => b !== null)]);
        throw err;
      }
    } finally {
      file.close();
    }
  }

  dispose(): void {
    tf.dispose([...this.kernels, ...this.biases.filter((b): b is tf.Tensor1D => b !== null)]);
  }

  /**
   * Frames × 512 encoder outputs for a 16 kHz mono signal of at least 400 samples.
   * `chunkFrames` (default 256, ≈ 5 s) bounds the frames computed per tfjs pass; results do not depend on it.
   */
  async encode(y: Signal, params: Pick<Wav2Vec2Params, 'do_normalize'> & { chunkFrames?: number } = { do_normalize: true }): Promise<FeatureMatrix> {
    const chunk = params.chunkFrames ?? CHUNK_FRAMES;
    if (!(Number.isInteger(chunk) && chunk > 0)) throw new Error(`wav2vec: bad value for chunkFrames: ${chunk} (allowed: a positive integer)`);
    checkSignal(y, 'wav2vec: signal');
    const frames = wav2vecFrameCount(y.length);
    if (frames < 1) {
      throw new Error(`wav2vec: signal of ${y.length} samples is too short: the encoder needs at least ${WAV2VEC2_BASE.receptiveField} samples (25 ms at 16 kHz)`);
    }
    const x = params.do_normalize ? zeroMeanUnitVar(y) : Float32Array.from(y);
    const { scale, shift } = this.groupNormAffine(x);
    const C = WAV2VEC2_BASE.channels;
    const out = new Float32Array(frames * C);
    const scaleT = tf.tensor1d(scale);
    const shiftT = tf.tensor1d(shift);
    try {
      // Output frames are independent given the GroupNorm statistics (computed above over the whole
      // signal), so the signal is processed in chunks of frames: chunk [a, b) reads samples
      // [320a, 320(b-1) + 400), and every layer's stride grid stays aligned with the full run's.
      for (let a = 0; a < frames; a += chunk) {
        const b = Math.min(frames, a + chunk);
        const from = a * WAV2VEC2_BASE.hop;
        const to = (b - 1) * WAV2VEC2_BASE.hop + WAV2VEC2_BASE.receptiveField;
        const h = tf.tidy(() => {
          let t: tf.Tensor3D = tf.tensor3d(x.subarray(from, to), [1, to - from, 1]);
          for (let i = 0; i < this.kernels.length; i++) {
            t = tf.conv1d(t, this.kernels[i], WAV2VEC2_BASE.strides[i], 'valid');
            const bias = this.biases[i];
            if (i === 0) t = t.mul(scaleT).add(shiftT); // conv bias, if any, is inside the affine
            else if (bias) t = t.add(bias);
            t = gelu(t);
          }
          return t;
        });
        const data = (await h.data()) as Float32Array;
        h.dispose();
        if (data.length !== (b - a) * C) throw new Error(`wav2vec: internal error: chunk gave ${data.length / C} frames, expected ${b - a}`);
        out.set(data, a * C);
      }
    } finally {
      scaleT.dispose();
      shiftT.dispose();
    }
    return { frames, dims: C, data: out };
  }

  /**
   * GroupNorm(512 groups) after conv 0 normalises each channel over time. Its statistics are exact
   * float64 functions of the input: conv 0 has one input channel and a 10-tap kernel w_c, so
   *   mean_c = w_c·s / L   and   E[h_c²] = w_cᵀ G w_c / L
   * with s_k = Σ_t x[5t+k] and the 10×10 Gram matrix G_kj = Σ_t x[5t+k]·x[5t+j]. That is one pass
   * of 55 products per output step instead of materialising conv 0's 512 channels twice.
   * Returns the per-channel affine (scale, shift) that GroupNorm + its weight/bias amount to.
   */
  private groupNormAffine(x: Float32Array): { scale: Float32Array; shift: Float32Array } {
    const K = WAV2VEC2_BASE.kernels[0];
    const S = WAV2VEC2_BASE.strides[0];
    const L = Math.floor((x.length - K) / S) + 1;
    const s = new Float64Array(K);
    const G = new Float64Array(K * K);
    for (let t = 0; t < L; t++) {
      const o = t * S;
      for (let k = 0; k < K; k++) {
        const xk = x[o + k];
        s[k] += xk;
        for (let j = k; j < K; j++) G[k * K + j] += xk * x[o + j];
      }
    }
    for (let k = 0; k < K; k++) for (let j = 0; j < k; j++) G[k * K + j] = G[j * K + k];
    const C = WAV2VEC2_BASE.channels;
    const scale = new Float32Array(C);
    const shift = new Float32Array(C);
    for (let c = 0; c < C; c++) {
      const w = this.w0.subarray(c * K, (c + 1) * K);
      let m = 0;
      let e2 = 0;
      for (let k = 0; k < K; k++) {
        m += w[k] * s[k];
        let row = 0;
        for (let j = 0; j < K; j++) row += G[k * K + j] * w[j];
        e2 += w[k] * row;
      }
      m /= L;
      e2 /= L;
      let variance = e2 - m * m;
      if (variance < 1e-6 * e2) variance = this.directVariance(x, w, m, L); // cancellation: recompute
      const mean = m + (this.b0 ? this.b0[c] : 0);
      const sc = this.gamma[c] / Math.sqrt(variance + WAV2VEC2_BASE.groupNormEps);
      scale[c] = sc;
      // h_conv = conv(x) + b0; normalised = (h_conv - mean) * sc + beta = conv(x) * sc + (beta + (b0 - mean) * sc)
      shift[c] = this.beta[c] + ((this.b0 ? this.b0[c] : 0) - mean) * sc;
    }
    return { scale, shift };
  }

  private directVariance(x: Float32Array, w: Float64Array, mean: number, L: number): number {
    const K = w.length;
    const S = WAV2VEC2_BASE.strides[0];
    let acc = 0;
    for (let t = 0; t < L; t++) {
      let h = 0;
      for (let k = 0; k < K; k++) h += w[k] * x[t * S + k];
      acc += (h - mean) ** 2;
    }
    return acc / L;
  }
}

/** Exact GELU, x · Φ(x) = 0.5 · x · (1 + erf(x / √2)) (torch.nn.functional.gelu's default). */
function gelu<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => x.mul(tf.scalar(0.5)).mul(tf.erf(x.mul(tf.scalar(Math.SQRT1_2))).add(tf.scalar(1))) as T);
}

/** transformers' zero_mean_unit_var_norm: (y - mean) / sqrt(var + 1e-7), statistics in float64. */
export function zeroMeanUnitVar(y: Signal): Float32Array {
  let mean = 0;
  for (let i = 0; i < y.length; i++) mean += y[i];
  mean /= y.length;
  let v = 0;
  for (let i = 0; i < y.length; i++) v += (y[i] - mean) ** 2;
  v /= y.length;
  const inv = 1 / Math.sqrt(v + 1e-7);
  const out = new Float32Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = (y[i] - mean) * inv;
  return out;
}

const encoders = new Map<string, Promise<Wav2Vec2FeatureEncoder>>();

/**
 * The encoder for a weights file, loaded once per process and reused while the file is unchanged
 * (keyed by absolute path, size and modification time).
 */
export function wav2vecEncoder(path: string): Promise<Wav2Vec2FeatureEncoder> {
  const abs = resolvePath(path);
  let key: string;
  try {
    const st = statSync(abs);
    key = `${abs}|${st.size}|${st.mtimeMs}`;
  } catch (err) {
    return Promise.reject(new Error(`wav2vec: cannot read weights file ${abs}: ${(err as Error).message}`));
  }
  let enc = encoders.get(key);
  if (!enc) {
    enc = Wav2Vec2FeatureEncoder.load(abs);
    encoders.set(key, enc);
    enc.catch(() => encoders.delete(key));
  }
  return enc;
}
