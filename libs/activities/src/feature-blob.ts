/**
 * The stored form of a feature set: one object per content key.
 * Layout: "EMOFEAT1" | u32 header length | JSON header | padding to 4 bytes | float32 data (LE).
 * The header lists utterance ids with their frame counts; all rows share `dims`.
 */
export interface FeatureBlob {
  dims: number;
  ids: string[];
  frames: number[];
  /** data of utterance i starts at offsets[i] * dims */
  offsets: number[];
  data: Float32Array;
}

const MAGIC = 'EMOFEAT1';

export function encodeFeatureBlob(items: { id: string; frames: number; dims: number; data: Float32Array }[]): Uint8Array {
  const dims = items[0]?.dims ?? 0;
  for (const it of items) {
    if (it.dims !== dims) throw new Error(`feature set: utterance ${it.id} has ${it.dims} dims, expected ${dims}`);
  }
  const header = new TextEncoder().encode(JSON.stringify({ dims, ids: items.map((i) => i.id), frames: items.map((i) => i.frames) }));
  const headerEnd = 8 + 4 + header.length;
  const dataStart = Math.ceil(headerEnd / 4) * 4;
  const totalFloats = items.reduce((s, i) => s + i.frames * dims, 0);
  const out = new Uint8Array(dataStart + totalFloats * 4);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, header.length, true);
  out.set(header, 12);
  const floats = new Float32Array(out.buffer, dataStart, totalFloats);
  let at = 0;
  for (const it of items) {
    floats.set(it.data.subarray(0, it.frames * dims), at);
    at += it.frames * dims;
  }
  return out;
}

export function decodeFeatureBlob(bytes: Uint8Array, source: string): FeatureBlob {
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== MAGIC) throw new Error(`${source}: not an emosweep feature set (magic ${JSON.stringify(magic)})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLen))) as { dims: number; ids: string[]; frames: number[] };
  const dataStart = Math.ceil((12 + headerLen) / 4) * 4;
  const totalFloats = header.frames.reduce((s, f) => s + f, 0) * header.dims;
  if (bytes.byteLength < dataStart + totalFloats * 4) throw new Error(`${source}: truncated feature set`);
  // Copy into an aligned buffer (the input may sit at any byte offset).
  const data = new Float32Array(totalFloats);
  new Uint8Array(data.buffer).set(bytes.subarray(dataStart, dataStart + totalFloats * 4));
  const offsets: number[] = [];
  let at = 0;
  for (const f of header.frames) {
    offsets.push(at);
    at += f;
  }
  return { dims: header.dims, ids: header.ids, frames: header.frames, offsets, data };
}

export function blobMatrix(blob: FeatureBlob, i: number) {
  const frames = blob.frames[i];
  const start = blob.offsets[i] * blob.dims;
  return { frames, dims: blob.dims, data: blob.data.subarray(start, start + frames * blob.dims) };
}
