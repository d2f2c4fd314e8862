import type { Sample } from './types.js';

/** Per-dimension z-score statistics: x' = (x − mean) / std. */
export interface Normalizer {
  mean: number[];
  std: number[];
}

/**
 * Per-dimension mean and (population) standard deviation over every frame of `samples`, or over
 * their time-averaged vectors when `pooled` (the MLP). Two passes in float64. A dimension whose
 * std is below 1e-12 (constant) gets std 1. Call it with the training split only.
 */
export function computeNormalizer(samples: readonly Sample[], pooled = false): Normalizer {
  const dims = samples[0].features.dims;
  const sum = new Float64Array(dims);
  let count = 0;
  const visit = (fn: (v: ArrayLike<number>, off: number) => void) => {
    for (const s of samples) {
      if (pooled) fn(poolMean(s), 0);
      else for (let t = 0; t < s.features.frames; t++) fn(s.features.data, t * dims);
    }
  };
  visit((v, off) => {
    for (let j = 0; j < dims; j++) sum[j] += v[off + j];
    count++;
  });
  const mean = Array.from(sum, (x) => x / count);
  const sq = new Float64Array(dims);
  visit((v, off) => {
    for (let j = 0; j < dims; j++) sq[j] += (v[off + j] - mean[j]) ** 2;
  });
  const std = Array.from(sq, (x) => {
    const s = Math.sqrt(x / count);
    return s > 1e-12 ? s : 1;
  });
  return { mean, std };
}

/** Time average of a sample's frames (itself when frames = 1). */
export function poolMean(s: Sample): Float32Array {
  const { frames, dims, data } = s.features;
  if (frames === 1) return data.subarray(0, dims);
  const out = new Float64Array(dims);
  for (let t = 0; t < frames; t++) for (let j = 0; j < dims; j++) out[j] += data[t * dims + j];
  return Float32Array.from(out, (x) => x / frames);
}
