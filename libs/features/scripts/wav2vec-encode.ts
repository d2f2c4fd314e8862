/**
 * Runs emosweep's wav2vec feature encoder on a raw float32 signal (dev tool for wav2vec-parity.py):
 *   tsx libs/features/scripts/wav2vec-encode.ts <model.safetensors> <signal.f32> <out.f32> [--no-normalize]
 * Writes frames × 512 float32 (little-endian, row-major) to out.f32 and prints {frames, dims, backend}.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { initBackend } from '@emosweep/backend';
import { Wav2Vec2FeatureEncoder } from '../src/index.js';

const [weights, signal, out, ...rest] = process.argv.slice(2);
if (!weights || !signal || !out) {
  console.error('usage: wav2vec-encode.ts <model.safetensors> <signal.f32> <out.f32> [--no-normalize]');
  process.exit(2);
}
const backend = await initBackend();
const buf = readFileSync(signal);
const y = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
const encoder = await Wav2Vec2FeatureEncoder.load(weights);
const m = await encoder.encode(y, { do_normalize: !rest.includes('--no-normalize') });
writeFileSync(out, Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength));
console.log(JSON.stringify({ frames: m.frames, dims: m.dims, backend }));
