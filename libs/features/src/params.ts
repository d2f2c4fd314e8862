/**
 * Parameter objects of every feature, with librosa 0.11's names and defaults, their validation and
 * canonical form. One rule for all: an unknown name or a bad value throws an Error that names the
 * parameter and says what is allowed.
 *
 * Deviations from librosa, all deliberate:
 * - `sr` defaults to 16000 (emosweep's audio is 16 kHz mono), not librosa's 22050;
 * - infinite norms are spelled 'inf' / '-inf' (JSON has no Infinity; numbers Infinity/-Infinity are
 *   accepted and canonicalised to the strings);
 * - `ref` takes a number or 'max' (librosa's `ref=np.max`);
 * - the derived defaults (win_length = n_fft, hop_length = win_length // 4, fmax = sr / 2) are
 *   filled in by the resolver, so that two spellings of the same analysis hash alike.
 */
import { PAD_MODES, type PadMode } from './numeric.js';
import { WINDOWS, type WindowName } from './window.js';

export type { PadMode, WindowName };
/** librosa.filters.mel `norm`: 'slaney', a p-norm (number > 0, 'inf', '-inf'), or null (none). */
export type MelNorm = 'slaney' | number | 'inf' | '-inf' | null;
/** librosa.util.normalize `norm` as used by chroma: a p-norm, 0 (count), 'inf', '-inf' or null. */
export type VectorNorm = number | 'inf' | '-inf' | null;

export interface StftParams {
  n_fft: number;
  /** null: librosa's default, win_length // 4 (stft) */
  hop_length: number | null;
  /** null: n_fft */
  win_length: number | null;
  window: WindowName;
  center: boolean;
  pad_mode: PadMode;
}
export interface SpectrogramParams extends StftParams {
  /** exponent of the magnitude: 1 = magnitude, 2 = power */
  power: number;
}
export interface MelFilterParams {
  sr: number;
  n_fft: number;
  n_mels: number;
  fmin: number;
  /** null: sr / 2 */
  fmax: number | null;
  htk: boolean;
  norm: MelNorm;
}
export interface MelParams extends SpectrogramParams, MelFilterParams {}
export interface DbParams {
  /** reference power: a number, or 'max' (the matrix maximum, librosa's ref=np.max) */
  ref: number | 'max';
  amin: number;
  /** null: no clipping */
  top_db: number | null;
}
export interface MfccParams extends SpectrogramParams, Omit<MelFilterParams, 'norm'>, DbParams {
  n_mfcc: number;
  dct_type: 1 | 2 | 3;
  /** DCT normalisation: 'ortho' or null (scipy's unnormalised "backward" DCT) */
  norm: 'ortho' | null;
  lifter: number;
  /** the mel filterbank's norm (librosa 0.11's `mel_norm`) */
  mel_norm: MelNorm;
}
export interface ChromaFilterParams {
  sr: number;
  n_fft: number;
  n_chroma: number;
  tuning: number;
  ctroct: number;
  /** null: no octave weighting */
  octwidth: number | null;
  base_c: boolean;
}
export interface ChromaParams extends StftParams, Omit<ChromaFilterParams, 'tuning'> {
  /** null: estimated from the signal (librosa.estimate_tuning), as librosa does by default */
  tuning: number | null;
  /** per-frame normalisation of the chroma vector */
  norm: VectorNorm;
}
export interface TuningParams extends StftParams {
  sr: number;
  resolution: number;
  bins_per_octave: number;
  fmin: number;
  fmax: number;
  threshold: number;
}

// ---------------------------------------------------------------------------------------------
// value checks

type Check = (value: unknown, name: string, where: string) => unknown;

const fail = (where: string, name: string, value: unknown, allowed: string): never => {
  throw new Error(`${where}: bad value for parameter '${name}': ${show(value)} (allowed: ${allowed})`);
};
const show = (v: unknown) => (typeof v === 'string' ? `'${v}'` : typeof v === 'number' ? String(v) : JSON.stringify(v) ?? String(v));

const posInt: Check = (v, n, w) => (Number.isInteger(v) && (v as number) > 0 ? v : fail(w, n, v, 'a positive integer'));
const posIntOrNull: Check = (v, n, w) => (v === null ? null : Number.isInteger(v) && (v as number) > 0 ? v : fail(w, n, v, 'a positive integer, or null for the default'));
const posNum: Check = (v, n, w) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fail(w, n, v, 'a finite number > 0'));
const nonNeg: Check = (v, n, w) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fail(w, n, v, 'a finite number >= 0'));
const finite: Check = (v, n, w) => (typeof v === 'number' && Number.isFinite(v) ? v : fail(w, n, v, 'a finite number'));
const finiteOrNull: Check = (v, n, w) => (v === null ? null : finite(v, n, w));
const posOrNull: Check = (v, n, w) => (v === null ? null : posNum(v, n, w));
const nonNegOrNull: Check = (v, n, w) => (v === null ? null : nonNeg(v, n, w));
const nonEmptyString: Check = (v, n, w) => (typeof v === 'string' && v.length > 0 ? v : fail(w, n, v, 'a non-empty string'));
const bool: Check = (v, n, w) => (typeof v === 'boolean' ? v : fail(w, n, v, 'true or false'));
const oneOf =
  (values: readonly unknown[]): Check =>
  (v, n, w) =>
    values.includes(v) ? v : fail(w, n, v, values.map(show).join(', '));
const infName = (v: unknown) => (v === Infinity || v === 'inf' ? 'inf' : v === -Infinity || v === '-inf' ? '-inf' : undefined);
const melNorm: Check = (v, n, w) =>
  v === null || v === 'slaney' ? v : (infName(v) ?? (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fail(w, n, v, "'slaney', null, a number > 0, 'inf' or '-inf'")));
const vectorNorm: Check = (v, n, w) =>
  v === null ? v : (infName(v) ?? (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fail(w, n, v, "null, 0, a number > 0, 'inf' or '-inf'")));
const dbRef: Check = (v, n, w) => (v === 'max' ? v : typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fail(w, n, v, "a number > 0, or 'max'"));

interface Field {
  default: unknown;
  check: Check;
}
type Schema = Record<string, Field>;

const stftFields = (hopDefault: number | null): Schema => ({
  n_fft: { default: 2048, check: posInt },
  hop_length: { default: hopDefault, check: posIntOrNull },
  win_length: { default: null, check: posIntOrNull },
  window: { default: 'hann', check: oneOf(WINDOWS) },
  center: { default: true, check: bool },
  pad_mode: { default: 'constant', check: oneOf(PAD_MODES) },
});
const melFields: Schema = {
  sr: { default: 16000, check: posNum },
  n_mels: { default: 128, check: posInt },
  fmin: { default: 0.0, check: nonNeg },
  fmax: { default: null, check: posOrNull },
  htk: { default: false, check: bool },
};
const dbFields: Schema = {
  ref: { default: 1.0, check: dbRef },
  amin: { default: 1e-10, check: posNum },
  top_db: { default: 80.0, check: nonNegOrNull },
};

export const SCHEMAS = {
  spectrogram: { ...stftFields(null), power: { default: 2.0, check: posNum } },
  melspectrogram: { ...stftFields(512), power: { default: 2.0, check: posNum }, ...melFields, norm: { default: 'slaney', check: melNorm } },
  mfcc: {
    ...stftFields(512),
    power: { default: 2.0, check: posNum },
    ...melFields,
    mel_norm: { default: 'slaney', check: melNorm },
    ...dbFields,
    n_mfcc: { default: 20, check: posInt },
    dct_type: { default: 2, check: oneOf([1, 2, 3]) },
    norm: { default: 'ortho', check: oneOf(['ortho', null]) },
    lifter: { default: 0, check: nonNeg },
  },
  chroma_stft: {
    ...stftFields(512),
    sr: { default: 16000, check: posNum },
    n_chroma: { default: 12, check: posInt },
    tuning: { default: null, check: finiteOrNull },
    norm: { default: 'inf', check: vectorNorm },
    ctroct: { default: 5.0, check: finite },
    octwidth: { default: 2, check: posOrNull },
    base_c: { default: true, check: bool },
  },
  estimate_tuning: {
    ...stftFields(null),
    sr: { default: 16000, check: posNum },
    resolution: { default: 0.01, check: posNum },
    bins_per_octave: { default: 12, check: posInt },
    fmin: { default: 150.0, check: nonNeg },
    fmax: { default: 4000.0, check: posNum },
    threshold: { default: 0.1, check: nonNeg },
  },
  power_to_db: dbFields,
  mel_filterbank: { sr: { default: 16000, check: posNum }, n_fft: { default: 2048, check: posInt }, ...melFields, norm: { default: 'slaney', check: melNorm } },
  chroma_filterbank: {
    sr: { default: 16000, check: posNum },
    n_fft: { default: 2048, check: posInt },
    n_chroma: { default: 12, check: posInt },
    tuning: { default: 0.0, check: finite },
    ctroct: { default: 5.0, check: finite },
    octwidth: { default: 2, check: posOrNull },
    base_c: { default: true, check: bool },
  },
  wav2vec: {
    model: { default: 'facebook/wav2vec2-base', check: nonEmptyString },
    do_normalize: { default: true, check: bool },
  },
} satisfies Record<string, Schema>;

export type SchemaName = keyof typeof SCHEMAS;

/** A parameter object after resolution: derived defaults (win_length, hop_length, fmax) filled in. */
export type Resolved<T> = Omit<T, 'hop_length' | 'win_length' | 'fmax'> &
  ('hop_length' extends keyof T ? { hop_length: number; win_length: number } : unknown) &
  ('fmax' extends keyof T ? { fmax: number } : unknown);

/**
 * Validates `given` against the schema of `what`, fills librosa's defaults and the derived ones,
 * and returns a new object with the keys in sorted order (canonical for hashing).
 */
export function resolveParams(what: SchemaName, given: object | undefined, where: string = what): Record<string, unknown> {
  const schema: Schema = SCHEMAS[what];
  if (given !== undefined && (given === null || typeof given !== 'object' || Array.isArray(given))) {
    throw new Error(`${where}: parameters must be an object, got ${show(given)}`);
  }
  const input = (given ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!(key in schema)) {
      throw new Error(`${where}: unknown parameter '${key}'; allowed: ${Object.keys(schema).sort().join(', ')}`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(schema).sort()) {
    const value = key in input && input[key] !== undefined ? input[key] : schema[key].default;
    out[key] = schema[key].check(value, key, where);
  }
  // derived defaults and cross-parameter rules (librosa's order: win_length, then hop_length)
  if ('n_fft' in out && 'win_length' in out) {
    const nFft = out.n_fft as number;
    out.win_length ??= nFft;
    if ((out.win_length as number) > nFft) {
      throw new Error(`${where}: bad value for parameter 'win_length': ${out.win_length} (allowed: an integer <= n_fft=${nFft}, or null for n_fft)`);
    }
  }
  if ('hop_length' in out && out.hop_length === null) {
    const hop = Math.floor((out.win_length as number) / 4);
    if (hop < 1) throw new Error(`${where}: bad value for parameter 'hop_length': null gives win_length // 4 = 0 (allowed: set hop_length to a positive integer)`);
    out.hop_length = hop;
  }
  if ('fmax' in out && 'htk' in out) {
    out.fmax ??= (out.sr as number) / 2;
    if ((out.fmin as number) >= (out.fmax as number)) {
      throw new Error(`${where}: bad value for parameter 'fmin': ${out.fmin} (allowed: fmin < fmax=${out.fmax})`);
    }
  }
  if (what === 'mfcc' && (out.n_mfcc as number) > (out.n_mels as number)) {
    throw new Error(`${where}: bad value for parameter 'n_mfcc': ${out.n_mfcc} (allowed: at most n_mels=${out.n_mels})`);
  }
  if (what === 'mfcc' && out.dct_type === 1 && (out.n_mels as number) < 2) {
    throw new Error(`${where}: bad value for parameter 'n_mels': ${out.n_mels} (allowed: at least 2 for dct_type=1)`);
  }
  return out;
}

/** Turns a canonical norm ('inf', '-inf', number, null) into the number the maths uses. */
export function normValue(norm: number | 'inf' | '-inf' | null): number | null {
  return norm === 'inf' ? Infinity : norm === '-inf' ? -Infinity : norm;
}
