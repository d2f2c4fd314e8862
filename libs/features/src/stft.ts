import { realDft } from './fft.js';
import { checkSignal, pad, type Signal } from './numeric.js';
import { resolveParams, type Resolved, type SpectrogramParams, type StftParams } from './params.js';
import { paddedWindow } from './window.js';

/** A feature matrix in row-major frames × dims order (librosa's dims × frames, transposed). */
export interface FeatureMatrix {
  frames: number;
  dims: number;
  data: Float32Array;
}

/** Where each STFT frame's n_fft samples come from: src[srcOf[t]] starting at offsets[t]. */
interface FramePlan {
  count: number;
  srcs: Float64Array[];
  srcOf: Uint8Array;
  offsets: Int32Array;
}

const floorDiv = (a: number, b: number) => Math.floor(a / b); // Python's //, also for a < 0

/**
 * The frames of `librosa.stft`, laid out exactly as librosa 0.11 does. With center=True librosa
 * does not pad the whole signal: it pads a head chunk and a tail chunk separately (np.pad on each)
 * and frames the middle in place. For constant/edge padding that equals padding the whole signal,
 * but for reflect/symmetric with hop_length >= n_fft / 2 the tail chunk can be shorter than the
 * reflection and numpy then reflects repeatedly — so we mirror librosa's chunks to stay exact.
 */
function planFrames(y: Float64Array, nFft: number, hop: number, center: boolean, padMode: StftParams['pad_mode'], where: string): FramePlan {
  const len = y.length;
  const srcs: Float64Array[] = [];
  const srcOf: number[] = [];
  const offsets: number[] = [];
  const addFrames = (src: Float64Array, start: number, count: number) => {
    const id = srcs.push(src) - 1;
    for (let k = 0; k < count; k++) {
      srcOf.push(id);
      offsets.push(start + k * hop);
    }
  };
  const frameCount = (n: number) => (n < nFft ? 0 : 1 + floorDiv(n - nFft, hop));
  const h = nFft >> 1;

  if (!center) {
    if (nFft > len) {
      throw new Error(
        `${where}: n_fft=${nFft} is too large for uncentered analysis of input signal of length=${len} ` +
          `(center=false needs at least n_fft samples; use a shorter n_fft or center=true)`,
      );
    }
    addFrames(y, 0, frameCount(len));
  } else {
    const startK = Math.ceil(h / hop);
    const tailK = floorDiv(len + h - nFft, hop) + 1;
    if (tailK <= startK) {
      const padded = pad(y, 0, len, h, h, padMode);
      addFrames(padded, 0, frameCount(padded.length));
    } else {
      const start = startK * hop - h;
      const preEnd = Math.min(len, (startK - 1) * hop - h + nFft + 1);
      const pre = pad(y, 0, preEnd, h, 0, padMode);
      addFrames(pre, 0, Math.min(startK, frameCount(pre.length)));
      addFrames(y, start, frameCount(len - start));
      if (tailK * hop - h + nFft <= len + h) {
        const post = pad(y, tailK * hop - h, len, 0, h, padMode);
        addFrames(post, 0, frameCount(post.length));
      }
    }
  }
  return { count: offsets.length, srcs, srcOf: Uint8Array.from(srcOf), offsets: Int32Array.from(offsets) };
}

/**
 * Plans the STFT of y (validating it) and returns the frame count and a runner that hands
 * |X|^power of each frame (bins 0..n_fft/2, float64, a reused buffer) to `onFrame`.
 * Everything before the callback is float64: the window, the frame and the FFT.
 */
export function powerFrames(
  y: Signal,
  p: Resolved<SpectrogramParams>,
  where: string,
): { frames: number; bins: number; run(onFrame: (t: number, power: Float64Array) => void): void } {
  checkSignal(y, `${where}: signal`);
  // One float64 copy of the signal keeps every frame source a Float64Array: the hot loop below
  // then stays monomorphic (mixing Float32Array and Float64Array sources made it 2-3× slower).
  const y64 = y instanceof Float64Array ? y : Float64Array.from(y);
  const plan = planFrames(y64, p.n_fft, p.hop_length, p.center, p.pad_mode, where);
  const win = paddedWindow(p.window, p.win_length, p.n_fft);
  const dft = realDft(p.n_fft);
  // Only the non-zero part of a zero-padded window needs multiplying.
  const lo = Math.floor((p.n_fft - p.win_length) / 2);
  const hi = lo + p.win_length;
  return {
    frames: plan.count,
    bins: dft.bins,
    run(onFrame) {
      const frame = new Float64Array(p.n_fft);
      const power = new Float64Array(dft.bins);
      for (let t = 0; t < plan.count; t++) {
        const src = plan.srcs[plan.srcOf[t]];
        const off = plan.offsets[t];
        for (let i = lo; i < hi; i++) frame[i] = src[off + i] * win[i];
        dft.power(frame, power, p.power);
        onFrame(t, power);
      }
    },
  };
}

/** Resolves spectrogram parameters with librosa's stft defaults (hop_length = win_length // 4). */
export function resolveSpectrogramParams(params: Partial<SpectrogramParams> = {}, where = 'spectrogram'): Resolved<SpectrogramParams> {
  return resolveParams('spectrogram', params, where) as unknown as Resolved<SpectrogramParams>;
}

/**
 * |STFT(y)|^power: `np.abs(librosa.stft(y, n_fft, hop_length, win_length, window, center, pad_mode)) ** power`,
 * frames × (1 + n_fft // 2). Defaults: librosa.stft's, with power 2 (the study's |X|²).
 */
export function stft_power(y: Signal, params: Partial<SpectrogramParams> = {}): FeatureMatrix {
  const p = resolveSpectrogramParams(params, 'stft_power');
  return spectrogramOf(y, p, 'stft_power');
}

/** Same as stft_power (the name the registry uses for the 'spectrogram' representation). */
export function spectrogram(y: Signal, params: Partial<SpectrogramParams> = {}): FeatureMatrix {
  return spectrogramOf(y, resolveSpectrogramParams(params), 'spectrogram');
}

function spectrogramOf(y: Signal, p: Resolved<SpectrogramParams>, where: string): FeatureMatrix {
  const stft = powerFrames(y, p, where);
  const data = new Float32Array(stft.frames * stft.bins);
  stft.run((t, power) => data.set(power, t * stft.bins));
  return { frames: stft.frames, dims: stft.bins, data };
}

/** The power spectrogram kept in float64 (frames × bins), for features that reuse it (chroma). */
export function powerSpectrogram64(y: Signal, p: Resolved<SpectrogramParams>, where: string): { frames: number; bins: number; data: Float64Array } {
  const stft = powerFrames(y, p, where);
  const data = new Float64Array(stft.frames * stft.bins);
  stft.run((t, power) => data.set(power, t * stft.bins));
  return { frames: stft.frames, bins: stft.bins, data };
}
