import { describe, expect, it } from 'vitest';
import {
  applyNormalizer,
  chroma_stft,
  EXTRACTOR_VERSION,
  extractFeatures,
  featureDims,
  featureFrames,
  fitNormalizer,
  melspectrogram,
  mfcc,
  pooledV0,
  REPRESENTATIONS,
  resolveFeatureParams,
  spectrogram,
  stft_power,
  STUDY_PARAMS,
  type FeatureMatrix,
  type Representation,
} from '../src/index.js';

const SR = 16000;
function tone(seconds: number, hz = 220): Float32Array {
  const y = new Float32Array(Math.round(seconds * SR));
  for (let i = 0; i < y.length; i++) y[i] = 0.3 * Math.sin((2 * Math.PI * hz * i) / SR) + 0.05 * Math.sin(i * 0.37);
  return y;
}

describe('registry', () => {
  it('resolves the study parameters to full canonical objects', () => {
    const mfccP = resolveFeatureParams('mfcc');
    expect(mfccP).toMatchObject({ n_mfcc: 15, n_fft: 1024, hop_length: 256, win_length: 1024, n_mels: 128, center: true, pad_mode: 'constant', ref: 1, amin: 1e-10, top_db: 80, dct_type: 2, norm: 'ortho', mel_norm: 'slaney', sr: 16000, fmin: 0, fmax: 8000, htk: false, lifter: 0, power: 2, window: 'hann' });
    expect(Object.keys(mfccP)).toEqual(Object.keys(mfccP).sort());
    expect(resolveFeatureParams('spectrogram')).toEqual({ center: false, hop_length: 256, n_fft: 1024, pad_mode: 'constant', power: 2, win_length: 1024, window: 'hann' });
    expect(resolveFeatureParams('melspec')).toMatchObject({ n_mels: 80, n_fft: 2048, hop_length: 512, win_length: 1024, norm: 'slaney', fmax: 8000 });
    expect(resolveFeatureParams('chroma')).toMatchObject({ n_chroma: 12, tuning: null, norm: 'inf', n_fft: 2048, hop_length: 512, win_length: 2048 });
    expect(resolveFeatureParams('wav2vec')).toEqual({ do_normalize: true, model: 'facebook/wav2vec2-base' });
  });

  it('is idempotent and spells equivalent parameters alike (for content hashing)', () => {
    for (const r of REPRESENTATIONS) {
      const p = resolveFeatureParams(r);
      expect(resolveFeatureParams(r, p)).toEqual(p);
      expect(JSON.stringify(resolveFeatureParams(r, p))).toBe(JSON.stringify(p));
    }
    expect(resolveFeatureParams('melspec', { fmax: null })).toEqual(resolveFeatureParams('melspec', { fmax: 8000 }));
    expect(resolveFeatureParams('chroma', { norm: Infinity })).toEqual(resolveFeatureParams('chroma', { norm: 'inf' }));
    expect(resolveFeatureParams('spectrogram', { win_length: null, hop_length: null }, 'study')).toMatchObject({ win_length: 1024, hop_length: 256 });
    expect(resolveFeatureParams('spectrogram', {}, 'librosa')).toMatchObject({ n_fft: 2048, win_length: 2048, hop_length: 512, center: true });
    expect(resolveFeatureParams('pooled', { mfcc: { n_mfcc: 20 } })).toMatchObject({ mfcc: { n_mfcc: 20, n_fft: 1024 }, chroma: { n_chroma: 12 }, melspec: { n_mels: 80 } });
  });

  it('reports dims and frames', () => {
    const dims: Record<Representation, number> = { spectrogram: 513, melspec: 80, mfcc: 15, chroma: 12, pooled: 107, wav2vec: 512 };
    for (const r of REPRESENTATIONS) expect(featureDims(r, STUDY_PARAMS[r])).toBe(dims[r]);
    expect(featureDims('mfcc', { n_mfcc: 40 })).toBe(40);
    expect(featureFrames('spectrogram', 16000)).toBe(1 + Math.floor((16000 - 1024) / 256));
    expect(featureFrames('melspec', 16000)).toBe(1 + Math.floor(16000 / 512));
    expect(featureFrames('wav2vec', 16000)).toBe(49);
    expect(featureFrames('pooled', 16000)).toBe(1);
    expect(EXTRACTOR_VERSION).toMatch(/\S/);
  });

  it('extracts every non-wav2vec representation with the announced shape', async () => {
    const y = tone(1.1);
    for (const r of REPRESENTATIONS.filter((r) => r !== 'wav2vec')) {
      const m = await extractFeatures(r, y);
      expect(m.dims).toBe(featureDims(r));
      expect(m.frames).toBe(featureFrames(r, y.length));
      expect(m.data.length).toBe(m.frames * m.dims);
      expect(m.data.every(Number.isFinite)).toBe(true);
    }
    // the registry's defaults are the study's; the functions' defaults are librosa's
    expect((await extractFeatures('mfcc', y)).data).toEqual(mfcc(y, STUDY_PARAMS.mfcc).data);
    expect(stft_power(y, STUDY_PARAMS.spectrogram).data).toEqual(spectrogram(y, STUDY_PARAMS.spectrogram).data);
    expect(melspectrogram(y).dims).toBe(128);
    expect(chroma_stft(y).dims).toBe(12);
  });

  it('composes the pooled V0 vector as [mfcc means | chroma means | mel means]', () => {
    const y = tone(0.8, 330);
    const v = pooledV0(y);
    expect(v.length).toBe(107);
    const mean = (m: FeatureMatrix, d: number) => {
      let s = 0;
      for (let t = 0; t < m.frames; t++) s += m.data[t * m.dims + d];
      return s / m.frames;
    };
    const m = mfcc(y, STUDY_PARAMS.mfcc);
    const c = chroma_stft(y);
    const mel = melspectrogram(y, STUDY_PARAMS.melspec);
    expect(v[3]).toBeCloseTo(mean(m, 3), 4);
    expect(v[15 + 4]).toBeCloseTo(mean(c, 4), 6);
    expect(v[27 + 10] / mean(mel, 10)).toBeCloseTo(1, 5);
  });
});

describe('normalizer', () => {
  const mat = (rows: number[][]): FeatureMatrix => ({ frames: rows.length, dims: rows[0].length, data: Float32Array.from(rows.flat()) });

  it('fits per-dimension mean/std over all frames and applies them', () => {
    const a = mat([
      [1, 10, 5],
      [3, 10, 5],
    ]);
    const b = mat([[5, 10, 5]]);
    const n = fitNormalizer([a, b]);
    expect(n.count).toBe(3);
    expect(n.mean).toEqual([3, 10, 5]);
    expect(n.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(n.std[1]).toBe(1); // constant dimension: left unscaled
    const z = applyNormalizer(a, n);
    expect(z.data[0]).toBeCloseTo(-2 / Math.sqrt(8 / 3), 6);
    expect(z.data[1]).toBe(0);
    expect(JSON.parse(JSON.stringify(n))).toEqual(n);
  });

  it('keeps the variance exact when the mean dwarfs the spread', () => {
    const n = fitNormalizer([mat([[1e6 + 1], [1e6 - 1], [1e6 + 1], [1e6 - 1]])]);
    expect(n.mean[0]).toBe(1e6);
    expect(n.std[0]).toBeCloseTo(1, 9);
  });

  it('refuses mismatched or empty input', () => {
    expect(() => fitNormalizer([])).toThrow(/no frames/);
    expect(() => fitNormalizer([mat([[1, 2]]), mat([[1, 2, 3]])])).toThrow(/dims \(2 and 3\)/);
    expect(() => applyNormalizer(mat([[1, 2]]), fitNormalizer([mat([[1, 2, 3]])]))).toThrow(/2 dims.*3/);
  });
});

describe('frame counts', () => {
  it('featureFrames agrees with the extractors for odd n_fft, short signals and both centrings', async () => {
    const y = Float32Array.from({ length: 5003 }, (_, i) => Math.sin(i / 5));
    // win_length: null → librosa's default (n_fft); the study's explicit 1024 would exceed a smaller n_fft
    for (const params of [{ n_fft: 255, hop_length: 100, win_length: null }, { n_fft: 256, hop_length: 64, win_length: null, center: false }, { n_fft: 2048, hop_length: 512 }, { n_fft: 401, hop_length: 160, win_length: 400 }]) {
      for (const len of [300, 401, 5003]) {
        const m = await extractFeatures('spectrogram', y.subarray(0, len), params).catch(() => ({ frames: 0 }));
        expect(featureFrames('spectrogram', len, params)).toBe(m.frames);
      }
    }
  });
});
