import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * A reader for Hugging Face's safetensors format: 8-byte little-endian header length N, N bytes of
 * JSON header ({name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"?: {...}}), then the
 * raw little-endian tensor data, offsets relative to the end of the header. No registry package for
 * it is maintained for Node, and the format is small enough to check completely here: every error
 * names the file and the problem (bad header, missing tensor, wrong shape, truncated data).
 * Only the tensors asked for are read (a wav2vec2 checkpoint is ≈ 380 MB; its encoder ≈ 17 MB).
 */

export interface TensorInfo {
  dtype: string;
  shape: number[];
  /** byte range inside the data section */
  begin: number;
  end: number;
}

const DTYPE_BYTES: Record<string, number> = { F64: 8, F32: 4, F16: 2, BF16: 2 };

export class SafetensorsFile {
  readonly tensors: Map<string, TensorInfo>;
  readonly metadata: Record<string, string>;
  private readonly dataStart: number;
  private readonly fileSize: number;

  private constructor(
    readonly path: string,
    private readonly fd: number,
  ) {
    this.fileSize = fstatSync(fd).size;
    if (this.fileSize < 8) throw new Error(`${path}: not a safetensors file: ${this.fileSize} bytes, shorter than the 8-byte header length`);
    const lenBuf = Buffer.alloc(8);
    readSync(fd, lenBuf, 0, 8, 0);
    const headerLen = Number(lenBuf.readBigUInt64LE(0));
    if (headerLen > 100_000_000 || 8 + headerLen > this.fileSize) {
      throw new Error(`${path}: not a safetensors file or truncated: header length ${headerLen} exceeds the file size ${this.fileSize}`);
    }
    const headerBuf = Buffer.alloc(headerLen);
    readSync(fd, headerBuf, 0, headerLen, 8);
    let header: Record<string, unknown>;
    try {
      header = JSON.parse(headerBuf.toString('utf8'));
    } catch (err) {
      throw new Error(`${path}: not a safetensors file: its header is not JSON (${(err as Error).message})`);
    }
    if (!header || typeof header !== 'object' || Array.isArray(header)) throw new Error(`${path}: not a safetensors file: header is not a JSON object`);
    this.dataStart = 8 + headerLen;
    this.metadata = (header.__metadata__ as Record<string, string>) ?? {};
    this.tensors = new Map();
    for (const [name, raw] of Object.entries(header)) {
      if (name === '__metadata__') continue;
      const t = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
      const offsets = t.data_offsets as number[];
      if (typeof t.dtype !== 'string' || !Array.isArray(t.shape) || !Array.isArray(offsets) || offsets.length !== 2) {
        throw new Error(`${path}: malformed header entry for tensor '${name}': ${JSON.stringify(raw)}`);
      }
      this.tensors.set(name, { dtype: t.dtype, shape: t.shape as number[], begin: offsets[0], end: offsets[1] });
    }
  }

  static open(path: string): SafetensorsFile {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (err) {
      throw new Error(`cannot open safetensors file ${path}: ${(err as Error).message}`);
    }
    try {
      return new SafetensorsFile(path, fd);
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  /** Reads a tensor as float32 (F32, F16, BF16 and F64 are converted), checking its shape if given. */
  read(name: string, expectShape?: readonly number[]): Float32Array {
    const t = this.tensors.get(name);
    if (!t) throw new Error(`${this.path}: missing tensor '${name}'`);
    if (expectShape && (t.shape.length !== expectShape.length || t.shape.some((d, i) => d !== expectShape[i]))) {
      throw new Error(`${this.path}: tensor '${name}' has shape [${t.shape.join(', ')}], expected [${expectShape.join(', ')}]`);
    }
    const width = DTYPE_BYTES[t.dtype];
    if (!width) throw new Error(`${this.path}: tensor '${name}' has dtype ${t.dtype}; supported: ${Object.keys(DTYPE_BYTES).join(', ')}`);
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (t.end - t.begin !== count * width) {
      throw new Error(`${this.path}: tensor '${name}' spans ${t.end - t.begin} bytes but shape [${t.shape.join(', ')}] of ${t.dtype} needs ${count * width}`);
    }
    if (this.dataStart + t.end > this.fileSize) {
      throw new Error(
        `${this.path}: truncated file: tensor '${name}' needs bytes ${t.begin}..${t.end} of the data section, which holds only ${this.fileSize - this.dataStart}`,
      );
    }
    const buf = Buffer.alloc(t.end - t.begin);
    readSync(this.fd, buf, 0, buf.length, this.dataStart + t.begin);
    const out = new Float32Array(count);
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    for (let i = 0; i < count; i++) {
      if (t.dtype === 'F32') out[i] = view.getFloat32(i * 4, true);
      else if (t.dtype === 'F64') out[i] = view.getFloat64(i * 8, true);
      else if (t.dtype === 'BF16') out[i] = bf16(view.getUint16(i * 2, true));
      else out[i] = f16(view.getUint16(i * 2, true));
    }
    return out;
  }
}

const f32buf = new DataView(new ArrayBuffer(4));
function bf16(bits: number): number {
  f32buf.setUint32(0, bits << 16);
  return f32buf.getFloat32(0);
}
function f16(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** Writes a safetensors file of float32 tensors (for tests and tools). */
export function encodeSafetensors(tensors: Record<string, { shape: number[]; data: Float32Array }>, metadata?: Record<string, string>): Buffer {
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  while (Buffer.byteLength(json) % 8) json += ' '; // the format pads the header with spaces to 8 bytes
  const headerLen = Buffer.byteLength(json);
  const out = Buffer.alloc(8 + headerLen + offset);
  out.writeBigUInt64LE(BigInt(headerLen), 0);
  out.write(json, 8, 'utf8');
  let at = 8 + headerLen;
  for (const t of Object.values(tensors)) {
    Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).copy(out, at);
    at += t.data.byteLength;
  }
  return out;
}
