import { describe, expect, it } from 'vitest';
import {
  chroma_stft,
  estimate_tuning,
  extractFeatures,
  featureDims,
  mel_filterbank,
  melspectrogram,
  mfcc,
  pooledV0,
  power_to_db,
  resolveFeatureParams,
  spectrogram,
} from '../src/index.js';

const y = Float32Array.from({ length: 4000 }, (_, i) => Math.sin(i / 7));

describe('bad signals', () => {
  it('refuses an empty signal', () => {
    for (const f of [spectrogram, melspectrogram, mfcc, chroma_stft]) expect(() => f(new Float32Array(0))).toThrow(/empty \(0 samples\)/);
    expect(() => pooledV0(new Float32Array(0))).toThrow(/empty/);
    expect(() => estimate_tuning(new Float32Array(0))).toThrow(/empty/);
  });

  it('refuses NaN and infinite samples, saying where', () => {
    const bad = y.slice();
    bad[1234] = NaN;
    expect(() => melspectrogram(bad)).toThrow(/not finite everywhere: sample 1234 is NaN/);
    bad[1234] = Infinity;
    expect(() => spectrogram(bad)).toThrow(/sample 1234 is Infinity/);
  });

  it('refuses a signal shorter than n_fft when center=false', () => {
    expect(() => spectrogram(y.subarray(0, 1000), { n_fft: 1024, center: false })).toThrow(/n_fft=1024 is too large for uncentered analysis of input signal of length=1000/);
  });

  it('accepts a short signal when centred (librosa pads it)', () => {
    const m = spectrogram(y.subarray(0, 300), { n_fft: 2048, hop_length: 512 });
    expect(m.frames).toBe(1);
  });

  it('refuses a non-array signal', () => {
    expect(() => spectrogram([1, 2, 3] as unknown as Float32Array)).toThrow(/must be a Float32Array/);
  });
});

describe('bad parameters', () => {
  it('names an unknown parameter and lists the allowed ones', () => {
    expect(() => mfcc(y, { n_mfc: 13 } as never)).toThrow(/mfcc: unknown parameter 'n_mfc'; allowed: .*n_mfcc/);
    expect(() => resolveFeatureParams('melspec', { nmels: 40 })).toThrow(/melspec: unknown parameter 'nmels'/);
    expect(() => resolveFeatureParams('pooled', { mfccs: {} })).toThrow(/pooled: unknown parameter 'mfccs'; allowed: mfcc, chroma, melspec/);
    expect(() => resolveFeatureParams('pooled', { mfcc: { bogus: 1 } })).toThrow(/pooled.mfcc: unknown parameter 'bogus'/);
    expect(() => resolveFeatureParams('wavlm' as never)).toThrow(/unknown representation 'wavlm'; allowed: spectrogram, melspec/);
  });

  it('names a bad value and says what is allowed', () => {
    expect(() => spectrogram(y, { n_fft: 0 })).toThrow(/bad value for parameter 'n_fft': 0 \(allowed: a positive integer\)/);
    expect(() => spectrogram(y, { n_fft: 512.5 })).toThrow(/'n_fft': 512.5/);
    expect(() => spectrogram(y, { hop_length: -1 })).toThrow(/'hop_length': -1/);
    expect(() => spectrogram(y, { window: 'kaiser' as never })).toThrow(/'window': 'kaiser' \(allowed: 'hann', 'hamming'/);
    expect(() => spectrogram(y, { pad_mode: 'wrap' as never })).toThrow(/'pad_mode': 'wrap' \(allowed: 'constant', 'edge', 'reflect', 'symmetric'\)/);
    expect(() => spectrogram(y, { center: 'yes' as never })).toThrow(/'center': 'yes' \(allowed: true or false\)/);
    expect(() => spectrogram(y, { power: 0 })).toThrow(/'power': 0/);
    expect(() => spectrogram(y, { n_fft: 512, win_length: 1024 })).toThrow(/'win_length': 1024 \(allowed: an integer <= n_fft=512/);
    expect(() => spectrogram(y, { n_fft: 2, win_length: 2 })).toThrow(/hop_length.*win_length \/\/ 4 = 0/);
    expect(() => melspectrogram(y, { fmin: 9000 })).toThrow(/'fmin': 9000 \(allowed: fmin < fmax=8000\)/);
    expect(() => melspectrogram(y, { norm: 'htk' as never })).toThrow(/'norm': 'htk' \(allowed: 'slaney', null/);
    expect(() => mfcc(y, { n_mfcc: 200 })).toThrow(/'n_mfcc': 200 \(allowed: at most n_mels=128\)/);
    expect(() => mfcc(y, { dct_type: 4 as never })).toThrow(/'dct_type': 4 \(allowed: 1, 2, 3\)/);
    expect(() => mfcc(y, { lifter: -1 })).toThrow(/'lifter': -1/);
    expect(() => mfcc(y, { top_db: -5 })).toThrow(/'top_db': -5/);
    expect(() => mfcc(y, { amin: 0 })).toThrow(/'amin': 0/);
    expect(() => chroma_stft(y, { tuning: NaN })).toThrow(/'tuning': NaN/);
    expect(() => chroma_stft(y, { norm: -2 })).toThrow(/'norm': -2/);
    expect(() => mel_filterbank({ n_mels: 0 })).toThrow(/'n_mels': 0/);
    expect(() => featureDims('wav2vec', { model: '' })).toThrow(/'model': ''/);
    expect(() => resolveFeatureParams('mfcc', [] as never)).toThrow(/parameters must be an object/);
    expect(() => power_to_db({ frames: 1, dims: 2, data: Float32Array.of(1, -1) })).toThrow(/non-negative powers; element 1 is -1/);
  });

  it('wav2vec without weights says what to pass', async () => {
    await expect(extractFeatures('wav2vec', y)).rejects.toThrow(/opts.weightsPath/);
    await expect(extractFeatures('wav2vec', y, {}, { weightsPath: '/nonexistent/model.safetensors' })).rejects.toThrow(/cannot read weights file \/nonexistent\/model.safetensors/);
  });
});
