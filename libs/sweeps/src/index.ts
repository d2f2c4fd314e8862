/**
 * @emosweep/sweeps: the sweep spec (schema, validation, YAML), grid expansion, fold plans, seeds,
 * feature-set keys, dry runs and aggregation. Pure and deterministic throughout.
 * Workflow code that does not parse text may import `@emosweep/sweeps/core` instead.
 */
export * from './core.js';
export { parseSpecText, parseSweepSpec, specToYaml, type SpecText } from './text.js';
