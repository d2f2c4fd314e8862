import { tf } from '@emosweep/backend';

/**
 * Checkpoints in the safetensors format (https://github.com/huggingface/safetensors):
 * 8-byte little-endian header length, a JSON header `{ name: { dtype, shape, data_offsets } ,
 * "__metadata__": {…} }` padded with spaces to 8 bytes, then the raw little-endian data.
 * Readable as-is by Python (`safetensors.numpy.load`).
 *
 * Model weights are keyed by their canonical tfjs names (`lstm/kernel`, `fc1/bias`…: the layer
 * name + the weight name, without the `_1` suffixes tfjs adds when several models live in one
 * process). The reference and fused LSTM use the same names and shapes, so a checkpoint moves
 * between implementations and backends.
 */

export type SafetensorsDtype = 'F32' | 'I32';
export interface NamedArray {
  dtype: SafetensorsDtype;
  shape: number[];
  data: Float32Array | Int32Array;
}

export const WEIGHTS_FORMAT = 'emosweep-weights';

export function encodeSafetensors(tensors: Record<string, NamedArray>, metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  const names = Object.keys(tensors);
  for (const name of names) {
    const t = tensors[name];
    const expected = t.shape.reduce((a, b) => a * b, 1);
    if (t.data.length !== expected) throw new Error(`safetensors: ${name} has ${t.data.length} values for shape [${t.shape}]`);
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  const enc = new TextEncoder();
  let headerBytes = enc.encode(json);
  const pad = (8 - (headerBytes.length % 8)) % 8;
  if (pad) {
    json += ' '.repeat(pad);
    headerBytes = enc.encode(json);
  }
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const name of names) {
    const d = tensors[name].data;
    out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), at);
    at += d.byteLength;
  }
  return out;
}

export function decodeSafetensors(bytes: Uint8Array): { tensors: Record<string, NamedArray>; metadata: Record<string, string> } {
  if (!(bytes instanceof Uint8Array) || bytes.length < 8) throw new Error('not a safetensors checkpoint: fewer than 8 bytes');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (n <= 0 || 8 + n > bytes.length) throw new Error(`not a safetensors checkpoint: header length ${n} exceeds the ${bytes.length} bytes`);
  let header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] } | Record<string, string>>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  } catch (err) {
    throw new Error(`not a safetensors checkpoint: header is not JSON (${(err as Error).message})`);
  }
  const base = 8 + n;
  const tensors: Record<string, NamedArray> = {};
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = entry as Record<string, string>;
      continue;
    }
    const e = entry as { dtype: string; shape: number[]; data_offsets: [number, number] };
    const [begin, end] = e.data_offsets;
    if (!(begin >= 0 && end >= begin && base + end <= bytes.length)) throw new Error(`safetensors: ${name} lies outside the file`);
    const raw = bytes.slice(base + begin, base + end).buffer;
    let data: Float32Array | Int32Array;
    if (e.dtype === 'F32') data = new Float32Array(raw);
    else if (e.dtype === 'I32') data = new Int32Array(raw);
    else throw new Error(`safetensors: ${name} has dtype ${e.dtype}; only F32 and I32 are read`);
    const expected = e.shape.reduce((a, b) => a * b, 1);
    if (data.length !== expected) throw new Error(`safetensors: ${name} holds ${data.length} values for shape [${e.shape}]`);
    tensors[name] = { dtype: e.dtype, shape: e.shape, data };
  }
  return { tensors, metadata };
}

/** The stable name of a model weight: `<layer>/<weight>` without tfjs's uniqueness suffix. */
export function weightKey(w: tf.LayerVariable): string {
  return w.originalName;
}

/** Serialises every weight of the model (float32) to safetensors bytes. */
export async function saveWeights(model: tf.LayersModel, metadata: Record<string, string> = {}): Promise<Uint8Array> {
  const tensors: Record<string, NamedArray> = {};
  for (const w of model.weights) {
    const key = weightKey(w);
    if (key in tensors) throw new Error(`saveWeights: two weights are named ${key}; give the layers distinct names`);
    const data = await w.read().data();
    tensors[key] = { dtype: 'F32', shape: [...w.shape] as number[], data: new Float32Array(data as Float32Array) };
  }
  return encodeSafetensors(tensors, { format: WEIGHTS_FORMAT, version: '1', model: model.name, ...metadata });
}

/**
 * Loads safetensors bytes written by `saveWeights` into a model built from the same config.
 * Every model weight must be present with the same shape and the file must hold nothing else;
 * otherwise the error lists every missing, unexpected and mis-shaped weight.
 */
export function loadWeights(model: tf.LayersModel, bytes: Uint8Array): void {
  const { tensors } = decodeSafetensors(bytes);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const w of model.weights) {
    const key = weightKey(w);
    seen.add(key);
    const t = tensors[key];
    if (!t) problems.push(`missing ${key}`);
    else if (t.shape.length !== w.shape.length || t.shape.some((d, i) => d !== w.shape[i])) {
      problems.push(`${key} is [${t.shape}] in the checkpoint but [${w.shape}] in the model`);
    } else if (t.dtype !== 'F32') problems.push(`${key} is ${t.dtype}, expected F32`);
  }
  for (const key of Object.keys(tensors)) if (!seen.has(key)) problems.push(`unexpected ${key}`);
  if (problems.length) throw new Error(`checkpoint does not fit model ${model.name}: ${problems.join('; ')}`);
  const values = model.weights.map((w) => tf.tensor(tensors[weightKey(w)].data as Float32Array, w.shape as number[], 'float32'));
  model.setWeights(values);
  tf.dispose(values);
}
