import type { Normalizer } from './normalize.js';
import { poolMean } from './normalize.js';
import type { Sample } from './types.js';

/** A batch on the host: frames [n, seqLen, dims] (or pooled [n, dims]), mask [n, seqLen]. */
export interface HostBatch {
  n: number;
  seqLen: number;
  dims: number;
  x: Float32Array;
  mask: Float32Array;
}

/**
 * Copies frames [start, start + seqLen) of `s`, normalised, into row `row` of a batch; frames past
 * the end of the utterance stay zero with mask 0 (padding at the end).
 */
function fillWindow(b: HostBatch, row: number, s: Sample, start: number, norm: Normalizer, scale: Float32Array): void {
  const { dims, seqLen } = b;
  const { frames, data } = s.features;
  const n = Math.max(0, Math.min(seqLen, frames - start));
  const base = row * seqLen * dims;
  const mean = norm.mean;
  for (let t = 0; t < n; t++) {
    const src = (start + t) * dims;
    const dst = base + t * dims;
    for (let j = 0; j < dims; j++) b.x[dst + j] = (data[src + j] - mean[j]) * scale[j];
    b.mask[row * seqLen + t] = 1;
  }
}

export function inverseStd(norm: Normalizer): Float32Array {
  return Float32Array.from(norm.std, (s) => 1 / s);
}

function emptyBatch(n: number, seqLen: number, dims: number): HostBatch {
  return { n, seqLen, dims, x: new Float32Array(n * seqLen * dims), mask: new Float32Array(n * seqLen) };
}

/** Training batch: one random window of seqLen frames per utterance (start uniform over the valid starts). */
export function trainWindows(samples: readonly Sample[], seqLen: number, norm: Normalizer, scale: Float32Array, rng: () => number): HostBatch {
  const b = emptyBatch(samples.length, seqLen, samples[0].features.dims);
  samples.forEach((s, row) => {
    const slack = s.features.frames - seqLen;
    const start = slack > 0 ? Math.floor(rng() * (slack + 1)) : 0;
    fillWindow(b, row, s, start, norm, scale);
  });
  return b;
}

/**
 * Evaluation windows covering a whole utterance: non-overlapping windows of seqLen frames from
 * the start, the last one aligned to the end (so it may overlap its neighbour) — every window is
 * full unless the utterance is shorter than seqLen (one padded, masked window).
 */
export function evalWindowStarts(frames: number, seqLen: number): number[] {
  const starts: number[] = [];
  for (let s = 0; s + seqLen < frames; s += seqLen) starts.push(s);
  starts.push(Math.max(0, frames - seqLen));
  return starts;
}

export function windowsBatch(items: ReadonlyArray<{ sample: Sample; start: number }>, seqLen: number, norm: Normalizer, scale: Float32Array): HostBatch {
  const b = emptyBatch(items.length, seqLen, items[0].sample.features.dims);
  items.forEach((it, row) => fillWindow(b, row, it.sample, it.start, norm, scale));
  return b;
}

/** MLP batch: time-averaged, normalised vectors [n, dims] (x only; mask unused). */
export function pooledBatch(samples: readonly Sample[], norm: Normalizer, scale: Float32Array): HostBatch {
  const dims = samples[0].features.dims;
  const b: HostBatch = { n: samples.length, seqLen: 1, dims, x: new Float32Array(samples.length * dims), mask: new Float32Array(0) };
  samples.forEach((s, row) => {
    const v = poolMean(s);
    for (let j = 0; j < dims; j++) b.x[row * dims + j] = (v[j] - norm.mean[j]) * scale[j];
  });
  return b;
}
