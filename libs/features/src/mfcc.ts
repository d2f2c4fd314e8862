import { dot, melFrames64 } from './mel.js';
import type { Signal } from './numeric.js';
import { resolveParams, type DbParams, type MelParams, type MfccParams, type Resolved } from './params.js';
import type { FeatureMatrix } from './stft.js';

/**
 * `librosa.power_to_db(S, ref=1.0, amin=1e-10, top_db=80.0)` in place on float64 values:
 * 10·log10(max(amin, S)) − 10·log10(max(amin, ref)), then floored at (max − top_db) over the
 * whole matrix (librosa clips against the global maximum, not per frame).
 */
export function powerToDbInPlace(s: Float64Array, p: DbParams): Float64Array {
  let refValue: number;
  if (p.ref === 'max') {
    refValue = -Infinity;
    for (let i = 0; i < s.length; i++) refValue = Math.max(refValue, s[i]);
  } else refValue = Math.abs(p.ref);
  const offset = 10.0 * Math.log10(Math.max(p.amin, refValue));
  let max = -Infinity;
  for (let i = 0; i < s.length; i++) {
    const v = 10.0 * Math.log10(Math.max(p.amin, s[i])) - offset;
    s[i] = v;
    if (v > max) max = v;
  }
  if (p.top_db !== null) {
    const floor = max - p.top_db;
    for (let i = 0; i < s.length; i++) if (s[i] < floor) s[i] = floor;
  }
  return s;
}

/** `librosa.power_to_db(S, ref, amin, top_db)` of a feature matrix (any orientation: it is elementwise + a global max). */
export function power_to_db(S: FeatureMatrix, params: Partial<DbParams> = {}): FeatureMatrix {
  const p = resolveParams('power_to_db', params) as unknown as DbParams;
  for (let i = 0; i < S.data.length; i++) {
    if (!(S.data[i] >= 0)) throw new Error(`power_to_db: S must hold non-negative powers; element ${i} is ${S.data[i]}`);
  }
  const db = powerToDbInPlace(Float64Array.from(S.data), p);
  return { frames: S.frames, dims: S.dims, data: Float32Array.from(db) };
}

const dctCache = new Map<string, Float64Array>();

/**
 * The first `rows` rows of scipy.fft.dct's matrix of type 1, 2 or 3 on n inputs, norm 'ortho' or
 * None (scipy's "backward", unnormalised). The angle's integer part is reduced modulo its period
 * before the cosine, so large index products lose no precision.
 */
export function dctMatrix(type: 1 | 2 | 3, norm: 'ortho' | null, n: number, rows: number): Float64Array {
  const key = `${type}/${norm}/${n}/${rows}`;
  let m = dctCache.get(key);
  if (m) return m;
  m = new Float64Array(rows * n);
  for (let k = 0; k < rows; k++) {
    for (let j = 0; j < n; j++) {
      let v: number;
      if (type === 2) {
        // y_k = 2 Σ x_j cos(π k (2j+1) / 2n); ortho: × sqrt(1/4n) for k = 0, sqrt(1/2n) otherwise
        v = 2 * Math.cos((Math.PI * ((k * (2 * j + 1)) % (4 * n))) / (2 * n));
        if (norm === 'ortho') v *= k === 0 ? Math.sqrt(1 / (4 * n)) : Math.sqrt(1 / (2 * n));
      } else if (type === 3) {
        // y_k = x_0 + 2 Σ_{j>=1} x_j cos(π j (2k+1) / 2n); ortho: x_0 / sqrt(n) + sqrt(2/n) Σ ...
        if (j === 0) v = norm === 'ortho' ? 1 / Math.sqrt(n) : 1;
        else {
          v = Math.cos((Math.PI * ((j * (2 * k + 1)) % (4 * n))) / (2 * n));
          v *= norm === 'ortho' ? Math.sqrt(2 / n) : 2;
        }
      } else {
        // y_k = x_0 + (-1)^k x_{n-1} + 2 Σ_{0<j<n-1} x_j cos(π k j / (n-1)); ortho makes it orthonormal
        const c = Math.cos((Math.PI * ((k * j) % (2 * (n - 1)))) / (n - 1));
        const edge = j === 0 || j === n - 1;
        if (norm === 'ortho') {
          const ck = k === 0 || k === n - 1 ? Math.SQRT1_2 : 1;
          v = Math.sqrt(2 / (n - 1)) * ck * (edge ? Math.SQRT1_2 : 1) * c;
        } else v = (edge ? 1 : 2) * c;
      }
      m[k * n + j] = v;
    }
  }
  dctCache.set(key, m);
  return m;
}

export function resolveMfccParams(params: Partial<MfccParams> = {}, where = 'mfcc'): Resolved<MfccParams> {
  return resolveParams('mfcc', params, where) as unknown as Resolved<MfccParams>;
}

/**
 * `librosa.feature.mfcc(y, sr=16000, n_mfcc=20, dct_type=2, norm='ortho', lifter=0,
 * mel_norm='slaney', **melspectrogram kwargs)`: DCT of power_to_db(melspectrogram) with
 * power_to_db's defaults (ref=1, amin=1e-10, top_db=80; exposed here as ref/amin/top_db).
 * Frames × n_mfcc.
 */
export function mfcc(y: Signal, params: Partial<MfccParams> = {}): FeatureMatrix {
  const p = resolveMfccParams(params);
  const melParams = { ...p, norm: p.mel_norm } as unknown as Resolved<MelParams>;
  const mel = melFrames64(y, melParams, 'mfcc');
  powerToDbInPlace(mel.data, p);
  const n = mel.dims;
  const rows = p.n_mfcc;
  const C = dctMatrix(p.dct_type, p.norm, n, rows);
  // liftering: M_k *= 1 + (L/2) sin(π (k+1) / L)
  const lift = new Float64Array(rows).fill(1);
  if (p.lifter > 0) for (let k = 0; k < rows; k++) lift[k] = 1 + (p.lifter / 2) * Math.sin((Math.PI * (k + 1)) / p.lifter);
  const out = new Float32Array(mel.frames * rows);
  for (let t = 0; t < mel.frames; t++) {
    const base = t * n;
    const frame = mel.data.subarray(base, base + n);
    for (let k = 0; k < rows; k++) out[t * rows + k] = dot(C, k * n, frame, 0, n) * lift[k];
  }
  return { frames: mel.frames, dims: rows, data: out };
}
