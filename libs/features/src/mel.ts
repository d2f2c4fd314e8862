import { fftFrequencies, FLOAT32_TINY, linspace, normalizeVector, type Signal } from './numeric.js';
import { normValue, resolveParams, type MelFilterParams, type MelParams, type Resolved } from './params.js';
import { powerFrames, type FeatureMatrix } from './stft.js';

// Slaney's auditory-toolbox mel scale: linear below 1 kHz, logarithmic above (librosa's default).
const F_SP = 200.0 / 3;
const MIN_LOG_HZ = 1000.0;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOGSTEP = Math.log(6.4) / 27.0;

/** librosa.hz_to_mel */
export function hz_to_mel(f: number, htk = false): number {
  if (htk) return 2595.0 * Math.log10(1.0 + f / 700.0);
  return f >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(f / MIN_LOG_HZ) / LOGSTEP : f / F_SP;
}

/** librosa.mel_to_hz */
export function mel_to_hz(m: number, htk = false): number {
  if (htk) return 700.0 * (10.0 ** (m / 2595.0) - 1.0);
  return m >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOGSTEP * (m - MIN_LOG_MEL)) : F_SP * m;
}

/** librosa.mel_frequencies: n_mels frequencies evenly spaced on the mel scale between fmin and fmax. */
export function mel_frequencies(nMels: number, fmin: number, fmax: number, htk = false): Float64Array {
  const mels = linspace(hz_to_mel(fmin, htk), hz_to_mel(fmax, htk), nMels);
  return mels.map((m) => mel_to_hz(m, htk));
}

/** A filterbank stored by rows with each row's non-zero span, so applying it skips the zeros. */
export interface Filterbank {
  rows: number;
  bins: number;
  /** dense rows × bins, float32 like librosa's (dtype=np.float32 default) */
  weights: Float32Array;
  /** the same values widened to float64 once (the per-frame products then skip the conversion) */
  w64: Float64Array;
  /** per row: first and one-past-last non-zero bin */
  start: Int32Array;
  end: Int32Array;
}

export function withSpans(rows: number, bins: number, weights: Float32Array): Filterbank {
  const start = new Int32Array(rows);
  const end = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    let e = bins;
    while (s < bins && weights[r * bins + s] === 0) s++;
    while (e > s && weights[r * bins + e - 1] === 0) e--;
    start[r] = s;
    end[r] = e;
  }
  return { rows, bins, weights, w64: Float64Array.from(weights), start, end };
}

const melCache = new Map<string, Filterbank>();

/** Filterbank of `librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax, htk, norm)`, cached. */
export function melFilterbank(p: Resolved<MelFilterParams>): Filterbank {
  const key = JSON.stringify([p.sr, p.n_fft, p.n_mels, p.fmin, p.fmax, p.htk, p.norm]);
  let fb = melCache.get(key);
  if (!fb) {
    fb = buildMel(p);
    melCache.set(key, fb);
  }
  return fb;
}

function buildMel(p: Resolved<MelFilterParams>): Filterbank {
  const nMels = p.n_mels;
  const bins = (p.n_fft >> 1) + 1;
  const fftfreqs = fftFrequencies(p.sr, p.n_fft);
  const melF = mel_frequencies(nMels + 2, p.fmin, p.fmax, p.htk);
  const weights = new Float32Array(nMels * bins);
  // Triangles between consecutive mel band edges, in librosa's operation order; the float32 store
  // rounds each weight as librosa's float32 weight matrix does.
  for (let i = 0; i < nMels; i++) {
    const fdiffLo = melF[i + 1] - melF[i];
    const fdiffHi = melF[i + 2] - melF[i + 1];
    for (let k = 0; k < bins; k++) {
      const lower = -(melF[i] - fftfreqs[k]) / fdiffLo;
      const upper = (melF[i + 2] - fftfreqs[k]) / fdiffHi;
      weights[i * bins + k] = Math.max(0, Math.min(lower, upper));
    }
  }
  if (p.norm === 'slaney') {
    // Equal-area triangles: scale by 2 / bandwidth (in the float64 domain, stored as float32).
    for (let i = 0; i < nMels; i++) {
      const enorm = 2.0 / (melF[i + 2] - melF[i]);
      for (let k = 0; k < bins; k++) weights[i * bins + k] *= enorm;
    }
  } else if (p.norm !== null) {
    const row = new Float64Array(bins);
    for (let i = 0; i < nMels; i++) {
      for (let k = 0; k < bins; k++) row[k] = weights[i * bins + k];
      normalizeVector(row, normValue(p.norm), FLOAT32_TINY);
      for (let k = 0; k < bins; k++) weights[i * bins + k] = row[k];
    }
  }
  return withSpans(nMels, bins, weights);
}

/**
 * `librosa.filters.mel(sr=16000, n_fft=2048, n_mels=128, fmin=0, fmax=sr/2, htk=False, norm='slaney')`:
 * n_mels × (1 + n_fft // 2) weights, row-major, float32 (librosa's orientation: one row per band).
 */
export function mel_filterbank(params: Partial<MelFilterParams> = {}): FeatureMatrix {
  const p = resolveParams('mel_filterbank', params) as unknown as Resolved<MelFilterParams>;
  const fb = melFilterbank(p);
  return { frames: fb.rows, dims: fb.bins, data: fb.weights.slice() };
}

export function resolveMelParams(params: Partial<MelParams> = {}, where = 'melspectrogram'): Resolved<MelParams> {
  return resolveParams('melspectrogram', params, where) as unknown as Resolved<MelParams>;
}

/**
 * Applies a filterbank to one power frame: float64 dot products over each row's non-zero span,
 * with four partial sums so that the additions do not wait on one another (≈ 2-3× faster).
 */
export function applyFilterbank(fb: Filterbank, power: Float64Array, out: Float64Array): void {
  const { bins, w64, start, end } = fb;
  for (let r = 0; r < fb.rows; r++) {
    out[r] = dot(w64, r * bins, power, start[r], end[r]);
  }
}

/** Σ_{k in [from, to)} w[base + k] · x[k] with four independent accumulators. */
export function dot(w: Float64Array, base: number, x: Float64Array, from: number, to: number): number {
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let k = from;
  for (; k + 3 < to; k += 4) {
    a0 += w[base + k] * x[k];
    a1 += w[base + k + 1] * x[k + 1];
    a2 += w[base + k + 2] * x[k + 2];
    a3 += w[base + k + 3] * x[k + 3];
  }
  for (; k < to; k++) a0 += w[base + k] * x[k];
  return a0 + a1 + (a2 + a3);
}

/** Mel power frames in float64 (frames × n_mels), shared by melspectrogram and mfcc. */
export function melFrames64(y: Signal, p: Resolved<MelParams>, where: string): { frames: number; dims: number; data: Float64Array } {
  const stft = powerFrames(y, p, where);
  const fb = melFilterbank(p);
  const data = new Float64Array(stft.frames * fb.rows);
  stft.run((t, power) => applyFilterbank(fb, power, data.subarray(t * fb.rows, (t + 1) * fb.rows)));
  return { frames: stft.frames, dims: fb.rows, data };
}

/**
 * `librosa.feature.melspectrogram(y, sr=16000, n_fft=2048, hop_length=512, win_length=None,
 * window='hann', center=True, pad_mode='constant', power=2.0, n_mels=128, fmin=0, fmax=None,
 * htk=False, norm='slaney')`: frames × n_mels mel power.
 */
export function melspectrogram(y: Signal, params: Partial<MelParams> = {}): FeatureMatrix {
  const p = resolveMelParams(params);
  const m = melFrames64(y, p, 'melspectrogram');
  return { frames: m.frames, dims: m.dims, data: Float32Array.from(m.data) };
}
