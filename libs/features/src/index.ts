/**
 * @emosweep/features: librosa-compatible features of 16 kHz mono signals (pure functions of
 * samples and parameters), the wav2vec 2.0 feature encoder, the representation registry and
 * per-dimension normalisation. See ../README.md for parameters, parity and composition.
 */
export type { FeatureMatrix } from './stft.js';
export { spectrogram, stft_power } from './stft.js';
export { melspectrogram, mel_filterbank, mel_frequencies, hz_to_mel, mel_to_hz } from './mel.js';
export { mfcc, power_to_db } from './mfcc.js';
export { chroma_stft, chroma_filterbank, estimate_tuning } from './chroma.js';
export { pooledV0, POOLED_V0_PARAMS, type PooledParams } from './pooled.js';
export { fitNormalizer, applyNormalizer, type Normalizer } from './normalize.js';
export { Wav2Vec2FeatureEncoder, wav2vecEncoder, wav2vecFrameCount, WAV2VEC2_BASE, type Wav2Vec2Params } from './wav2vec.js';
export { SafetensorsFile, encodeSafetensors, type TensorInfo } from './safetensors.js';
export {
  REPRESENTATIONS,
  STUDY_PARAMS,
  EXTRACTOR_VERSION,
  resolveFeatureParams,
  featureDims,
  featureFrames,
  extractFeatures,
  type Representation,
  type FeatureParams,
  type ExtractOptions,
} from './registry.js';
export type {
  StftParams,
  SpectrogramParams,
  MelFilterParams,
  MelParams,
  MfccParams,
  DbParams,
  ChromaParams,
  ChromaFilterParams,
  TuningParams,
  MelNorm,
  VectorNorm,
  WindowName,
  PadMode,
} from './params.js';
export type { Signal } from './numeric.js';
