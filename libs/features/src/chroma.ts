import { withSpans, applyFilterbank, type Filterbank } from './mel.js';
import { fftFrequencies, FLOAT32_TINY, FLOAT64_TINY, linspace, normalizeVector, remainder, roundHalfEven, type Signal } from './numeric.js';
import { normValue, resolveParams, type ChromaFilterParams, type ChromaParams, type Resolved, type SpectrogramParams, type TuningParams } from './params.js';
import { powerSpectrogram64, type FeatureMatrix } from './stft.js';

/** librosa.hz_to_octs: octaves relative to A0 (A440 / 16), for a given tuning in fractions of a bin. */
function hzToOcts(f: number, tuning: number, binsPerOctave: number): number {
  const a440 = 440.0 * 2.0 ** (tuning / binsPerOctave);
  return Math.log2(f / (a440 / 16));
}

const chromaCache = new Map<string, Filterbank>();

/** Filterbank of `librosa.filters.chroma(...)`, cached (n_chroma × (1 + n_fft // 2), float32). */
export function chromaFilterbank(p: ChromaFilterParams): Filterbank {
  const key = JSON.stringify([p.sr, p.n_fft, p.n_chroma, p.tuning, p.ctroct, p.octwidth, p.base_c]);
  let fb = chromaCache.get(key);
  if (!fb) {
    fb = buildChroma(p);
    chromaCache.set(key, fb);
  }
  return fb;
}

/**
 * Dan Ellis' chroma filterbank as librosa.filters.chroma builds it: a Gaussian bump per chroma
 * around each FFT bin's pitch class, each bin's column L2-normalised, weighted by a Gaussian over
 * octaves centred on `ctroct`, rolled so that row 0 is C when base_c. Only the 1 + n_fft // 2
 * non-aliased columns are computed (columns are normalised independently, so this is exact).
 */
function buildChroma(p: ChromaFilterParams): Filterbank {
  const nC = p.n_chroma;
  const nFft = p.n_fft;
  const bins = Math.floor(1 + nFft / 2);
  const freqs = linspace(0, p.sr, nFft, false);
  // frqbins[0] is made up: 1.5 octaves below bin 1
  const frqbins = new Float64Array(nFft);
  for (let f = 1; f < nFft; f++) frqbins[f] = nC * hzToOcts(freqs[f], p.tuning, nC);
  frqbins[0] = frqbins[1] - 1.5 * nC;
  const binwidth = (f: number) => (f < nFft - 1 ? Math.max(frqbins[f + 1] - frqbins[f], 1.0) : 1);
  const nC2 = roundHalfEven(nC / 2);
  const roll = p.base_c ? 3 * Math.floor(nC / 12) : 0;
  const weights = new Float32Array(nC * bins);
  const col = new Float64Array(nC);
  for (let f = 0; f < bins; f++) {
    for (let c = 0; c < nC; c++) {
      const D = remainder(frqbins[f] - c + nC2 + 10 * nC, nC) - nC2;
      col[c] = Math.exp(-0.5 * ((2 * D) / binwidth(f)) ** 2);
    }
    normalizeVector(col, 2, FLOAT64_TINY);
    const oct = p.octwidth === null ? 1 : Math.exp(-0.5 * ((frqbins[f] / nC - p.ctroct) / p.octwidth) ** 2);
    for (let c = 0; c < nC; c++) {
      // np.roll(wts, -roll, axis=0): row c takes old row (c + roll) mod n_chroma
      weights[c * bins + f] = col[(c + roll) % nC] * oct;
    }
  }
  return withSpans(nC, bins, weights);
}

/**
 * `librosa.filters.chroma(sr=16000, n_fft=2048, n_chroma=12, tuning=0.0, ctroct=5.0, octwidth=2,
 * norm=2, base_c=True)`: n_chroma × (1 + n_fft // 2) float32 weights (librosa's orientation).
 */
export function chroma_filterbank(params: Partial<ChromaFilterParams> = {}): FeatureMatrix {
  const p = resolveParams('chroma_filterbank', params) as unknown as ChromaFilterParams;
  const fb = chromaFilterbank(p);
  return { frames: fb.rows, dims: fb.bins, data: fb.weights.slice() };
}

/**
 * `librosa.estimate_tuning(S=S, sr, bins_per_octave, resolution)` with piptrack's defaults
 * (fmin=150, fmax=4000, threshold=0.1, ref=np.max) on a precomputed spectrogram S (frames × bins,
 * float64). Returns the tuning deviation in fractions of a bin, on librosa's 0.01 grid.
 */
export function estimateTuningFromSpectrogram(
  S: Float64Array,
  frames: number,
  bins: number,
  p: { sr: number; n_fft: number; resolution: number; bins_per_octave: number; fmin: number; fmax: number; threshold: number },
): number {
  // piptrack infers n_fft from the spectrogram unless the given one matches its bin count
  const nFft = (p.n_fft >> 1) + 1 === bins ? p.n_fft : 2 * (bins - 1);
  const fftFreqs = fftFrequencies(p.sr, nFft);
  const fmin = Math.max(p.fmin, 0);
  const fmax = Math.min(p.fmax, p.sr / 2);
  const pitches: number[] = [];
  const mags: number[] = [];
  for (let t = 0; t < frames; t++) {
    const x = S.subarray(t * bins, (t + 1) * bins);
    let max = -Infinity;
    for (let k = 0; k < bins; k++) if (x[k] > max) max = x[k];
    const refValue = p.threshold * max;
    // localmax of S·(S > ref) along frequency: strictly above the left neighbour and not below the
    // right one (the last bin: above the left one); k = 0 is never a peak.
    let left = x[0] > refValue ? x[0] : 0;
    for (let k = 1; k < bins; k++) {
      const here = x[k] > refValue ? x[k] : 0;
      const prev = left;
      left = here;
      if (here <= prev || !(fmin <= fftFreqs[k] && fftFreqs[k] < fmax)) continue;
      const last = k === bins - 1;
      if (!last && here < (x[k + 1] > refValue ? x[k + 1] : 0)) continue;
      // parabolic interpolation of the peak (librosa's _pi_stencil; 0 at the last bin) and the
      // magnitude correction 0.5 · gradient · shift (np.gradient: central difference inside)
      let shift = 0;
      let avg = 0;
      if (!last) {
        const a = x[k + 1] + x[k - 1] - 2 * x[k];
        const b = (x[k + 1] - x[k - 1]) / 2;
        shift = Math.abs(b) >= Math.abs(a) ? 0 : -b / a;
        avg = (x[k + 1] - x[k - 1]) / 2;
      }
      const pitch = ((k + shift) * p.sr) / nFft;
      if (pitch > 0) {
        pitches.push(pitch);
        mags.push(x[k] + 0.5 * avg * shift);
      }
    }
  }
  if (pitches.length === 0) return 0.0;
  const threshold = median(mags);
  const selected: number[] = [];
  for (let i = 0; i < pitches.length; i++) if (mags[i] >= threshold) selected.push(pitches[i]);
  return pitchTuning(selected, p.resolution, p.bins_per_octave);
}

/** np.median */
function median(values: number[]): number {
  const s = Float64Array.from(values).sort();
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/**
 * librosa.pitch_tuning: histogram of the pitches' deviations from the nearest bin on a
 * `resolution` grid over [-0.5, 0.5]; returns the left edge of the fullest bin.
 */
function pitchTuning(frequencies: number[], resolution: number, binsPerOctave: number): number {
  const freqs = frequencies.filter((f) => f > 0);
  if (freqs.length === 0) return 0.0;
  const edges = linspace(-0.5, 0.5, Math.ceil(1.0 / resolution) + 1);
  const nb = edges.length - 1;
  const counts = new Int32Array(nb);
  for (const f of freqs) {
    let r = remainder(binsPerOctave * hzToOcts(f, 0.0, 12), 1.0);
    if (r >= 0.5) r -= 1.0;
    if (r < edges[0] || r > edges[nb]) continue;
    // np.histogram with explicit edges: edges[i] <= r < edges[i+1], the last bin closed
    let lo = 0;
    let hi = nb; // first edge index > r, by binary search (np.searchsorted 'right')
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid] <= r) lo = mid + 1;
      else hi = mid;
    }
    counts[Math.min(lo - 1, nb - 1)]++;
  }
  let best = 0;
  for (let i = 1; i < nb; i++) if (counts[i] > counts[best]) best = i;
  return edges[best];
}

/**
 * `librosa.estimate_tuning(y=y, sr=16000, n_fft=2048, resolution=0.01, bins_per_octave=12)`
 * (piptrack on the magnitude spectrogram with fmin=150, fmax=4000, threshold=0.1).
 */
export function estimate_tuning(y: Signal, params: Partial<TuningParams> = {}): number {
  const p = resolveParams('estimate_tuning', params) as unknown as Resolved<TuningParams>;
  const S = powerSpectrogram64(y, { ...p, power: 1 } as Resolved<SpectrogramParams>, 'estimate_tuning');
  return estimateTuningFromSpectrogram(S.data, S.frames, S.bins, p);
}

export function resolveChromaParams(params: Partial<ChromaParams> = {}, where = 'chroma_stft'): Resolved<ChromaParams> {
  return resolveParams('chroma_stft', params, where) as unknown as Resolved<ChromaParams>;
}

/**
 * `librosa.feature.chroma_stft(y, sr=16000, norm=np.inf, n_fft=2048, hop_length=512, tuning=None,
 * n_chroma=12, ...)`: chroma of the power spectrogram, tuning estimated from it when tuning is
 * null (librosa's default), each frame normalised by `norm`. Frames × n_chroma.
 */
export function chroma_stft(y: Signal, params: Partial<ChromaParams> = {}): FeatureMatrix {
  const p = resolveChromaParams(params);
  const S = powerSpectrogram64(y, { ...p, power: 2 } as Resolved<SpectrogramParams>, 'chroma_stft');
  const tuning =
    p.tuning ??
    estimateTuningFromSpectrogram(S.data, S.frames, S.bins, {
      sr: p.sr,
      n_fft: 2048, // estimate_tuning's own default; piptrack infers the real one from S
      resolution: 0.01,
      bins_per_octave: p.n_chroma,
      fmin: 150,
      fmax: 4000,
      threshold: 0.1,
    });
  const fb = chromaFilterbank({ ...p, tuning });
  const norm = normValue(p.norm);
  const out = new Float32Array(S.frames * p.n_chroma);
  const raw = new Float64Array(p.n_chroma);
  for (let t = 0; t < S.frames; t++) {
    applyFilterbank(fb, S.data.subarray(t * S.bins, (t + 1) * S.bins), raw);
    // float32 tiny: librosa's threshold for the float32 chroma it computes from float32 audio
    normalizeVector(raw, norm, FLOAT32_TINY);
    out.set(raw, t * p.n_chroma);
  }
  return { frames: S.frames, dims: p.n_chroma, data: out };
}
