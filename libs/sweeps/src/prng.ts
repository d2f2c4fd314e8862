/**
 * Seeded PRNG (sfc32, 128-bit state seeded from SHA-256 of a label and the seed). Deterministic on
 * every platform; never touches Math.random. Used for random search and seeded fold assignment.
 */
import { sha256Bytes } from './hash.js';

export interface Prng {
  /** Next unsigned 32-bit integer. */
  nextUint32(): number;
  /** Uniform integer in [0, n), unbiased (rejection sampling); n ≤ 2^32. */
  nextInt(n: number): number;
}

export function createPrng(label: string, seed: number): Prng {
  const b = sha256Bytes(`${label}\u0000${seed}`);
  const w = (i: number) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
  let a = w(0);
  let bb = w(4);
  let c = w(8);
  let d = w(12);
  const next = (): number => {
    const t = (((a + bb) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = bb ^ (bb >>> 9);
    bb = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) next();
  return {
    nextUint32: next,
    nextInt(n: number): number {
      if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) throw new RangeError(`nextInt: bad bound ${n}`);
      const limit = 2 ** 32 - (2 ** 32 % n);
      for (;;) {
        const x = next();
        if (x < limit) return x % n;
      }
    },
  };
}

/**
 * The first `k` elements of a seeded Fisher–Yates shuffle of `0..n-1`. Prefix-stable: the draw for
 * k is a prefix of the draw for k+1 under the same seed.
 */
export function sampleIndices(n: number, k: number, prng: Prng): number[] {
  const take = Math.min(n, Math.max(0, k));
  // Sparse Fisher–Yates: only swapped positions are stored, so memory is O(k), not O(n).
  const swapped = new Map<number, number>();
  const at = (i: number) => swapped.get(i) ?? i;
  const out: number[] = [];
  for (let i = 0; i < take; i++) {
    const j = i + prng.nextInt(n - i);
    const vi = at(i);
    const vj = at(j);
    swapped.set(j, vi);
    swapped.set(i, vj);
    out.push(vj);
  }
  return out;
}
