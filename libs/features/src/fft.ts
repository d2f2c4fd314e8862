import FFT from 'fft.js';

/**
 * Float64 FFTs for the STFT. fft.js (radix-4, float64, power-of-two sizes) does the transforms;
 * this module adds what librosa's n_fft values need on top of it:
 * - a real-input transform as one half-size complex FFT plus a twiddle pass (≈ 2× fewer
 *   operations than a full complex transform, and faster than fft.js' own realTransform);
 * - Bluestein's algorithm for sizes that are not powers of two (n_fft = 400 is common in speech).
 * Plans are cached per size, so a feature extraction run builds its tables once.
 */

/** An in-place-free complex DFT of a fixed size on interleaved [re, im, re, im, ...] arrays. */
interface ComplexDft {
  readonly size: number;
  /** out <- DFT(data); out and data are distinct, each of length 2 * size. */
  transform(out: Float64Array, data: Float64Array): void;
}

class Pow2Dft implements ComplexDft {
  private readonly fft: FFT;
  constructor(readonly size: number) {
    this.fft = new FFT(size);
  }
  transform(out: Float64Array, data: Float64Array): void {
    this.fft.transform(out as unknown as number[], data as unknown as number[]);
  }
  inverse(out: Float64Array, data: Float64Array): void {
    this.fft.inverseTransform(out as unknown as number[], data as unknown as number[]);
  }
}

/** Direct O(n²) DFT for the tiny sizes fft.js does not take (1, and odd sizes below 16). */
class NaiveDft implements ComplexDft {
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  constructor(readonly size: number) {
    this.cos = new Float64Array(size);
    this.sin = new Float64Array(size);
    for (let k = 0; k < size; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / size);
      this.sin[k] = -Math.sin((2 * Math.PI * k) / size);
    }
  }
  transform(out: Float64Array, data: Float64Array): void {
    const n = this.size;
    for (let k = 0; k < n; k++) {
      let re = 0;
      let im = 0;
      for (let j = 0; j < n; j++) {
        const t = (k * j) % n;
        const c = this.cos[t];
        const s = this.sin[t];
        re += data[2 * j] * c - data[2 * j + 1] * s;
        im += data[2 * j] * s + data[2 * j + 1] * c;
      }
      out[2 * k] = re;
      out[2 * k + 1] = im;
    }
  }
}

/**
 * Bluestein (chirp-z): DFT of any size n as a circular convolution of size m >= 2n - 1 (a power of
 * two). The chirp exp(-iπk²/n) is evaluated with k² reduced modulo 2n so that its argument stays
 * exact for large k (otherwise the phase error grows like k² · 1e-16).
 */
class BluesteinDft implements ComplexDft {
  private readonly m: number;
  private readonly inner: Pow2Dft;
  private readonly chirpRe: Float64Array;
  private readonly chirpIm: Float64Array;
  private readonly kernel: Float64Array; // DFT of the conjugate chirp, size m
  private readonly a: Float64Array;
  private readonly b: Float64Array;

  constructor(readonly size: number) {
    const n = size;
    let m = 2;
    while (m < 2 * n - 1) m <<= 1;
    this.m = m;
    this.inner = new Pow2Dft(m);
    this.chirpRe = new Float64Array(n);
    this.chirpIm = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const k2 = (k * k) % (2 * n);
      const ang = (Math.PI * k2) / n;
      this.chirpRe[k] = Math.cos(ang);
      this.chirpIm[k] = -Math.sin(ang);
    }
    const b = new Float64Array(2 * m);
    for (let k = 0; k < n; k++) {
      b[2 * k] = this.chirpRe[k];
      b[2 * k + 1] = -this.chirpIm[k];
      if (k > 0) {
        b[2 * (m - k)] = this.chirpRe[k];
        b[2 * (m - k) + 1] = -this.chirpIm[k];
      }
    }
    this.kernel = new Float64Array(2 * m);
    this.inner.transform(this.kernel, b);
    this.a = new Float64Array(2 * m);
    this.b = new Float64Array(2 * m);
  }

  transform(out: Float64Array, data: Float64Array): void {
    const { size: n, m, a, b, kernel, chirpRe, chirpIm } = this;
    a.fill(0);
    for (let k = 0; k < n; k++) {
      const xr = data[2 * k];
      const xi = data[2 * k + 1];
      a[2 * k] = xr * chirpRe[k] - xi * chirpIm[k];
      a[2 * k + 1] = xr * chirpIm[k] + xi * chirpRe[k];
    }
    this.inner.transform(b, a);
    for (let k = 0; k < m; k++) {
      const br = b[2 * k];
      const bi = b[2 * k + 1];
      const kr = kernel[2 * k];
      const ki = kernel[2 * k + 1];
      b[2 * k] = br * kr - bi * ki;
      b[2 * k + 1] = br * ki + bi * kr;
    }
    this.inner.inverse(a, b);
    for (let k = 0; k < n; k++) {
      const cr = a[2 * k];
      const ci = a[2 * k + 1];
      out[2 * k] = cr * chirpRe[k] - ci * chirpIm[k];
      out[2 * k + 1] = cr * chirpIm[k] + ci * chirpRe[k];
    }
  }
}

function complexDft(size: number): ComplexDft {
  if (size >= 2 && (size & (size - 1)) === 0) return new Pow2Dft(size);
  if (size < 16) return new NaiveDft(size);
  return new BluesteinDft(size);
}

/**
 * DFT of real frames of length n, producing bins 0..n/2 (what `np.fft.rfft` returns).
 * Even n: the frame is read as n/2 complex samples (x[2j] + i·x[2j+1]) — the frame buffer already
 * is that interleaved array — transformed at half size, then split into even/odd spectra.
 */
export class RealDft {
  readonly bins: number;
  private readonly half: boolean;
  private readonly dft: ComplexDft;
  private readonly z: Float64Array;
  private readonly buf: Float64Array;
  private readonly twRe: Float64Array;
  private readonly twIm: Float64Array;

  constructor(readonly n: number) {
    this.bins = (n >> 1) + 1;
    this.half = n % 2 === 0 && n >= 4;
    if (this.half) {
      const m = n >> 1;
      this.dft = complexDft(m);
      this.z = new Float64Array(2 * m);
      this.buf = new Float64Array(0);
      this.twRe = new Float64Array(m + 1);
      this.twIm = new Float64Array(m + 1);
      for (let k = 0; k <= m; k++) {
        this.twRe[k] = Math.cos((2 * Math.PI * k) / n);
        this.twIm[k] = -Math.sin((2 * Math.PI * k) / n);
      }
    } else {
      this.dft = complexDft(n);
      this.z = new Float64Array(2 * n);
      this.buf = new Float64Array(2 * n);
      this.twRe = this.twIm = new Float64Array(0);
    }
  }

  /**
   * out[k] = |X_k|^power for k = 0..n/2 of the real frame (length n). power 2 is re² + im² exactly
   * (no square root), power 1 the magnitude.
   */
  power(frame: Float64Array, out: Float64Array, power: number): void {
    const { z } = this;
    if (!this.half) {
      const buf = this.buf;
      for (let j = 0; j < this.n; j++) {
        buf[2 * j] = frame[j];
        buf[2 * j + 1] = 0;
      }
      this.dft.transform(z, buf);
      for (let k = 0; k < this.bins; k++) out[k] = powerOf(z[2 * k], z[2 * k + 1], power);
      return;
    }
    this.dft.transform(z, frame);
    const m = this.n >> 1;
    const { twRe, twIm } = this;
    // X_k = E_k + W^k O_k with E = (Z_k + conj Z_{m-k}) / 2 and O = (Z_k - conj Z_{m-k}) / 2i;
    // the DC and Nyquist bins are the sum and difference of Z_0's parts.
    out[0] = powerOf(z[0] + z[1], 0, power);
    out[m] = powerOf(z[0] - z[1], 0, power);
    for (let k = 1; k < m; k++) {
      const ar = z[2 * k];
      const ai = z[2 * k + 1];
      const br = z[2 * (m - k)];
      const bi = z[2 * (m - k) + 1];
      const er = 0.5 * (ar + br);
      const ei = 0.5 * (ai - bi);
      const or = 0.5 * (ai + bi);
      const oi = -0.5 * (ar - br);
      const c = twRe[k];
      const s = twIm[k];
      const re = er + c * or - s * oi;
      const im = ei + c * oi + s * or;
      out[k] = power === 2 ? re * re + im * im : powerOf(re, im, power);
    }
  }
}

function powerOf(re: number, im: number, power: number): number {
  const p2 = re * re + im * im;
  if (power === 2) return p2;
  if (power === 1) return Math.sqrt(p2);
  return p2 ** (power / 2);
}

const plans = new Map<number, RealDft>();

/** The cached real-DFT plan for frames of length n. */
export function realDft(n: number): RealDft {
  let plan = plans.get(n);
  if (!plan) {
    plan = new RealDft(n);
    plans.set(n, plan);
  }
  return plan;
}
