/**
 * Parity with librosa 0.11.0 on the committed fixtures (scripts/make-fixtures.py).
 *
 * Error measures, per matrix:
 * - linear values (power/magnitude spectrograms, mel power, chroma, filterbanks, pooled means):
 *   elementwise relative error |a − b| / max(|b|, floor) ≤ 1e-4, with floor = 1e-10 · max|b|.
 *   The floor only matters for values more than 100 dB (power) below the matrix maximum: there
 *   both sides are float64 round-off (e.g. the DC bin of a windowed sinusoid, 1e-34 of the peak),
 *   and no dB feature can see them (the study clips at 80 dB below the maximum).
 * - dB values: absolute error ≤ 1e-3 dB.
 * - MFCC (a DCT of dB values): absolute error of coefficient k ≤ 1e-3 · ‖C_k‖₂ · lifter_k, where C_k
 *   is row k of the DCT matrix: an error of e dB spread over the log-mel input moves coefficient k
 *   by at most about e·‖C_k‖₂. For the study's orthonormal DCT-II, ‖C_k‖₂ = 1, so the bound is
 *   1e-3; scipy's unnormalised DCTs scale rows by up to √(2·n_mels), and librosa's own float32
 *   rounding grows with them.
 * - tuning estimates: exactly equal (they are bin edges on a 0.01 grid).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { estimateTuningFromSpectrogram } from '../src/chroma.js';
import * as F from '../src/index.js';
import { dctMatrix, resolveMfccParams } from '../src/mfcc.js';
import { powerSpectrogram64, resolveSpectrogramParams } from '../src/stft.js';
import { loadFixtures, type FixtureCase } from './fixtures.js';

const fx = loadFixtures();
const REL_TOL = 1e-4;
const FLOOR = 1e-10;
const DB_TOL = 1e-3;

type Kind = 'linear' | 'db' | 'mfcc' | 'exact';
const KIND: Record<string, Kind> = {
  spectrogram: 'linear',
  melspectrogram: 'linear',
  chroma_stft: 'linear',
  pooled: 'linear',
  mel_filterbank: 'linear',
  chroma_filterbank: 'linear',
  melspectrogram_db: 'db',
  mfcc: 'mfcc',
  estimate_tuning: 'exact',
  chroma_tuning: 'exact',
};

function compute(c: FixtureCase, y: Float32Array): F.FeatureMatrix {
  const p = c.params as Record<string, never>;
  const scalar = (v: number): F.FeatureMatrix => ({ frames: 1, dims: 1, data: Float32Array.of(v) });
  switch (c.fn) {
    case 'spectrogram':
      return F.spectrogram(y, p);
    case 'melspectrogram':
      return F.melspectrogram(y, p);
    case 'mfcc':
      return F.mfcc(y, p);
    case 'chroma_stft':
      return F.chroma_stft(y, p);
    case 'melspectrogram_db':
      return F.power_to_db(F.melspectrogram(y, (c.params as { mel: never }).mel), (c.params as { db: never }).db);
    case 'pooled': {
      const v = F.pooledV0(y, c.params as unknown as F.PooledParams);
      return { frames: 1, dims: v.length, data: v };
    }
    case 'estimate_tuning':
      return scalar(F.estimate_tuning(y, p));
    case 'chroma_tuning': {
      // the tuning chroma_stft estimates internally, from the power spectrogram
      const sp = resolveSpectrogramParams({ ...p, power: 2 });
      const S = powerSpectrogram64(y, sp, 'test');
      return scalar(estimateTuningFromSpectrogram(S.data, S.frames, S.bins, { sr: 16000, n_fft: 2048, resolution: 0.01, bins_per_octave: 12, fmin: 150, fmax: 4000, threshold: 0.1 }));
    }
    case 'mel_filterbank':
      return F.mel_filterbank(p);
    case 'chroma_filterbank':
      return F.chroma_filterbank(p);
  }
  throw new Error(`no implementation for fixture fn ${c.fn}`);
}

/** Per-coefficient MFCC tolerance: 1e-3 · ‖DCT row k‖₂ · lifter gain k. */
function mfccTolerance(params: Record<string, unknown>): Float64Array {
  const p = resolveMfccParams(params as never);
  const C = dctMatrix(p.dct_type, p.norm, p.n_mels, p.n_mfcc);
  const tol = new Float64Array(p.n_mfcc);
  for (let k = 0; k < p.n_mfcc; k++) {
    let sq = 0;
    for (let j = 0; j < p.n_mels; j++) sq += C[k * p.n_mels + j] ** 2;
    const lift = p.lifter > 0 ? 1 + (p.lifter / 2) * Math.sin((Math.PI * (k + 1)) / p.lifter) : 1;
    tol[k] = DB_TOL * Math.sqrt(sq) * Math.abs(lift);
  }
  return tol;
}

const summary: string[] = [];

describe('parity with librosa ' + fx.librosa, () => {
  for (const c of fx.cases) {
    it(c.id, () => {
      const y = c.signal ? fx.signals[c.signal] : new Float32Array(0);
      const got = compute(c, y);
      expect([got.frames, got.dims]).toEqual(c.shape);
      const a = got.data;
      const b = c.expected;
      const kind = KIND[c.fn];
      let worst = 0; // error / tolerance
      let metric = 0;
      if (kind === 'linear') {
        let max = 0;
        for (const v of b) max = Math.max(max, Math.abs(v));
        const floor = FLOOR * max;
        for (let i = 0; i < a.length; i++) metric = Math.max(metric, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), floor));
        worst = metric / REL_TOL;
      } else if (kind === 'db') {
        for (let i = 0; i < a.length; i++) metric = Math.max(metric, Math.abs(a[i] - b[i]));
        worst = metric / DB_TOL;
      } else if (kind === 'mfcc') {
        const tol = mfccTolerance(c.params);
        for (let i = 0; i < a.length; i++) {
          const d = Math.abs(a[i] - b[i]);
          metric = Math.max(metric, d);
          worst = Math.max(worst, d / tol[i % got.dims]);
        }
      } else {
        expect(Array.from(a)).toEqual(Array.from(b));
      }
      summary.push(`${c.id.padEnd(58)} ${kind.padEnd(6)} ${kind === 'exact' ? `= ${a[0]}` : `${metric.toExponential(2)}  (${(worst * 100).toFixed(2)}% of tolerance)`}`);
      expect(worst).toBeLessThanOrEqual(1);
    });
  }
  afterAll(() => {
    if (process.env.FEATURES_PARITY_REPORT) console.log(summary.join('\n'));
  });
});
