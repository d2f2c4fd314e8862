/**
 * The sweep spec schema (zod 4) and its validation into `SweepSpec`. Pure: no YAML, no Node
 * built-ins; safe to import from Temporal workflow code.
 *
 * Every leaf carries an error text of the form `expected <allowed values>`; `toSpecIssues` turns
 * zod's issues into `{ path: "grid.lr[1]", message: "-0.001 is not a positive number ≤ 1" }`.
 */
import { z } from 'zod';
import { SpecError, closest, formatPath, repr, type SpecIssue } from './errors.js';
import { enumerateGrid } from './grid.js';

// ---------------------------------------------------------------------------------------------
// Allowed values
// ---------------------------------------------------------------------------------------------

export const REPRESENTATIONS = ['spectrogram', 'melspec', 'mfcc', 'chroma', 'pooled', 'wav2vec'] as const;
export const MODELS = ['mlp', 'lstm', 'q2l'] as const;
export const FC_LAYERS = [2, 3] as const;
export const DATASET_FORMATS = ['iemocap', 'manifest', 'synthetic'] as const;
export const SCHEDULE_KINDS = ['none', 'step', 'cosine', 'plateau'] as const;
export const EARLY_STOPPING_METRICS = ['valLoss', 'valUa'] as const;
export const VALIDATION_BY = ['speaker', 'utterance'] as const;
export const CLASS_WEIGHTS = ['balanced', 'none'] as const;
export const SEARCH_KINDS = ['grid', 'random'] as const;
export const CV_STRATEGIES = ['leave-one-group-out', 'group-k-fold'] as const;
export const DEVICES = ['cpu', 'gpu'] as const;
export const METRICS = ['ua', 'wa', 'macroF1'] as const;

export type Representation = (typeof REPRESENTATIONS)[number];
export type ModelKind = (typeof MODELS)[number];
export type FcLayers = (typeof FC_LAYERS)[number];
export type DatasetFormat = (typeof DATASET_FORMATS)[number];
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];
export type SearchKind = (typeof SEARCH_KINDS)[number];
export type CvStrategy = (typeof CV_STRATEGIES)[number];
export type Device = (typeof DEVICES)[number];
export type HeadlineMetric = (typeof METRICS)[number];

/** Grid-axis defaults used when an axis is left out (representation and model are required). */
export const AXIS_DEFAULTS = { lr: [1e-3], seqLen: [100], fcLayers: [2] as FcLayers[] } as const;

/** Which optional schedule fields each schedule kind reads; any other one given is an error. */
export const SCHEDULE_FIELDS: Record<ScheduleKind, readonly string[]> = {
  none: [],
  step: ['stepSize', 'gamma'],
  cosine: ['minLr'],
  plateau: ['patience', 'gamma', 'minLr'],
};

// ---------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------

const oneOf = (values: readonly (string | number)[]) => `expected one of ${values.join(', ')}`;

/** A strict object whose unknown-key error lists the known keys (see `toSpecIssues`). */
function strict<T extends z.core.$ZodLooseShape>(shape: T, what = 'a mapping') {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys' ? `known keys: ${known.join(', ')}` : `expected ${what} with keys ${known.join(', ')}`,
  });
}

function intIn(min: number, max: number, what = 'an integer') {
  const error = `expected ${what} from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

const seedSchema = z
  .number({ error: 'expected a non-negative integer' })
  .int({ error: 'expected a non-negative integer' })
  .min(0, { error: 'expected a non-negative integer' });

function enumOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: oneOf(values) });
}

/** Values on an axis must be unique: report each repeat at its own index. */
function uniqueItems(arr: readonly unknown[], ctx: z.core.$RefinementCtx<unknown[]>) {
  const seen = new Map<string, number>();
  arr.forEach((v, i) => {
    const k = JSON.stringify(v);
    const first = seen.get(k);
    if (first !== undefined) {
      ctx.addIssue({ code: 'custom', path: [i], message: `duplicate value ${repr(v)} (same as [${first}]); values on an axis must be unique` });
    } else seen.set(k, i);
  });
}

/** A grid axis: a non-empty list of unique values; a scalar is accepted and wrapped. */
function axis<T extends z.ZodType>(item: T, what: string) {
  const error = `expected a non-empty list of ${what}`;
  return z.preprocess(
    (v) => (v === undefined || v === null || Array.isArray(v) ? v : [v]),
    z.array(item, { error }).min(1, { error }).superRefine(uniqueItems),
  );
}

/** `false`, or a mapping validated by `obj` (issues keep their precise paths, unlike z.union). */
function falseOr<T extends z.ZodType>(obj: T, what: string) {
  return z.unknown().transform((v, ctx): false | z.output<T> => {
    if (v === false) return false;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      ctx.addIssue({ code: 'custom', input: v, message: `${repr(v)} is not ${what}` });
      return z.NEVER;
    }
    const r = obj.safeParse(v, { reportInput: true });
    if (!r.success) {
      for (const iss of r.error.issues) ctx.addIssue({ ...(iss as z.core.$ZodIssue), path: iss.path } as never);
      return z.NEVER;
    }
    return r.data;
  });
}

// ---------------------------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------------------------

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const nameSchema = z
  .string({ error: 'expected 1–100 characters of letters, digits, ".", "_" or "-", starting with a letter or digit' })
  .regex(NAME_RE, { error: 'expected 1–100 characters of letters, digits, ".", "_" or "-", starting with a letter or digit' });

const pathString = (what: string) => z.string({ error: `expected ${what}` }).min(1, { error: `expected ${what}` });

const SyntheticSchema = strict({
  groups: intIn(1, 100).optional(),
  perSpeaker: intIn(1, 100_000).optional(),
  seed: seedSchema.optional(),
});

export const DatasetSchema = strict({
  format: enumOf(DATASET_FORMATS),
  root: pathString('a non-empty path (iemocap: the release root; manifest: the CSV file; synthetic: the output root)'),
  classes: z
    .literal([4, '4', 'all'], { error: 'expected 4 or "all"' })
    .transform((v): 4 | 'all' => (v === 'all' ? 'all' : 4))
    .default(4),
  synthetic: SyntheticSchema.optional(),
}).superRefine((d, ctx) => {
  if (d.synthetic && d.format !== 'synthetic') {
    ctx.addIssue({ code: 'custom', path: ['synthetic'], message: `only allowed when dataset.format is synthetic (format is ${d.format})` });
  }
});

export const GridSchema = strict({
  representation: axis(enumOf(REPRESENTATIONS), `representations (${REPRESENTATIONS.join(', ')})`),
  model: axis(enumOf(MODELS), `models (${MODELS.join(', ')})`),
  lr: axis(
    z.number({ error: 'expected a positive number ≤ 1' }).gt(0).max(1),
    'learning rates (positive numbers ≤ 1)',
  ).default([...AXIS_DEFAULTS.lr]),
  seqLen: axis(intIn(1, 5000), 'sequence lengths (integers from 1 to 5000)').default([...AXIS_DEFAULTS.seqLen]),
  fcLayers: axis(z.literal(FC_LAYERS, { error: oneOf(FC_LAYERS) }), 'FC depths (2 or 3)').default([...AXIS_DEFAULTS.fcLayers]),
});

const paramValue = z.union(
  [z.number(), z.string(), z.boolean(), z.array(z.union([z.number(), z.string(), z.boolean()]))],
  { error: 'expected a number, string, boolean or a list of those' },
);
const PARAM_NAME_RE = /^[A-Za-z][A-Za-z0-9_]*$/;
const featureParams = z
  .record(z.string(), paramValue, { error: 'expected a mapping of parameter name to value' })
  .superRefine((rec, ctx) => {
    for (const k of Object.keys(rec)) {
      if (!PARAM_NAME_RE.test(k)) ctx.addIssue({ code: 'custom', path: [k], message: `parameter name ${repr(k)} must be an identifier (letters, digits, "_")` });
    }
  });

export const FeaturesSchema = strict(
  Object.fromEntries(REPRESENTATIONS.map((r) => [r, featureParams.optional()])) as Record<Representation, z.ZodOptional<typeof featureParams>>,
  'a mapping of representation to parameter overrides',
);

const ScheduleSchema = strict({
  kind: enumOf(SCHEDULE_KINDS).default('cosine'),
  stepSize: intIn(1, 100_000).optional(),
  gamma: z.number({ error: 'expected a number between 0 and 1 (exclusive)' }).gt(0).lt(1).optional(),
  patience: intIn(1, 1000).optional(),
  minLr: z.number({ error: 'expected a number from 0 to 1' }).min(0).max(1).optional(),
}).superRefine((s, ctx) => {
  const allowed = SCHEDULE_FIELDS[s.kind];
  for (const f of ['stepSize', 'gamma', 'patience', 'minLr'] as const) {
    if (s[f] !== undefined && !allowed.includes(f)) {
      const users = (Object.keys(SCHEDULE_FIELDS) as ScheduleKind[]).filter((k) => SCHEDULE_FIELDS[k].includes(f));
      ctx.addIssue({ code: 'custom', path: [f], message: `only applies to schedule kind ${users.join(' or ')} (kind is ${s.kind})` });
    }
  }
});

const EarlyStoppingObject = strict({
  patience: intIn(1, 1000).default(5),
  metric: enumOf(EARLY_STOPPING_METRICS).default('valLoss'),
});

const ValidationSchema = strict({
  fraction: z.number({ error: 'expected a number greater than 0 and at most 0.5' }).gt(0).max(0.5).default(0.1),
  by: enumOf(VALIDATION_BY).default('speaker'),
});

export const TrainingSchema = strict({
  epochs: intIn(1, 1000).default(30),
  batchSize: intIn(1, 4096).default(32),
  schedule: ScheduleSchema.prefault({}),
  earlyStopping: falseOr(EarlyStoppingObject, 'false or a mapping with keys patience, metric').default({ patience: 5, metric: 'valLoss' }),
  validation: ValidationSchema.prefault({}),
  classWeights: enumOf(CLASS_WEIGHTS).default('none'),
});

/** `search: grid` / `cv: leave-one-group-out` shorthands for the one-field variants. */
const shorthand = (field: string) => (v: unknown) => (typeof v === 'string' ? { [field]: v } : v);

const discriminatorError = (field: string, values: readonly string[], section: string) => (iss: z.core.$ZodRawIssue) =>
  iss.code === 'invalid_union' ? oneOf(values) : `expected ${section} (a mapping with ${field}: ${values.join(' | ')})`;

export const SearchSchema = z.preprocess(
  shorthand('kind'),
  z.discriminatedUnion(
    'kind',
    [
      strict({ kind: z.literal('grid') }),
      strict({ kind: z.literal('random'), samples: intIn(1, 1_000_000), seed: seedSchema.optional() }),
    ],
    { error: discriminatorError('kind', SEARCH_KINDS, 'a search') },
  ),
);

const foldsSchema = z
  .array(z.string({ error: 'expected a group name' }).min(1, { error: 'expected a group name' }), {
    error: 'expected a non-empty list of held-out group names',
  })
  .min(1, { error: 'expected a non-empty list of held-out group names' })
  .superRefine(uniqueItems)
  .optional();

const FOLD_ID_RE = /^fold-([1-9][0-9]*)$/;

export const CvSchema = z.preprocess(
  shorthand('strategy'),
  z.discriminatedUnion(
    'strategy',
    [
      strict({ strategy: z.literal('leave-one-group-out'), folds: foldsSchema }),
      strict({ strategy: z.literal('group-k-fold'), k: intIn(2, 100), folds: foldsSchema }).superRefine((cv, ctx) => {
        cv.folds?.forEach((f, i) => {
          const m = FOLD_ID_RE.exec(f);
          if (!m || Number(m[1]) > cv.k) {
            ctx.addIssue({ code: 'custom', path: ['folds', i], message: `${repr(f)} is not a fold of group-k-fold with k=${cv.k}; expected one of ${Array.from({ length: cv.k }, (_, j) => `fold-${j + 1}`).join(', ')}` });
          }
        });
      }),
    ],
    { error: discriminatorError('strategy', CV_STRATEGIES, 'a cross-validation') },
  ),
);

// ---------------------------------------------------------------------------------------------
// The spec
// ---------------------------------------------------------------------------------------------

const SpecObject = strict(
  {
    name: nameSchema,
    description: z.string({ error: 'expected a string of at most 2000 characters' }).max(2000).optional(),
    dataset: DatasetSchema,
    grid: GridSchema,
    features: FeaturesSchema.optional(),
    wav2vecWeights: pathString('a non-empty path to the wav2vec 2.0 weights').optional(),
    training: TrainingSchema.prefault({}),
    search: SearchSchema.prefault({ kind: 'grid' }),
    cv: CvSchema.prefault({ strategy: 'leave-one-group-out' }),
    seed: seedSchema.default(0),
    device: enumOf(DEVICES).default('cpu'),
    maxConcurrentFolds: intIn(1, 1000).default(2),
    metric: enumOf(METRICS).default('ua'),
  },
  'a sweep spec (a YAML or JSON mapping)',
);

/** Top-level keys in canonical order. */
export const SPEC_KEYS = Object.keys(SpecObject.shape) as (keyof typeof SpecObject.shape)[];

export const SweepSpecSchema = SpecObject.superRefine((spec, ctx) => {
  if (spec.grid.representation.includes('wav2vec') && !spec.wav2vecWeights) {
    ctx.addIssue({
      code: 'custom',
      path: ['wav2vecWeights'],
      message: 'required when grid.representation includes wav2vec: the path to the wav2vec 2.0 weights',
    });
  }
  const { points, dropped } = enumerateGrid(spec.grid);
  if (points.length === 0) {
    const reasons = [...new Set(dropped.map((d) => `${d.params.model} × ${d.params.representation}: ${d.reason}`))];
    ctx.addIssue({
      code: 'custom',
      path: ['grid'],
      message: `the grid has no valid trial: all ${dropped.length} combinations were dropped (${reasons.slice(0, 4).join('; ')}${reasons.length > 4 ? '; …' : ''})`,
    });
  }
});

export type SweepSpec = z.output<typeof SweepSpecSchema>;
export type SweepSpecInput = z.input<typeof SweepSpecSchema>;
export type DatasetSpec = SweepSpec['dataset'];
export type GridSpec = SweepSpec['grid'];
export type TrainingSpec = SweepSpec['training'];
export type SearchSpec = SweepSpec['search'];
export type CvSpec = SweepSpec['cv'];
export type FeatureOverrides = NonNullable<SweepSpec['features']>;
export type FeatureParams = NonNullable<FeatureOverrides[Representation]>;

// ---------------------------------------------------------------------------------------------
// zod issues → SpecIssues
// ---------------------------------------------------------------------------------------------

/** Hints for keys that exist, but elsewhere. */
const MISPLACED: Record<string, string> = {
  features: 'features is a top-level key',
  wav2vecWeights: 'wav2vecWeights is a top-level key',
  epochs: 'epochs belongs under training',
  batchSize: 'batchSize belongs under training',
  schedule: 'schedule belongs under training',
  earlyStopping: 'earlyStopping belongs under training',
  folds: 'folds belongs under cv',
  samples: 'samples belongs under search (kind: random)',
};

/** Convert zod issues into SpecIssues with field paths and "allowed values" messages. */
export function toSpecIssues(issues: readonly z.core.$ZodIssue[]): SpecIssue[] {
  const out: SpecIssue[] = [];
  for (const iss of issues) {
    const segs = iss.path.map((p) => (typeof p === 'number' ? p : String(p)));
    const input = (iss as { input?: unknown }).input;
    const hasInput = 'input' in iss && input !== undefined;
    const desc = iss.message.startsWith('expected ') ? iss.message.slice('expected '.length) : undefined;

    if (iss.code === 'unrecognized_keys') {
      const known = iss.message.startsWith('known keys: ') ? iss.message.slice('known keys: '.length).split(', ') : [];
      for (const key of iss.keys) {
        const hint = MISPLACED[key] && !known.includes(key) ? MISPLACED[key] : undefined;
        const near = hint ? undefined : closest(key, known);
        const extra = hint ? ` (${hint})` : near ? ` (did you mean ${near}?)` : '';
        out.push({
          segments: [...segs, key],
          path: formatPath([...segs, key]),
          message: `unknown key ${repr(key)}${extra}; known keys: ${known.join(', ')}`,
        });
      }
      continue;
    }

    let message: string;
    if (iss.code === 'custom') message = iss.message;
    else if (iss.code === 'invalid_union' && 'discriminator' in iss && iss.discriminator) {
      const d = iss.discriminator as string;
      const v = input && typeof input === 'object' ? (input as Record<string, unknown>)[d] : undefined;
      if (!segs.length || segs[segs.length - 1] !== d) segs.push(d);
      message = v === undefined ? `missing; ${iss.message}` : `${repr(v)} is not ${desc ?? iss.message}`;
    } else if (!hasInput) {
      message = desc ? `missing; expected ${desc}` : iss.message;
    } else if (iss.code === 'too_small' && Array.isArray(input) && input.length === 0) {
      message = `is empty; expected ${desc ?? 'at least one value'}`;
    } else message = desc ? `${repr(input)} is not ${desc}` : iss.message;

    out.push({ segments: segs, path: formatPath(segs), message });
  }
  return out;
}

/**
 * Validate an already-parsed object (from YAML, JSON or a form) into a `SweepSpec` with every
 * default filled. Throws `SpecError` listing every problem (issues carry `segments` too).
 */
export function validateSweepSpec(input: unknown, source?: string): SweepSpec {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new SpecError(
      [{ path: '', segments: [], message: `${input === undefined || input === null ? 'the spec is empty' : `${repr(input)} is not a mapping`}; expected a mapping with keys ${SPEC_KEYS.join(', ')}` }],
      source,
    );
  }
  const r = SweepSpecSchema.safeParse(input, { reportInput: true });
  if (!r.success) throw new SpecError(toSpecIssues(r.error.issues), source);
  return r.data;
}
