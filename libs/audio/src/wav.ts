/**
 * WAV decoding and encoding on top of `wavefile` (RIFF/RIFX/RF64 chunk parsing and sample unpacking).
 *
 * Samples are scaled the way libsndfile / soundfile (and so librosa.load) scale them: integer PCM is
 * divided by 2^(bits-1) (8-bit unsigned is centred on 128 first), float PCM is taken as is. Channels are
 * mixed to mono by their mean.
 */
import { open, stat } from 'node:fs/promises';
import { InputError } from '@emosweep/common';
import wavefile from 'wavefile';

const { WaveFile } = wavefile;

/** `bitDepth` codes: integer PCM '8' '16' '24' '32', IEEE float '32f' '64f', G.711 '8a' (A-law) '8m' (µ-law). */
export type WavBitDepth = '8' | '16' | '24' | '32' | '32f' | '64f' | '8a' | '8m';

export interface DecodedWav {
  sampleRate: number;
  channels: number;
  bitDepth: WavBitDepth;
  /** mono (mean of the channels), in [-1, 1) for integer PCM */
  samples: Float32Array;
}

export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitDepth: WavBitDepth;
  frames: number;
  durationSec: number;
}

/** The fields of wavefile's parsed 'fmt ' chunk that we read (typed `object` in its declarations). */
interface FmtChunk {
  audioFormat: number;
  numChannels: number;
  sampleRate: number;
  blockAlign: number;
  bitsPerSample: number;
  subformat: number[];
}
interface DataChunk {
  chunkSize: number;
  samples: Uint8Array;
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_ALAW = 6;
const WAVE_FORMAT_MULAW = 7;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

const FORMAT_NAMES: Record<number, string> = {
  0x0002: 'Microsoft ADPCM',
  0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10',
  0x0050: 'MPEG',
  0x0055: 'MP3',
};

/** A 'data' chunk size that writers use while streaming, before they know the length. */
function isStreamingPlaceholder(size: number): boolean {
  return size === 0xffffffff || size === 0x7ffff000 || size === 0x7fffffff;
}

interface Header {
  wav: InstanceType<typeof WaveFile>;
  fmt: FmtChunk;
  data: DataChunk;
  bitDepth: WavBitDepth;
  /** the encoding tag after resolving WAVE_FORMAT_EXTENSIBLE to its SubFormat */
  format: number;
}

function parse(bytes: Uint8Array, source: string, withSamples: boolean): Header {
  if (bytes.length === 0) throw new InputError(source, 'empty file (0 bytes)');
  if (bytes.length < 12) throw new InputError(source, `not a WAV file (only ${bytes.length} bytes)`);
  const magic = String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]);
  if (magic !== 'RIFF' && magic !== 'RIFX' && magic !== 'RF64') {
    throw new InputError(source, 'not a WAV file (no RIFF header)');
  }
  const wav = new WaveFile();
  try {
    wav.fromBuffer(bytes, withSamples);
  } catch (e) {
    throw new InputError(source, `corrupt or unsupported WAV file (${(e as Error).message})`);
  }
  const fmt = wav.fmt as unknown as FmtChunk;
  const data = wav.data as unknown as DataChunk;
  let format = fmt.audioFormat;
  if (format === WAVE_FORMAT_EXTENSIBLE) {
    // The first field of the SubFormat GUID is the real encoding tag.
    format = fmt.subformat?.length ? fmt.subformat[0] & 0xffff : 0;
    if (!format) throw new InputError(source, 'corrupt WAV file (WAVE_FORMAT_EXTENSIBLE without a SubFormat)');
  }
  if (!(fmt.numChannels >= 1)) throw new InputError(source, 'corrupt WAV file (0 channels)');
  if (!(fmt.sampleRate >= 1)) throw new InputError(source, 'corrupt WAV file (sample rate 0)');
  const bits = fmt.bitsPerSample;
  let bitDepth: WavBitDepth;
  if (format === WAVE_FORMAT_PCM && (bits === 8 || bits === 16 || bits === 24 || bits === 32)) {
    bitDepth = String(bits) as WavBitDepth;
  } else if (format === WAVE_FORMAT_IEEE_FLOAT && (bits === 32 || bits === 64)) {
    bitDepth = bits === 32 ? '32f' : '64f';
  } else if ((format === WAVE_FORMAT_ALAW || format === WAVE_FORMAT_MULAW) && bits === 8) {
    bitDepth = format === WAVE_FORMAT_ALAW ? '8a' : '8m';
  } else {
    const name = FORMAT_NAMES[format] ?? `format tag 0x${format.toString(16).padStart(4, '0')}`;
    throw new InputError(
      source,
      `unsupported WAV encoding (${name}, ${bits} bits); supported: PCM 8/16/24/32-bit, float 32/64-bit, A-law, µ-law`,
    );
  }
  const frameBytes = (bits / 8) * fmt.numChannels;
  if (fmt.blockAlign !== frameBytes) {
    throw new InputError(source, `corrupt WAV file (block align ${fmt.blockAlign}, expected ${frameBytes})`);
  }
  return { wav, fmt, data, bitDepth, format };
}

/**
 * Decode a WAV file held in memory to mono float samples.
 * @param source names the file in errors (a path or URL)
 * @throws InputError for empty, non-WAV, corrupt, truncated, unsupported or zero-length input
 */
export function decodeWav(bytes: Uint8Array, source: string): DecodedWav {
  const h = parse(bytes, source, true);
  const { fmt, data, wav } = h;
  // (read before the G.711 expansion below, which rebuilds wavefile's header fields)
  const channels = fmt.numChannels;
  const sampleRate = fmt.sampleRate;
  let byteCount = data.samples.length;
  if (!isStreamingPlaceholder(data.chunkSize) && byteCount < data.chunkSize) {
    throw new InputError(
      source,
      `truncated WAV file: the header declares ${data.chunkSize} bytes of audio, the file holds ${byteCount}`,
    );
  }
  if (isStreamingPlaceholder(data.chunkSize)) {
    byteCount -= byteCount % fmt.blockAlign; // a stream cut mid-frame: keep the whole frames
  } else if (byteCount % fmt.blockAlign !== 0) {
    throw new InputError(
      source,
      `corrupt WAV file: ${byteCount} bytes of audio is not a whole number of ${fmt.blockAlign}-byte frames`,
    );
  }
  const frames = byteCount / fmt.blockAlign;
  if (frames === 0) throw new InputError(source, 'the WAV file holds no audio (0 frames)');
  if (byteCount !== data.samples.length) data.samples = data.samples.subarray(0, byteCount);

  let scale: number;
  let offset = 0;
  let asFloat32Bits = false;
  switch (h.bitDepth) {
    case '8':
      scale = 1 / 128;
      offset = -128;
      break;
    case '16':
      scale = 1 / 32768;
      break;
    case '24':
      scale = 1 / 8388608;
      break;
    case '32':
      scale = 1 / 2147483648;
      break;
    case '32f':
      scale = 1;
      // wavefile takes the float encoding from the fmt tag only: inside WAVE_FORMAT_EXTENSIBLE it unpacks
      // 32-bit float words as int32. Reinterpret those words' bits as float32 (exact).
      asFloat32Bits = fmt.audioFormat === WAVE_FORMAT_EXTENSIBLE;
      break;
    case '64f':
      scale = 1;
      break;
    case '8a':
    case '8m':
      // G.711: wavefile expands the codes to 16-bit PCM
      if (h.bitDepth === '8a') wav.fromALaw('16');
      else wav.fromMuLaw('16');
      scale = 1 / 32768;
      break;
  }

  let interleaved: Float64Array;
  try {
    interleaved = wav.getSamples(true, Float64Array) as Float64Array;
  } catch (e) {
    throw new InputError(source, `corrupt WAV file (${(e as Error).message})`);
  }
  if (asFloat32Bits) {
    const words = Int32Array.from(interleaved);
    interleaved = Float64Array.from(new Float32Array(words.buffer));
  }
  const n = Math.min(frames, Math.floor(interleaved.length / channels));
  const samples = new Float32Array(n);
  if (channels === 1) {
    for (let i = 0; i < n; i++) samples[i] = (interleaved[i] + offset) * scale;
  } else {
    const k = scale / channels;
    for (let i = 0, p = 0; i < n; i++) {
      let s = 0;
      for (let c = 0; c < channels; c++) s += interleaved[p++] + offset;
      samples[i] = s * k;
    }
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(samples[i])) throw new InputError(source, `corrupt WAV file (non-finite sample at frame ${i})`);
  }
  return { sampleRate, channels, bitDepth: h.bitDepth, samples };
}

/** Bytes read for the header at first; more when the 'data' chunk comes later than that. */
const HEADER_PROBE_BYTES = 4096;

/**
 * Read a WAV file's header only (the first 4 KiB, more only if the 'data' chunk starts later).
 * Frames come from the 'data' chunk size, capped by what the file can hold.
 */
export async function readWavInfo(path: string): Promise<WavInfo> {
  let fileSize: number;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    fileSize = st.size;
  } catch (e) {
    throw fileError(path, e);
  }
  const fh = await open(path, 'r').catch((e: unknown) => {
    throw fileError(path, e);
  });
  try {
    let want = Math.min(fileSize, HEADER_PROBE_BYTES);
    for (;;) {
      const buf = new Uint8Array(want);
      const { bytesRead } = await fh.read(buf, 0, want, 0);
      const head = buf.subarray(0, bytesRead);
      let h: Header;
      try {
        h = parse(head, path, false);
      } catch (e) {
        // a header larger than the probe (big LIST/bext/iXML chunks before 'data'): read more
        if (want < fileSize && e instanceof InputError && e.problem.startsWith('corrupt or unsupported WAV file (')) {
          want = Math.min(fileSize, want * 8);
          continue;
        }
        throw e;
      }
      const { fmt, data } = h;
      const available = Math.max(0, fileSize - (dataChunkStart(head) ?? 44));
      let bytes = data.chunkSize;
      if (isStreamingPlaceholder(bytes)) bytes = available;
      else if (bytes > available) {
        throw new InputError(
          path,
          `truncated WAV file: the header declares ${data.chunkSize} bytes of audio, the file is ${fileSize} bytes`,
        );
      }
      const frames = Math.floor(bytes / fmt.blockAlign);
      return {
        sampleRate: fmt.sampleRate,
        channels: fmt.numChannels,
        bitDepth: h.bitDepth,
        frames,
        durationSec: frames / fmt.sampleRate,
      };
    }
  } finally {
    await fh.close();
  }
}

/** Offset of the first byte of the 'data' chunk's audio (walking the RIFF chunk headers), if in `head`. */
function dataChunkStart(head: Uint8Array): number | undefined {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const le = head[3] !== 0x58; // 'RIFX' is big-endian
  for (let pos = 12; pos + 8 <= head.length; ) {
    const id = String.fromCharCode(head[pos], head[pos + 1], head[pos + 2], head[pos + 3]);
    if (id === 'data') return pos + 8;
    pos += 8 + view.getUint32(pos + 4, le);
    pos += pos & 1; // chunks are padded to an even size
  }
  return undefined;
}

/** A file-system error as an InputError when the user can act on it (missing file, permissions, a folder). */
export function fileError(path: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return new InputError(path, 'file not found');
  if (code === 'EACCES' || code === 'EPERM') return new InputError(path, 'permission denied');
  if (code === 'EISDIR') return new InputError(path, 'is a folder, not a file');
  return e as Error;
}

/** Encode mono float samples as a 16-bit PCM WAV file (values clipped to [-1, 1), rounded to nearest). */
export function encodeWav16(samples: Float32Array, sampleRate: number): Uint8Array {
  if (!Number.isInteger(sampleRate) || sampleRate < 1) {
    throw new InputError('encodeWav16', `sample rate must be a positive integer, got ${sampleRate}`);
  }
  const pcm = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.round(samples[i] * 32768);
    pcm[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : Number.isNaN(v) ? 0 : v;
  }
  const wav = new WaveFile();
  wav.fromScratch(1, sampleRate, '16', pcm);
  return wav.toBuffer();
}
