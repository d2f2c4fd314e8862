import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The librosa reference fixtures written by scripts/make-fixtures.py. */
export interface FixtureCase {
  id: string;
  fn: string;
  signal: string | null;
  params: Record<string, unknown>;
  shape: [number, number];
  offset: number;
}
export interface Fixtures {
  librosa: string;
  sr: number;
  signals: Record<string, Float32Array>;
  cases: (FixtureCase & { expected: Float32Array })[];
}

export function loadFixtures(): Fixtures {
  const dir = fileURLToPath(new URL('./fixtures/', import.meta.url));
  const index = JSON.parse(readFileSync(`${dir}librosa.json`, 'utf8'));
  const bin = readFileSync(`${dir}librosa.bin`);
  const all = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
  const signals: Record<string, Float32Array> = {};
  for (const [name, s] of Object.entries(index.signals as Record<string, { offset: number; length: number }>)) {
    signals[name] = all.slice(s.offset, s.offset + s.length);
  }
  const cases = (index.cases as FixtureCase[]).map((c) => ({ ...c, expected: all.slice(c.offset, c.offset + c.shape[0] * c.shape[1]) }));
  return { librosa: index.librosa, sr: index.sr, signals, cases };
}
