/**
 * The study's grids (DESIGN.md, "Facts from the study") as sweep presets. A preset has no
 * `dataset` (and no `wav2vecWeights`): `applyPreset` merges one with the caller's fields.
 */
import { SpecError } from './errors.js';
import { validateSweepSpec, type SweepSpec } from './schema.js';

const LOGO = { strategy: 'leave-one-group-out' } as const;

export const STUDY_PRESETS: Record<string, Partial<SweepSpec>> = {
  'study-lr': {
    name: 'study-lr',
    description: 'Learning rate {1e-3, 1e-4, 1e-5, 1e-6} × representation, LSTM + 2 FC (V1), seqLen 100, leave one session out. Needs wav2vecWeights.',
    grid: { representation: ['spectrogram', 'melspec', 'mfcc', 'wav2vec'], model: ['lstm'], lr: [1e-3, 1e-4, 1e-5, 1e-6], seqLen: [100], fcLayers: [2] },
    cv: LOGO,
  },
  'study-seqlen': {
    name: 'study-seqlen',
    description: 'Sequence length {10, 50, 100, 150, 200} × {melspec, mfcc, wav2vec}, LSTM + 2 FC (V1), lr 1e-3, leave one session out. Needs wav2vecWeights.',
    grid: { representation: ['melspec', 'mfcc', 'wav2vec'], model: ['lstm'], lr: [1e-3], seqLen: [10, 50, 100, 150, 200], fcLayers: [2] },
    cv: LOGO,
  },
  'study-fc': {
    name: 'study-fc',
    description: 'FC layers {2, 3} after the LSTM (V1) on MFCC, seqLen 150 (the best reported setting), lr 1e-3, leave one session out.',
    grid: { representation: ['mfcc'], model: ['lstm'], lr: [1e-3], seqLen: [150], fcLayers: [2, 3] },
    cv: LOGO,
  },
  'study-v0': {
    name: 'study-v0',
    description: '5-fold (leave one session out) cross-validation of V0: MLP (300 ReLU) on pooled MFCC + chroma + mel means, all labels.',
    grid: { representation: ['pooled'], model: ['mlp'], lr: [1e-3], seqLen: [100], fcLayers: [2] },
    cv: LOGO,
  },
};

/** Dataset fields a preset implies unless the caller sets them (V0 used all labels). */
const PRESET_DATASET_DEFAULTS: Record<string, Record<string, unknown>> = {
  'study-v0': { classes: 'all' },
};

/**
 * Merge a preset with the caller's fields (which win; `grid` and `training` are merged one level
 * deep) and validate. `base` must at least give `dataset`. Throws SpecError.
 */
export function applyPreset(presetName: string, base: Record<string, unknown>): SweepSpec {
  const preset = STUDY_PRESETS[presetName];
  if (!preset) {
    throw new SpecError([{ path: 'preset', segments: ['preset'], message: `${JSON.stringify(presetName)} is not a preset; expected one of ${Object.keys(STUDY_PRESETS).join(', ')}` }]);
  }
  const obj = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
  const merged: Record<string, unknown> = { ...preset, ...base };
  for (const k of ['grid', 'training'] as const) {
    if (obj(preset[k]) && obj(base[k])) merged[k] = { ...obj(preset[k]), ...obj(base[k]) };
  }
  const dsDefaults = PRESET_DATASET_DEFAULTS[presetName];
  if (dsDefaults && obj(base.dataset)) merged.dataset = { ...dsDefaults, ...obj(base.dataset) };
  return validateSweepSpec(merged, `preset ${presetName}`);
}
