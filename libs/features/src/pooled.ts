import { chroma_stft } from './chroma.js';
import { melspectrogram } from './mel.js';
import { mfcc } from './mfcc.js';
import type { Signal } from './numeric.js';
import type { ChromaParams, MelParams, MfccParams } from './params.js';
import type { FeatureMatrix } from './stft.js';

/** Parameters of V0's pooled vector: one parameter object per component feature. */
export interface PooledParams {
  mfcc: Partial<MfccParams>;
  chroma: Partial<ChromaParams>;
  melspec: Partial<MelParams>;
}

/** V0's composition as the study describes it: the study's MFCC and mel settings, chroma_stft's defaults. */
export const POOLED_V0_PARAMS: Readonly<PooledParams> = Object.freeze({
  mfcc: Object.freeze({ n_mfcc: 15, n_fft: 1024, hop_length: 256, win_length: 1024 }),
  chroma: Object.freeze({}),
  melspec: Object.freeze({ n_mels: 80, hop_length: 512, win_length: 1024 }),
});

function timeMean(m: FeatureMatrix, out: Float32Array, at: number): void {
  const acc = new Float64Array(m.dims);
  for (let t = 0; t < m.frames; t++) for (let d = 0; d < m.dims; d++) acc[d] += m.data[t * m.dims + d];
  for (let d = 0; d < m.dims; d++) out[at + d] = acc[d] / m.frames;
}

/**
 * V0's input vector: the means over time of MFCC, chroma and mel-spectrogram (power, not dB),
 * concatenated in that order: [mfcc (n_mfcc) | chroma (n_chroma) | mel (n_mels)].
 * With the defaults (POOLED_V0_PARAMS): 15 + 12 + 80 = 107 values.
 * Equals np.concatenate([mfcc(...).mean(axis=1), chroma_stft(...).mean(axis=1), melspectrogram(...).mean(axis=1)]).
 */
export function pooledV0(y: Signal, params: Readonly<PooledParams> = POOLED_V0_PARAMS): Float32Array {
  const parts = [mfcc(y, params.mfcc), chroma_stft(y, params.chroma), melspectrogram(y, params.melspec)];
  const out = new Float32Array(parts.reduce((n, m) => n + m.dims, 0));
  let at = 0;
  for (const m of parts) {
    timeMean(m, out, at);
    at += m.dims;
  }
  return out;
}
