/**
 * Seeds (decision 8): every fold run's seed is derived from the sweep seed, the trial and the
 * held-out group, so re-running the same spec gives the same seeds, and no two fold runs share one
 * by construction of the inputs (a 32-bit hash, so collisions are possible but rare).
 */
import { canonicalJson, sha256Uint32 } from './hash.js';

/**
 * Non-negative 31-bit seed: the first 4 bytes of SHA-256 of
 * `["emosweep/fold-seed/v1", sweepSeed, trialKey, heldOut]`, top bit cleared so it fits a
 * Postgres integer and reads the same everywhere (PyTorch/NumPy take it as is).
 */
export function foldSeed(sweepSeed: number, trialKey: string, heldOut: string): number {
  if (!Number.isSafeInteger(sweepSeed)) throw new RangeError(`foldSeed: sweepSeed must be a safe integer, got ${sweepSeed}`);
  return sha256Uint32(canonicalJson(['emosweep/fold-seed/v1', sweepSeed, trialKey, heldOut])) & 0x7fffffff;
}
