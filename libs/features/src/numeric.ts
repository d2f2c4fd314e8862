/**
 * Small numpy/scipy look-alikes. They reproduce numpy's exact arithmetic (same operation order) where
 * librosa's results depend on it, e.g. `np.linspace` (mel band edges, chroma bin frequencies) and
 * `np.pad` (centred STFT frames).
 */

/** Any mono signal: emosweep's audio is Float32Array; Float64Array is accepted too. */
export type Signal = Float32Array | Float64Array;

/** `np.linspace(start, stop, num, endpoint)`: y[i] = i * step + start, the last value set to stop. */
export function linspace(start: number, stop: number, num: number, endpoint = true): Float64Array {
  const out = new Float64Array(num);
  const div = endpoint ? num - 1 : num;
  const delta = stop - start;
  const step = delta / div;
  for (let i = 0; i < num; i++) out[i] = step === 0 ? (i / div) * delta + start : i * step + start;
  if (endpoint && num > 1) out[num - 1] = stop;
  return out;
}

/** `np.fft.rfftfreq(n_fft, 1/sr)` (librosa.fft_frequencies). */
export function fftFrequencies(sr: number, nFft: number): Float64Array {
  const val = 1.0 / (nFft * (1.0 / sr));
  const out = new Float64Array((nFft >> 1) + 1);
  for (let k = 0; k < out.length; k++) out[k] = k * val;
  return out;
}

/** `np.round` (round half to even), used by librosa.filters.chroma. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** `np.remainder` for floats: the result takes the sign of the divisor. */
export function remainder(a: number, b: number): number {
  const m = a % b;
  return m !== 0 && m < 0 !== b < 0 ? m + b : m;
}

export type PadMode = 'constant' | 'edge' | 'reflect' | 'symmetric';
export const PAD_MODES: readonly PadMode[] = ['constant', 'edge', 'reflect', 'symmetric'];

/**
 * Index into x (length n) that `np.pad(x, ..., mode)` reads for padded position i (i < 0 or i >= n).
 * numpy pads reflect/symmetric iteratively, which amounts to folding the index with period 2(n-1)
 * (reflect: the edge sample is the mirror) or 2n (symmetric: the edge sample is repeated).
 */
function padIndex(i: number, n: number, mode: Exclude<PadMode, 'constant'>): number {
  if (mode === 'edge' || n === 1) return i < 0 ? 0 : n - 1; // numpy treats a 1-sample reflect as edge
  if (mode === 'reflect') {
    const p = 2 * (n - 1);
    const j = ((i % p) + p) % p;
    return j < n ? j : p - j;
  }
  const p = 2 * n;
  const j = ((i % p) + p) % p;
  return j < n ? j : p - 1 - j;
}

/** `np.pad(x[from:to], (left, right), mode)` in float64. */
export function pad(x: Signal, from: number, to: number, left: number, right: number, mode: PadMode): Float64Array {
  const n = to - from;
  const out = new Float64Array(left + n + right);
  for (let i = 0; i < n; i++) out[left + i] = x[from + i];
  if (mode !== 'constant') {
    for (let i = 0; i < left; i++) out[i] = x[from + padIndex(i - left, n, mode)];
    for (let i = 0; i < right; i++) out[left + n + i] = x[from + padIndex(n + i, n, mode)];
  }
  return out;
}

/** Smallest positive normal float32 (`np.finfo(np.float32).tiny`): librosa's normalisation threshold. */
export const FLOAT32_TINY = 1.1754943508222875e-38;
/** `np.finfo(np.float64).tiny`. */
export const FLOAT64_TINY = 2.2250738585072014e-308;

/**
 * `librosa.util.normalize(S, norm, axis, threshold=tiny, fill=None)` of one vector, in place:
 * divides by its norm unless the norm is below `threshold` (then leaves the vector as it is).
 * norm: Infinity / -Infinity (max / min magnitude), 0 (count of non-zeros), p > 0 (p-norm), null (none).
 */
export function normalizeVector(v: Float64Array, norm: number | null, threshold: number, start = 0, end = v.length): void {
  if (norm === null) return;
  let length = 0;
  if (norm === Infinity) {
    for (let i = start; i < end; i++) length = Math.max(length, Math.abs(v[i]));
  } else if (norm === -Infinity) {
    length = Infinity;
    for (let i = start; i < end; i++) length = Math.min(length, Math.abs(v[i]));
  } else if (norm === 0) {
    for (let i = start; i < end; i++) if (v[i] !== 0) length++;
  } else if (norm === 1) {
    for (let i = start; i < end; i++) length += Math.abs(v[i]);
  } else if (norm === 2) {
    for (let i = start; i < end; i++) length += v[i] * v[i];
    length = Math.sqrt(length);
  } else {
    for (let i = start; i < end; i++) length += Math.abs(v[i]) ** norm;
    length = length ** (1 / norm);
  }
  if (length < threshold) return;
  for (let i = start; i < end; i++) v[i] /= length;
}

/** Throws unless the signal is non-empty and finite (librosa: "Audio buffer is not finite everywhere"). */
export function checkSignal(y: Signal, what = 'signal'): void {
  if (!(y instanceof Float32Array || y instanceof Float64Array)) {
    throw new Error(`${what} must be a Float32Array (or Float64Array) of mono samples, got ${Object.prototype.toString.call(y)}`);
  }
  if (y.length === 0) throw new Error(`${what} is empty (0 samples): nothing to analyse`);
  for (let i = 0; i < y.length; i++) {
    if (!Number.isFinite(y[i])) {
      throw new Error(`${what} is not finite everywhere: sample ${i} is ${y[i]} (librosa refuses NaN/Infinity too)`);
    }
  }
}
