import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '@emosweep/common';
import { encodeWav16, loadAudio, resample } from '../src/index.js';
import { resampleBlocks } from '../src/resample.js';
import { dominantFrequency, rms, sine, wavBytes } from './helpers.js';

/** Largest deviation of y from the ideal sine, away from the edges. */
function sineError(y: Float32Array, freq: number, rate: number, amp: number, margin = 200): number {
  let m = 0;
  for (let i = margin; i < y.length - margin; i++) {
    m = Math.max(m, Math.abs(y[i] - amp * Math.sin((2 * Math.PI * freq * i) / rate)));
  }
  return m;
}

describe('resample', () => {
  for (const from of [44100, 22050, 8000, 48000]) {
    it(`${from} Hz → 16 kHz keeps a sine's frequency, amplitude, phase and the length ratio`, () => {
      const x = sine(1000, from, 0.5, 0.5);
      const y = resample(x, from, 16000);
      expect(y.length).toBe(Math.ceil((x.length * 16000) / from));
      expect(dominantFrequency(y, 16000, 900, 1100)).toBe(1000);
      expect(sineError(y, 1000, 16000, 0.5)).toBeLessThan(1e-3);
      // the end of the signal is not lost or faded
      expect(rms(y, y.length - 100)).toBeGreaterThan(0.3);
    });
  }

  it('removes content above the new Nyquist frequency (anti-aliasing)', () => {
    const y = resample(sine(11000, 44100, 0.5, 0.5), 44100, 16000);
    expect(rms(y, 200, y.length - 200)).toBeLessThan(1e-3);
  });

  it('keeps exact lengths for long inputs (split into blocks internally)', () => {
    resample(sine(1000, 48000, 0.1), 48000, 16000); // an earlier call must not disturb a long one
    const x = sine(440, 44100, 30, 0.5);
    const y = resample(x, 44100, 16000);
    expect(y.length).toBe(480000);
    expect(sineError(y, 440, 16000, 0.5)).toBeLessThan(1e-3);
  });

  it('stitches blocks into the same output as one pass', () => {
    for (const [from, to] of [
      [44100, 16000],
      [8000, 16000],
      [22050, 16000],
    ]) {
      const x = new Float32Array(from * 4).map((_, i) => Math.sin(i * 0.01) * Math.sin(i * 0.37) * 0.5);
      const one = resampleBlocks(x, from, to, 'best', 1_000_000);
      // blocks of about 2 s of input: at least 3 blocks of 4 s, each well past the 2 × 0.25 s overlap
      const blocks = resampleBlocks(x, from, to, 'best', Math.round(Math.max(1, to / from) * from * 2));
      expect(blocks.length).toBe(one.length);
      let m = 0;
      for (let i = 0; i < one.length; i++) m = Math.max(m, Math.abs(blocks[i] - one[i]));
      expect(m).toBeLessThan(1e-6);
    }
  });

  it('returns the input when the rates are equal, and handles empty input', () => {
    const x = sine(440, 16000, 0.1);
    expect(resample(x, 16000, 16000)).toBe(x);
    expect(resample(new Float32Array(0), 44100, 16000).length).toBe(0);
  });

  it('is deterministic across calls with different rates in between', () => {
    const x = sine(700, 22050, 0.3, 0.4);
    const a = resample(x, 22050, 16000);
    resample(sine(300, 8000, 0.2), 8000, 16000, 'fastest');
    const b = resample(x, 22050, 16000);
    expect(b).toEqual(a);
  });

  it('rejects impossible rates', () => {
    expect(() => resample(new Float32Array(10), 0, 16000)).toThrow(InputError);
    expect(() => resample(new Float32Array(10), 16000, Number.NaN)).toThrow(/toRate must be a positive whole number/);
    expect(() => resample(new Float32Array(10), 16000, 16000 * 300)).toThrow(/ratio/);
  });
});

describe('loadAudio', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'emosweep-load-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads 44.1 kHz 24-bit stereo as 16 kHz mono', async () => {
    const left = sine(500, 44100, 1, 0.6);
    const file = path.join(dir, 'stereo.wav');
    await writeFile(file, wavBytes([left, left.map((v) => v / 3)], 44100, '24'));
    const y = await loadAudio(file);
    expect(y.length).toBe(16000);
    expect(dominantFrequency(y, 16000, 450, 550)).toBe(500);
    expect(sineError(y, 500, 16000, 0.4)).toBeLessThan(1e-3);
  });

  it('returns 16 kHz audio unchanged and honours another sampleRate', async () => {
    const x = sine(300, 16000, 0.5, 0.5);
    const file = path.join(dir, 'a16.wav');
    await writeFile(file, encodeWav16(x, 16000));
    const y = await loadAudio(file);
    expect(y.length).toBe(x.length);
    for (let i = 0; i < x.length; i++) expect(Math.abs(y[i] - x[i])).toBeLessThanOrEqual(1 / 65536);
    expect((await loadAudio(file, { sampleRate: 8000 })).length).toBe(4000);
  });

  it('names the file and its duration when it is too short', async () => {
    const file = path.join(dir, 'short.wav');
    await writeFile(file, encodeWav16(sine(300, 16000, 0.2), 16000));
    await expect(loadAudio(file, { minDurationSec: 0.5 })).rejects.toThrow(
      `${file}: audio is 0.200 s long, shorter than the minimum of 0.5 s`,
    );
    await expect(loadAudio(file, { minDurationSec: 0.1 })).resolves.toHaveLength(3200);
  });

  it('names a missing or broken file', async () => {
    const missing = path.join(dir, 'missing.wav');
    await expect(loadAudio(missing)).rejects.toThrow(`${missing}: file not found`);
    const broken = path.join(dir, 'broken.wav');
    await writeFile(broken, encodeWav16(sine(300, 16000, 0.2), 16000).subarray(0, 100));
    await expect(loadAudio(broken)).rejects.toThrow(`${broken}: truncated WAV file`);
  });
});
