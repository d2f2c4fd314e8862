import { chroma_stft } from './chroma.js';
import { melspectrogram } from './mel.js';
import { mfcc } from './mfcc.js';
import type { Signal } from './numeric.js';
import { resolveParams, type SchemaName } from './params.js';
import { pooledV0, POOLED_V0_PARAMS, type PooledParams } from './pooled.js';
import { spectrogram, type FeatureMatrix } from './stft.js';
import { wav2vecEncoder, wav2vecFrameCount, WAV2VEC2_BASE, type Wav2Vec2FeatureEncoder } from './wav2vec.js';

/** The representations a sweep can ask for. */
export type Representation = 'spectrogram' | 'melspec' | 'mfcc' | 'chroma' | 'pooled' | 'wav2vec';
export const REPRESENTATIONS: readonly Representation[] = ['spectrogram', 'melspec', 'mfcc', 'chroma', 'pooled', 'wav2vec'];

/**
 * Version of the extractors' outputs, part of every feature set's content key: bump it whenever a
 * change alters any output value (not for refactors that keep outputs bit-identical).
 */
export const EXTRACTOR_VERSION = 'features-1.0.0+librosa-0.11.0';

/** A parameter object (canonical form: all keys present, sorted; nested objects for 'pooled'). */
export type FeatureParams = Record<string, unknown>;

/** The study's settings per representation (librosa's defaults fill in the rest). */
export const STUDY_PARAMS: Readonly<Record<Representation, Readonly<FeatureParams>>> = Object.freeze({
  spectrogram: Object.freeze({ n_fft: 1024, hop_length: 256, win_length: 1024, center: false, power: 2.0 }),
  melspec: Object.freeze({ n_mels: 80, hop_length: 512, win_length: 1024 }),
  mfcc: Object.freeze({ n_mfcc: 15, n_fft: 1024, hop_length: 256, win_length: 1024 }),
  chroma: Object.freeze({}),
  pooled: POOLED_V0_PARAMS as unknown as Readonly<FeatureParams>,
  wav2vec: Object.freeze({ model: 'facebook/wav2vec2-base', do_normalize: true }),
});

const SCHEMA_OF: Record<Exclude<Representation, 'pooled'>, SchemaName> = {
  spectrogram: 'spectrogram',
  melspec: 'melspectrogram',
  mfcc: 'mfcc',
  chroma: 'chroma_stft',
  wav2vec: 'wav2vec',
};
const POOLED_PARTS = { mfcc: 'mfcc', chroma: 'chroma_stft', melspec: 'melspectrogram' } as const;

function checkRepr(repr: string): asserts repr is Representation {
  if (!REPRESENTATIONS.includes(repr as Representation)) {
    throw new Error(`unknown representation '${repr}'; allowed: ${REPRESENTATIONS.join(', ')}`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The full, canonical parameter object of a representation: `overrides` on top of the study's
 * settings (base 'study', the default) or of librosa's defaults (base 'librosa'), every default
 * filled in, derived ones resolved (win_length, hop_length, fmax), keys sorted. Resolving a
 * resolved object returns an equal object, so it is safe to hash with a stable JSON stringifier.
 * `null` for hop_length / win_length / fmax asks for librosa's derived default.
 */
export function resolveFeatureParams(repr: Representation, overrides: FeatureParams = {}, base: 'study' | 'librosa' = 'study'): FeatureParams {
  checkRepr(repr);
  if (!isObject(overrides)) throw new Error(`${repr}: parameters must be an object, got ${JSON.stringify(overrides)}`);
  const start = base === 'study' ? STUDY_PARAMS[repr] : repr === 'pooled' ? { mfcc: {}, chroma: {}, melspec: {} } : {};
  if (repr !== 'pooled') return resolveParams(SCHEMA_OF[repr], { ...start, ...overrides }, repr);
  const out: FeatureParams = {};
  for (const key of Object.keys(overrides)) {
    if (!(key in POOLED_PARTS)) throw new Error(`pooled: unknown parameter '${key}'; allowed: ${Object.keys(POOLED_PARTS).join(', ')} (one parameter object per component)`);
    if (!isObject(overrides[key])) throw new Error(`pooled: parameter '${key}' must be an object of ${key} parameters, got ${JSON.stringify(overrides[key])}`);
  }
  for (const part of Object.keys(POOLED_PARTS).sort() as (keyof typeof POOLED_PARTS)[]) {
    const given = { ...(start as Record<string, FeatureParams>)[part], ...((overrides[part] as FeatureParams) ?? {}) };
    out[part] = resolveParams(POOLED_PARTS[part], given, `pooled.${part}`);
  }
  return out;
}

/** Dimensions per frame of a representation with these parameters (resolved like resolveFeatureParams). */
export function featureDims(repr: Representation, params: FeatureParams = {}): number {
  const p = resolveFeatureParams(repr, params);
  switch (repr) {
    case 'spectrogram':
      return ((p.n_fft as number) >> 1) + 1;
    case 'melspec':
      return p.n_mels as number;
    case 'mfcc':
      return p.n_mfcc as number;
    case 'chroma':
      return p.n_chroma as number;
    case 'pooled': {
      const q = p as unknown as { mfcc: FeatureParams; chroma: FeatureParams; melspec: FeatureParams };
      return (q.mfcc.n_mfcc as number) + (q.chroma.n_chroma as number) + (q.melspec.n_mels as number);
    }
    case 'wav2vec':
      return WAV2VEC2_BASE.channels;
  }
}

/** Frames a signal of `samples` samples yields (1 for 'pooled'); 0 where extraction would refuse it. */
export function featureFrames(repr: Representation, samples: number, params: FeatureParams = {}): number {
  const p = resolveFeatureParams(repr, params);
  if (samples <= 0) return 0;
  switch (repr) {
    case 'pooled':
      return 1;
    case 'wav2vec':
      return wav2vecFrameCount(samples);
    default: {
      const nFft = p.n_fft as number;
      const hop = p.hop_length as number;
      // centred frames pad n_fft // 2 on both sides: for an odd n_fft that is one sample short of n_fft
      const padded = p.center ? samples + 2 * (nFft >> 1) : samples;
      return padded < nFft ? 0 : 1 + Math.floor((padded - nFft) / hop);
    }
  }
}

export interface ExtractOptions {
  /** wav2vec: path of the Hugging Face model.safetensors holding the encoder weights */
  weightsPath?: string;
  /** wav2vec: an encoder already loaded (takes precedence over weightsPath) */
  encoder?: Wav2Vec2FeatureEncoder;
}

/**
 * Extracts one representation of a 16 kHz mono signal: frames × dims (one frame for 'pooled').
 * `params` are overrides on top of STUDY_PARAMS[repr] (a resolved object works as well).
 */
export async function extractFeatures(repr: Representation, y: Signal, params: FeatureParams = {}, opts: ExtractOptions = {}): Promise<FeatureMatrix> {
  const p = resolveFeatureParams(repr, params);
  switch (repr) {
    case 'spectrogram':
      return spectrogram(y, p);
    case 'melspec':
      return melspectrogram(y, p);
    case 'mfcc':
      return mfcc(y, p);
    case 'chroma':
      return chroma_stft(y, p);
    case 'pooled': {
      const v = pooledV0(y, p as unknown as PooledParams);
      return { frames: 1, dims: v.length, data: v };
    }
    case 'wav2vec': {
      const encoder = opts.encoder ?? (opts.weightsPath ? await wav2vecEncoder(opts.weightsPath) : undefined);
      if (!encoder) throw new Error(`wav2vec: no encoder weights: pass opts.weightsPath (a Hugging Face model.safetensors for ${String(p.model)}) or opts.encoder`);
      return encoder.encode(y, { do_normalize: p.do_normalize as boolean });
    }
  }
}
