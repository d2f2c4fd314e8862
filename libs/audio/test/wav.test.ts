import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '@emosweep/common';
import { decodeWav, encodeWav16, readWavInfo } from '../src/index.js';
import { extensibleWav, g711Wav, sine, wavBytes } from './helpers.js';

const x = sine(440, 8000, 0.25, 0.5);

function maxDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function expectInputError(fn: () => unknown, source: string, problem: RegExp) {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(InputError);
  expect((err as InputError).input).toBe(source);
  expect((err as InputError).message.startsWith(`${source}: `)).toBe(true);
  expect((err as InputError).problem).toMatch(problem);
}

describe('decodeWav', () => {
  const cases: [string, string, number][] = [
    ['8', '8', 1 / 128],
    ['16', '16', 1 / 32768],
    ['24', '24', 1 / 8388608],
    ['32', '32', 1 / 2147483648],
    ['32f', '32f', 0],
    ['64', '64f', 0],
  ];
  for (const [code, reported, step] of cases) {
    it(`round-trips ${reported} mono`, () => {
      const d = decodeWav(wavBytes([x], 8000, code), 'mono.wav');
      expect(d).toMatchObject({ sampleRate: 8000, channels: 1, bitDepth: reported });
      expect(maxDiff(d.samples, x)).toBeLessThanOrEqual(step / 2 + 1e-7);
    });
    it(`mixes ${reported} stereo to the mean of the channels`, () => {
      const right = x.map((v) => -v / 2);
      const d = decodeWav(wavBytes([x, right], 8000, code), 'stereo.wav');
      expect(d.channels).toBe(2);
      expect(maxDiff(d.samples, x.map((v) => v / 4))).toBeLessThanOrEqual(step + 1e-7);
    });
  }

  it('scales integer PCM like libsndfile (x / 2^(bits-1)), symmetric around 0', () => {
    const d = decodeWav(wavBytes([Float32Array.of(-1, -0.5, 0, 0.5, 32767 / 32768)], 16000, '16'), 'a.wav');
    expect(Array.from(d.samples)).toEqual([-1, -0.5, 0, 0.5, 32767 / 32768].map(Math.fround));
  });

  for (const kind of ['pcm16', 'pcm24', 'float32'] as const) {
    it(`reads WAVE_FORMAT_EXTENSIBLE ${kind} with 4 channels`, () => {
      const chans = [x, x.map((v) => v / 2), x.map((v) => -v), new Float32Array(x.length)];
      const d = decodeWav(extensibleWav(chans, 8000, kind), 'ext.wav');
      expect(d.channels).toBe(4);
      expect(d.bitDepth).toBe(kind === 'pcm16' ? '16' : kind === 'pcm24' ? '24' : '32f');
      expect(maxDiff(d.samples, x.map((v) => v / 8))).toBeLessThan(kind === 'pcm16' ? 1e-4 : 1e-6);
    });
  }

  it('expands A-law and µ-law', () => {
    for (const law of ['8a', '8m'] as const) {
      const d = decodeWav(g711Wav(x, 8000, law), 'g711.wav');
      expect(d).toMatchObject({ sampleRate: 8000, channels: 1, bitDepth: law });
      expect(maxDiff(d.samples, x)).toBeLessThan(0.02); // 8-bit companding error at amplitude 0.5
    }
  });

  it('encodeWav16 round-trips exactly and clips', () => {
    const v = Float32Array.of(0, 0.25, -0.25, 1 / 32768, -1, 2, -2);
    const d = decodeWav(encodeWav16(v, 16000), 'enc.wav');
    expect(d).toMatchObject({ sampleRate: 16000, channels: 1, bitDepth: '16' });
    expect(Array.from(d.samples)).toEqual([0, 0.25, -0.25, 1 / 32768, -1, 32767 / 32768, -1].map(Math.fround));
  });

  describe('bad input gives an InputError naming the source', () => {
    const good = wavBytes([x], 8000, '16');
    it('empty', () => expectInputError(() => decodeWav(new Uint8Array(0), 'e.wav'), 'e.wav', /empty file/));
    it('not a WAV', () =>
      expectInputError(
        () => decodeWav(new TextEncoder().encode('path,label,group\na.wav,neu,1\n'), 'm.csv'),
        'm.csv',
        /not a WAV file/,
      ));
    it('RIFF but not WAVE', () => {
      const b = good.slice();
      b.set([0x41, 0x56, 0x49, 0x20], 8); // 'AVI '
      expectInputError(() => decodeWav(b, 'v.avi'), 'v.avi', /corrupt or unsupported.*WAVE/);
    });
    it('truncated inside the header', () =>
      expectInputError(() => decodeWav(good.slice(0, 30), 'h.wav'), 'h.wav', /corrupt or unsupported/));
    it('truncated inside the audio', () =>
      expectInputError(() => decodeWav(good.slice(0, 1000), 't.wav'), 't.wav', /truncated.*declares 4000 bytes.*holds 956/));
    it('zero-length audio', () =>
      expectInputError(() => decodeWav(encodeWav16(new Float32Array(0), 16000), 'z.wav'), 'z.wav', /no audio/));
    it('half a frame of stereo audio', () => {
      const b = wavBytes([x, x], 8000, '16');
      const dv = new DataView(b.buffer);
      dv.setUint32(40, dv.getUint32(40, true) - 2, true); // data chunk size no longer a whole frame
      expectInputError(() => decodeWav(b.slice(0, b.length - 2), 's.wav'), 's.wav', /whole number of 4-byte frames/);
    });
    it('unsupported encoding (IMA ADPCM)', () => {
      const b = good.slice();
      new DataView(b.buffer).setUint16(20, 0x11, true);
      expectInputError(() => decodeWav(b, 'adpcm.wav'), 'adpcm.wav', /unsupported WAV encoding \(IMA ADPCM/);
    });
    it('inconsistent header (block align)', () => {
      const b = good.slice();
      new DataView(b.buffer).setUint16(32, 3, true);
      expectInputError(() => decodeWav(b, 'ba.wav'), 'ba.wav', /block align 3, expected 2/);
    });
  });

  it('accepts a streaming header whose data size is a placeholder (espeak-ng --stdout)', () => {
    const b = wavBytes([x], 8000, '16');
    new DataView(b.buffer).setUint32(40, 0x7ffff000, true);
    expect(decodeWav(b, 's.wav').samples.length).toBe(x.length);
  });
});

describe('readWavInfo', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'emosweep-audio-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads rate, channels, depth, frames and duration from the header', async () => {
    const file = path.join(dir, 'a.wav');
    await writeFile(file, wavBytes([x, x, x], 8000, '24'));
    expect(await readWavInfo(file)).toEqual({
      sampleRate: 8000,
      channels: 3,
      bitDepth: '24',
      frames: x.length,
      durationSec: x.length / 8000,
    });
  });

  it('reads only the header of a large file', async () => {
    // 400 MB of declared audio in a sparse file: the call must not read it
    const frames = 200_000_000;
    const head = encodeWav16(new Float32Array(1), 16000);
    const dv = new DataView(head.buffer);
    dv.setUint32(4, 36 + frames * 2, true);
    dv.setUint32(40, frames * 2, true);
    const file = path.join(dir, 'big.wav');
    await writeFile(file, head.subarray(0, 44));
    await truncate(file, 44 + frames * 2);
    const t = performance.now();
    const info = await readWavInfo(file);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(info).toMatchObject({ frames, durationSec: frames / 16000 });
  });

  it('finds the data chunk after large metadata chunks', async () => {
    const wav = wavBytes([x], 8000, '16');
    const junk = new Uint8Array(8 + 200_000);
    junk.set([0x4a, 0x55, 0x4e, 0x4b]); // 'JUNK'
    new DataView(junk.buffer).setUint32(4, 200_000, true);
    const b = new Uint8Array(wav.length + junk.length);
    b.set(wav.subarray(0, 36));
    b.set(junk, 36);
    b.set(wav.subarray(36), 36 + junk.length);
    new DataView(b.buffer).setUint32(4, b.length - 8, true);
    const file = path.join(dir, 'junk.wav');
    await writeFile(file, b);
    expect((await readWavInfo(file)).frames).toBe(x.length);
    expect(decodeWav(b, file).samples.length).toBe(x.length);
  });

  it('names the file for missing, empty, truncated and non-WAV files', async () => {
    const missing = path.join(dir, 'nope.wav');
    await expect(readWavInfo(missing)).rejects.toThrow(`${missing}: file not found`);
    const empty = path.join(dir, 'empty.wav');
    await writeFile(empty, new Uint8Array(0));
    await expect(readWavInfo(empty)).rejects.toThrow(`${empty}: empty file`);
    const cut = path.join(dir, 'cut.wav');
    await writeFile(cut, wavBytes([x], 8000, '16').subarray(0, 500));
    await expect(readWavInfo(cut)).rejects.toThrow(`${cut}: truncated WAV file`);
    const text = path.join(dir, 'text.wav');
    await writeFile(text, 'this is not audio at all');
    await expect(readWavInfo(text)).rejects.toThrow(`${text}: not a WAV file`);
    await expect(readWavInfo(dir)).rejects.toThrow(InputError);
  });
});
