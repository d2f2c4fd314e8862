import { linspace } from './numeric.js';

/** Window names accepted as `window` (scipy.signal.get_window names; librosa passes them through). */
export type WindowName = 'hann' | 'hamming' | 'blackman' | 'boxcar' | 'bartlett' | 'triang';
export const WINDOWS: readonly WindowName[] = ['hann', 'hamming', 'blackman', 'boxcar', 'bartlett', 'triang'];

/** scipy's general_cosine with the same operation order (w = 0; w += a_k cos(k · fac)). */
function generalCosine(m: number, a: readonly number[]): Float64Array {
  const fac = linspace(-Math.PI, Math.PI, m);
  const w = new Float64Array(m);
  for (let k = 0; k < a.length; k++) for (let i = 0; i < m; i++) w[i] += a[k] * Math.cos(k * fac[i]);
  return w;
}

/**
 * `scipy.signal.get_window(name, length, fftbins=True)`: the periodic ("DFT-even") window that
 * librosa's STFT uses, i.e. the symmetric window of length + 1 without its last sample.
 */
export function getWindow(name: WindowName, length: number): Float64Array {
  if (length <= 1) return new Float64Array(length).fill(1);
  const m = length + 1; // periodic: extend by one, truncate at the end
  let w: Float64Array;
  switch (name) {
    case 'hann':
      w = generalCosine(m, [0.5, 0.5]);
      break;
    case 'hamming':
      w = generalCosine(m, [0.54, 1 - 0.54]);
      break;
    case 'blackman':
      w = generalCosine(m, [0.42, 0.5, 0.08]);
      break;
    case 'boxcar':
      w = new Float64Array(m).fill(1);
      break;
    case 'bartlett':
      w = new Float64Array(m);
      for (let i = 0; i < m; i++) w[i] = i <= (m - 1) / 2 ? (2 * i) / (m - 1) : 2 - (2 * i) / (m - 1);
      break;
    case 'triang': {
      w = new Float64Array(m);
      const half = Math.floor((m + 1) / 2);
      for (let i = 1; i <= half; i++) {
        const v = m % 2 === 0 ? (2 * i - 1) / m : (2 * i) / (m + 1);
        w[i - 1] = v;
        w[m - i] = v;
      }
      break;
    }
    default:
      throw new Error(`window='${name as string}' is not supported; allowed: ${WINDOWS.join(', ')}`);
  }
  return w.subarray(0, length);
}

const cache = new Map<string, Float64Array>();

/** The window of win_length samples, zero-padded to n_fft and centred (librosa.util.pad_center). */
export function paddedWindow(name: WindowName, winLength: number, nFft: number): Float64Array {
  const key = `${name}/${winLength}/${nFft}`;
  let w = cache.get(key);
  if (!w) {
    const lpad = Math.floor((nFft - winLength) / 2);
    w = new Float64Array(nFft);
    w.set(getWindow(name, winLength), lpad);
    cache.set(key, w);
  }
  return w;
}
