import type { FeatureMatrix } from './stft.js';

/** Per-dimension standardisation statistics (plain numbers: JSON-serialisable with a checkpoint). */
export interface Normalizer {
  dims: number;
  /** frames the statistics were computed over */
  count: number;
  mean: number[];
  /** population standard deviation; dimensions with std < epsilon get 1 (left unscaled) */
  std: number[];
}

/**
 * Fits per-dimension mean and standard deviation over every frame of `matrices` (the training
 * fold's utterances only: the caller keeps held-out data out). Sums are float64 and shifted by the
 * first frame, which keeps the variance exact when a dimension's mean dwarfs its spread (raw power).
 */
export function fitNormalizer(matrices: Iterable<FeatureMatrix>, opts: { epsilon?: number } = {}): Normalizer {
  const epsilon = opts.epsilon ?? 1e-8;
  let dims = -1;
  let count = 0;
  let shift = new Float64Array(0);
  let s1 = new Float64Array(0);
  let s2 = new Float64Array(0);
  for (const m of matrices) {
    if (dims < 0) {
      dims = m.dims;
      shift = new Float64Array(dims);
      s1 = new Float64Array(dims);
      s2 = new Float64Array(dims);
    } else if (m.dims !== dims) {
      throw new Error(`fitNormalizer: matrices differ in dims (${dims} and ${m.dims})`);
    }
    if (m.data.length !== m.frames * m.dims) throw new Error(`fitNormalizer: matrix data holds ${m.data.length} values, not frames × dims = ${m.frames * m.dims}`);
    for (let t = 0; t < m.frames; t++) {
      if (count === 0) for (let d = 0; d < dims; d++) shift[d] = m.data[d];
      const base = t * dims;
      for (let d = 0; d < dims; d++) {
        const v = m.data[base + d] - shift[d];
        s1[d] += v;
        s2[d] += v * v;
      }
      count++;
    }
  }
  if (count === 0) throw new Error('fitNormalizer: no frames to fit (empty list of matrices, or all of them empty)');
  const mean: number[] = [];
  const std: number[] = [];
  for (let d = 0; d < dims; d++) {
    const m1 = s1[d] / count;
    const variance = Math.max(0, s2[d] / count - m1 * m1);
    const sd = Math.sqrt(variance);
    mean.push(shift[d] + m1);
    std.push(sd < epsilon ? 1 : sd);
  }
  return { dims, count, mean, std };
}

/** (x - mean) / std per dimension; returns a new matrix. */
export function applyNormalizer(m: FeatureMatrix, n: Normalizer): FeatureMatrix {
  if (m.dims !== n.dims) throw new Error(`applyNormalizer: matrix has ${m.dims} dims, normalizer was fitted on ${n.dims}`);
  const out = new Float32Array(m.data.length);
  const mean = Float64Array.from(n.mean);
  const inv = Float64Array.from(n.std, (s) => 1 / s);
  for (let t = 0; t < m.frames; t++) {
    const base = t * m.dims;
    for (let d = 0; d < m.dims; d++) out[base + d] = (m.data[base + d] - mean[d]) * inv[d];
  }
  return { frames: m.frames, dims: m.dims, data: out };
}
