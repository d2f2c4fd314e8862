export { decodeWav, encodeWav16, readWavInfo } from './wav.js';
export type { DecodedWav, WavBitDepth, WavInfo } from './wav.js';
export { resample } from './resample.js';
export type { ResampleQuality } from './resample.js';
export { loadAudio } from './load.js';
export type { LoadAudioOptions } from './load.js';
