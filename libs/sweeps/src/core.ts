/**
 * Everything in @emosweep/sweeps except the YAML text layer: safe for Temporal workflow code
 * (deterministic, no Node built-ins, no clock, no Math.random).
 */
export * from './errors.js';
export * from './hash.js';
export { createPrng, sampleIndices, type Prng } from './prng.js';
export * from './schema.js';
export * from './normalize.js';
export * from './grid.js';
export * from './folds.js';
export * from './seeds.js';
export * from './features.js';
export * from './dryrun.js';
export * from './aggregate.js';
export * from './presets.js';
