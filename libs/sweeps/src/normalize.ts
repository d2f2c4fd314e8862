/**
 * Canonical form of a spec: validated, every default filled, keys in a fixed order (the order of
 * the schema), optional fields that are absent left out. `normalizeSpec(normalizeSpec(x))` equals
 * `normalizeSpec(x)`, so it is what the console round-trips through YAML and what `specKey` hashes.
 */
import { canonicalJson, sha256Hex } from './hash.js';
import { REPRESENTATIONS, validateSweepSpec, type FeatureOverrides, type SweepSpec } from './schema.js';

function defined<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

/** Validate (throws SpecError) and return the canonical form. */
export function normalizeSpec(spec: SweepSpec | unknown): SweepSpec {
  const s = validateSweepSpec(spec);
  const d = s.dataset;
  const t = s.training;
  let features: FeatureOverrides | undefined;
  if (s.features) {
    features = {};
    for (const r of REPRESENTATIONS) {
      const p = s.features[r];
      if (p === undefined) continue;
      features[r] = Object.fromEntries(Object.keys(p).sort().map((k) => [k, Array.isArray(p[k]) ? [...(p[k] as unknown[])] : p[k]])) as typeof p;
    }
  }
  return defined({
    name: s.name,
    description: s.description,
    dataset: defined({
      format: d.format,
      root: d.root,
      classes: d.classes,
      synthetic: d.synthetic ? defined({ groups: d.synthetic.groups, perSpeaker: d.synthetic.perSpeaker, seed: d.synthetic.seed }) : undefined,
    }),
    grid: {
      representation: [...s.grid.representation],
      model: [...s.grid.model],
      lr: [...s.grid.lr],
      seqLen: [...s.grid.seqLen],
      fcLayers: [...s.grid.fcLayers],
    },
    features,
    wav2vecWeights: s.wav2vecWeights,
    training: {
      epochs: t.epochs,
      batchSize: t.batchSize,
      schedule: defined({
        kind: t.schedule.kind,
        stepSize: t.schedule.stepSize,
        gamma: t.schedule.gamma,
        patience: t.schedule.patience,
        minLr: t.schedule.minLr,
      }),
      earlyStopping: t.earlyStopping === false ? false : { patience: t.earlyStopping.patience, metric: t.earlyStopping.metric },
      validation: { fraction: t.validation.fraction, by: t.validation.by },
      classWeights: t.classWeights,
    },
    search: s.search.kind === 'grid' ? { kind: 'grid' as const } : defined({ kind: 'random' as const, samples: s.search.samples, seed: s.search.seed }),
    cv:
      s.cv.strategy === 'leave-one-group-out'
        ? defined({ strategy: s.cv.strategy, folds: s.cv.folds ? [...s.cv.folds] : undefined })
        : defined({ strategy: s.cv.strategy, k: s.cv.k, folds: s.cv.folds ? [...s.cv.folds] : undefined }),
    seed: s.seed,
    device: s.device,
    maxConcurrentFolds: s.maxConcurrentFolds,
    metric: s.metric,
  }) as SweepSpec;
}

/** Content hash (64 hex) of the canonical spec: equal for specs that mean the same sweep. */
export function specKey(spec: SweepSpec | unknown): string {
  return sha256Hex(canonicalJson({ schema: 'emosweep/sweep-spec/v1', spec: normalizeSpec(spec) }));
}
