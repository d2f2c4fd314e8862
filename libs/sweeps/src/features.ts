/**
 * Feature sets (decision 5): one per dataset version × representation × parameters × extractor
 * version, content-addressed, computed once and reused by every trial and sweep that needs it.
 */
import { canonicalJson, sha256Hex } from './hash.js';
import type { TrialPlan } from './grid.js';
import type { FeatureParams, Representation, SweepSpec } from './schema.js';

export interface FeatureSetKeyInput {
  /** Identity of the imported dataset content (e.g. a hash of its utterance table). */
  datasetVersion: string;
  representation: Representation | string;
  /** The full, default-filled extractor parameters (the activity fills defaults via libs/features). */
  params: Record<string, unknown>;
  /** Version of the extractor code; bump it when its output changes. */
  extractorVersion: string;
}

export interface FeatureSetNeed {
  representation: Representation;
  /** The spec's overrides for this representation (`{}` when none); defaults are not filled here. */
  params: FeatureParams;
}

/**
 * Content key of a feature set: SHA-256 (64 hex chars) of the canonical JSON (sorted keys) of
 * `{ schema: "emosweep/feature-set/v1", datasetVersion, representation, params, extractorVersion }`.
 * Independent of key order in `params`; any change of a value changes the key.
 * For wav2vec, put the weights' checksum in `params` (or the extractor version): the path is not
 * content.
 */
export function featureSetKey(input: FeatureSetKeyInput): string {
  return sha256Hex(
    canonicalJson({
      schema: 'emosweep/feature-set/v1',
      datasetVersion: input.datasetVersion,
      representation: input.representation,
      params: input.params,
      extractorVersion: input.extractorVersion,
    }),
  );
}

/** The distinct feature sets the trials need, in order of first use. */
export function neededFeatureSets(spec: Pick<SweepSpec, 'features'>, trials: readonly Pick<TrialPlan, 'params'>[]): FeatureSetNeed[] {
  const seen = new Set<Representation>();
  const out: FeatureSetNeed[] = [];
  for (const t of trials) {
    const r = t.params.representation;
    if (seen.has(r)) continue;
    seen.add(r);
    const overrides = spec.features?.[r];
    out.push({ representation: r, params: overrides ? JSON.parse(JSON.stringify(overrides)) : {} });
  }
  return out;
}
