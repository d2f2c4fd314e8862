import { readFile } from 'node:fs/promises';
import { InputError } from '@emosweep/common';
import { resample } from './resample.js';
import { decodeWav, fileError } from './wav.js';

export interface LoadAudioOptions {
  /** output sample rate in Hz (default 16000) */
  sampleRate?: number;
  /** reject audio shorter than this many seconds (default: accept any non-empty audio) */
  minDurationSec?: number;
}

/** Read a WAV file as mono float samples at `sampleRate` (16 kHz by default). */
export async function loadAudio(path: string, opts: LoadAudioOptions = {}): Promise<Float32Array> {
  const sampleRate = opts.sampleRate ?? 16000;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw fileError(path, e);
  }
  const wav = decodeWav(bytes, path);
  const durationSec = wav.samples.length / wav.sampleRate;
  if (opts.minDurationSec !== undefined && durationSec < opts.minDurationSec) {
    throw new InputError(
      path,
      `audio is ${durationSec.toFixed(3)} s long, shorter than the minimum of ${opts.minDurationSec} s`,
    );
  }
  return resample(wav.samples, wav.sampleRate, sampleRate);
}
