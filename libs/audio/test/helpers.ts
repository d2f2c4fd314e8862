import wavefile from 'wavefile';

const { WaveFile } = wavefile;

export function sine(freq: number, rate: number, seconds: number, amp = 0.5): Float32Array {
  const n = Math.round(rate * seconds);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = amp * Math.sin((2 * Math.PI * freq * i) / rate);
  return x;
}

/** Quantize float samples to the raw integer/float values wavefile expects for a bit depth code. */
export function toRaw(x: Float32Array, bitDepth: string): number[] {
  const out: number[] = [];
  for (const v of x) {
    if (bitDepth === '32f' || bitDepth === '64') out.push(v);
    else if (bitDepth === '8') out.push(Math.round(v * 128) + 128);
    else out.push(Math.round(v * 2 ** (Number(bitDepth) - 1)));
  }
  return out;
}

/** A WAV file written by wavefile (plain WAVE_FORMAT_PCM / IEEE_FLOAT header). */
export function wavBytes(channels: Float32Array[], rate: number, bitDepth: string): Uint8Array {
  const wav = new WaveFile();
  const raw = channels.map((c) => toRaw(c, bitDepth));
  wav.fromScratch(channels.length, rate, bitDepth, channels.length === 1 ? raw[0] : raw);
  return wav.toBuffer();
}

/** A WAVE_FORMAT_EXTENSIBLE file, built byte by byte (wavefile never writes one). */
export function extensibleWav(
  channels: Float32Array[],
  rate: number,
  kind: 'pcm24' | 'pcm16' | 'float32',
): Uint8Array {
  const nCh = channels.length;
  const bytesPer = kind === 'pcm16' ? 2 : kind === 'pcm24' ? 3 : 4;
  const frames = channels[0].length;
  const dataBytes = frames * nCh * bytesPer;
  const buf = new Uint8Array(12 + 8 + 40 + 8 + dataBytes);
  const dv = new DataView(buf.buffer);
  const str = (o: number, s: string) => [...s].forEach((ch, i) => (buf[o + i] = ch.charCodeAt(0)));
  str(0, 'RIFF');
  dv.setUint32(4, buf.length - 8, true);
  str(8, 'WAVE');
  str(12, 'fmt ');
  dv.setUint32(16, 40, true);
  dv.setUint16(20, 0xfffe, true);
  dv.setUint16(22, nCh, true);
  dv.setUint32(24, rate, true);
  dv.setUint32(28, rate * nCh * bytesPer, true);
  dv.setUint16(32, nCh * bytesPer, true);
  dv.setUint16(34, bytesPer * 8, true);
  dv.setUint16(36, 22, true); // cbSize
  dv.setUint16(38, bytesPer * 8, true); // valid bits
  dv.setUint32(40, (1 << nCh) - 1, true); // channel mask
  // SubFormat GUID: xxxxxxxx-0000-0010-8000-00aa00389b71
  dv.setUint32(44, kind === 'float32' ? 3 : 1, true);
  buf.set([0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71], 48);
  str(60, 'data');
  dv.setUint32(64, dataBytes, true);
  let p = 68;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < nCh; c++) {
      const v = channels[c][i];
      if (kind === 'float32') dv.setFloat32(p, v, true);
      else if (kind === 'pcm16') dv.setInt16(p, Math.round(v * 32768), true);
      else {
        const q = Math.round(v * 8388608);
        buf[p] = q & 0xff;
        buf[p + 1] = (q >> 8) & 0xff;
        buf[p + 2] = (q >> 16) & 0xff;
      }
      p += bytesPer;
    }
  }
  return buf;
}

/** Frequency (Hz) of the strongest DFT bin of x, searched between lo and hi Hz with resolution step. */
export function dominantFrequency(x: Float32Array, rate: number, lo: number, hi: number, step = 1): number {
  let best = lo;
  let bestPow = -1;
  for (let f = lo; f <= hi; f += step) {
    let re = 0;
    let im = 0;
    const w = (2 * Math.PI * f) / rate;
    for (let i = 0; i < x.length; i++) {
      re += x[i] * Math.cos(w * i);
      im -= x[i] * Math.sin(w * i);
    }
    const pow = re * re + im * im;
    if (pow > bestPow) {
      bestPow = pow;
      best = f;
    }
  }
  return best;
}

export function rms(x: Float32Array, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return Math.sqrt(s / Math.max(1, to - from));
}

/** A G.711 file ('8a' A-law or '8m' µ-law), encoded by wavefile from 16-bit PCM. */
export function g711Wav(x: Float32Array, rate: number, law: '8a' | '8m'): Uint8Array {
  const wav = new WaveFile();
  wav.fromScratch(1, rate, '16', toRaw(x, '16'));
  if (law === '8a') wav.toALaw();
  else wav.toMuLaw();
  return wav.toBuffer();
}
