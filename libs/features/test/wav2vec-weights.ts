import { encodeSafetensors } from '../src/safetensors.js';
import { WAV2VEC2_BASE } from '../src/wav2vec.js';

/** Deterministic pseudo-random numbers (mulberry32) → approximately normal via Box–Muller. */
export function randn(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
}

export type Wav2VecTensors = Record<string, { shape: number[]; data: Float32Array }>;

/** Random wav2vec2-base encoder weights (He-scaled so activations stay O(1)), HF tensor names. */
export function randomWav2VecTensors(seed = 1, prefix = 'wav2vec2.'): Wav2VecTensors {
  const rnd = randn(seed);
  const C = WAV2VEC2_BASE.channels;
  const out: Wav2VecTensors = {};
  WAV2VEC2_BASE.kernels.forEach((k, i) => {
    const inC = i === 0 ? 1 : C;
    const std = Math.sqrt(2 / (inC * k));
    out[`${prefix}feature_extractor.conv_layers.${i}.conv.weight`] = { shape: [C, inC, k], data: Float32Array.from({ length: C * inC * k }, () => rnd() * std) };
  });
  out[`${prefix}feature_extractor.conv_layers.0.layer_norm.weight`] = { shape: [C], data: Float32Array.from({ length: C }, () => 1 + 0.1 * rnd()) };
  out[`${prefix}feature_extractor.conv_layers.0.layer_norm.bias`] = { shape: [C], data: Float32Array.from({ length: C }, () => 0.1 * rnd()) };
  // an unrelated tensor, as real checkpoints hold hundreds
  out[`${prefix}encoder.layer_norm.weight`] = { shape: [768], data: new Float32Array(768).fill(1) };
  return out;
}

export function randomWav2VecFile(seed = 1, prefix = 'wav2vec2.'): Buffer {
  return encodeSafetensors(randomWav2VecTensors(seed, prefix), { format: 'pt' });
}
