/**
 * The launch form's state: a *draft*, the plain object a YAML/JSON spec parses to (possibly
 * invalid). The form edits paths in it; the YAML view is its text; validation, counts and
 * feature sets come from @emosweep/sweeps (the same code the API and the CLI run).
 */
import { stringify } from 'yaml';
import {
  AXIS_DEFAULTS,
  STUDY_PRESETS,
  SpecError,
  dryRun,
  normalizeSpec,
  parseSpecText,
  specToYaml,
  validateSweepSpec,
  type DryRun,
  type SpecIssue,
  type SweepSpec,
} from '@emosweep/sweeps';

export type Draft = Record<string, unknown>;
export type Seg = string | number;

export function pathOf(path: string): Seg[] {
  const out: Seg[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

export function getPath(obj: unknown, path: string | readonly Seg[]): unknown {
  const segs = typeof path === 'string' ? pathOf(path) : path;
  let cur: unknown = obj;
  for (const s of segs) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[s];
  }
  return cur;
}

/** Immutable set; `undefined` removes the key (and empty parent mappings it leaves behind). */
export function setPath(obj: Draft, path: string | readonly Seg[], value: unknown): Draft {
  const segs = typeof path === 'string' ? pathOf(path) : path;
  const rec = (cur: unknown, i: number): unknown => {
    const key = segs[i];
    const base: Record<string | number, unknown> | unknown[] =
      Array.isArray(cur) ? [...cur] : cur !== null && typeof cur === 'object' ? { ...(cur as Record<string, unknown>) } : typeof key === 'number' ? [] : {};
    const b = base as Record<string | number, unknown>;
    if (i === segs.length - 1) {
      if (value === undefined && !Array.isArray(base)) delete b[key];
      else b[key] = value;
    } else {
      const next = rec(b[key], i + 1);
      if (next !== null && typeof next === 'object' && !Array.isArray(next) && Object.keys(next).length === 0 && value === undefined) delete b[key];
      else b[key] = next;
    }
    return base;
  };
  return rec(obj, 0) as Draft;
}

export interface Validation {
  spec?: SweepSpec;
  issues: SpecIssue[];
}

export function validateDraft(draft: unknown): Validation {
  try {
    return { spec: validateSweepSpec(draft), issues: [] };
  } catch (e) {
    if (e instanceof SpecError) return { issues: e.issues };
    return { issues: [{ path: '', message: (e as Error).message }] };
  }
}

/** Issues at `path` or below it (`grid.lr` gets `grid.lr[1]`). */
export function issuesAt(issues: readonly SpecIssue[], path: string): string[] {
  return issues
    .filter((i) => i.path === path || i.path.startsWith(`${path}[`) || i.path.startsWith(`${path}.`))
    .map((i) => {
      const rest = i.path.slice(path.length);
      return rest ? `${rest.replace(/^\./, '')}: ${i.message}` : i.message;
    });
}

/** Issues no form field claims (shown in the summary, with their path). */
export function unclaimedIssues(issues: readonly SpecIssue[], fieldPaths: readonly string[]): SpecIssue[] {
  return issues.filter((i) => !fieldPaths.some((p) => i.path === p || i.path.startsWith(`${p}[`) || i.path.startsWith(`${p}.`)));
}

/** YAML text of a draft: canonical (defaults filled) when valid, else the draft as it is. */
export function draftToYaml(draft: Draft): string {
  const v = validateDraft(draft);
  if (v.spec) return specToYaml(draft);
  return stringify(draft, { lineWidth: 0, flowCollectionPadding: false });
}

/** Parse YAML text into a draft; syntax errors come back as issues with line numbers. */
export function yamlToDraft(text: string): { draft?: Draft; issues: SpecIssue[] } {
  try {
    const parsed = parseSpecText(text);
    const v = parsed.value;
    if (v === null || v === undefined) return { draft: {}, issues: [] };
    if (typeof v !== 'object' || Array.isArray(v)) return { issues: [{ path: '', message: 'the spec must be a mapping (key: value lines)' }] };
    return { draft: v as Draft, issues: [] };
  } catch (e) {
    if (e instanceof SpecError) return { issues: e.issues };
    return { issues: [{ path: '', message: (e as Error).message }] };
  }
}

/** Line numbers of validation issues for the YAML view. */
export function locateIssues(text: string, issues: readonly SpecIssue[]): SpecIssue[] {
  try {
    const parsed = parseSpecText(text);
    return issues.map((i) => {
      if (i.line !== undefined || !i.segments?.length) return i;
      const at = parsed.locate(i.segments);
      return at ? { ...i, line: at.line, column: at.column } : i;
    });
  } catch {
    return [...issues];
  }
}

/**
 * The part of a draft that decides the counts (grid, search, cv, seed, features), with stand-ins
 * for the rest: counts stay visible while, say, the name or the wav2vec weights are still missing.
 */
export function countingSpec(draft: Draft): SweepSpec | undefined {
  const pick = (k: string) => (draft[k] === undefined ? {} : { [k]: draft[k] });
  return validateDraft({ name: 'count', dataset: { format: 'synthetic', root: '-' }, wav2vecWeights: '-', ...pick('grid'), ...pick('search'), ...pick('cv'), ...pick('seed'), ...pick('features') }).spec;
}

export function localDryRun(spec: SweepSpec | undefined, groups?: readonly string[]): DryRun | undefined {
  if (!spec) return undefined;
  try {
    return dryRun(spec, groups);
  } catch {
    return undefined;
  }
}

export interface DatasetChoice {
  format: string;
  root: string;
  classes?: 4 | 'all';
}

/** A preset quick enough to try the whole path on a small synthetic corpus. */
export const QUICK_PRESET: Partial<SweepSpec> = {
  name: 'quick-check',
  description: 'Two representations on a small grid, 2 epochs: a fast end-to-end check.',
  grid: { representation: ['mfcc', 'melspec'], model: ['lstm'], lr: [1e-3], seqLen: [50], fcLayers: [2] },
  training: { epochs: 2, batchSize: 32, schedule: { kind: 'cosine' }, earlyStopping: false, validation: { fraction: 0.1, by: 'speaker' }, classWeights: 'none' },
  cv: { strategy: 'leave-one-group-out' },
};

export const PRESETS: Record<string, Partial<SweepSpec>> = { 'quick-check': QUICK_PRESET, ...STUDY_PRESETS };

export const PRESET_DATASET_DEFAULTS: Record<string, Partial<DatasetChoice>> = { 'study-v0': { classes: 'all' } };

/** A draft from a preset and a dataset (the form's starting point). */
export function presetDraft(name: string, dataset?: DatasetChoice): Draft {
  const p = PRESETS[name];
  if (!p) throw new Error(`unknown preset ${name}`);
  const d: Draft = JSON.parse(JSON.stringify(p));
  if (dataset) d.dataset = { ...dataset, ...PRESET_DATASET_DEFAULTS[name] };
  if ((d.grid as { representation?: string[] } | undefined)?.representation?.includes('wav2vec') && !d.wav2vecWeights) d.wav2vecWeights = '';
  return d;
}

/** Start a new draft from a spec text (e.g. "re-run this sweep"). */
export function draftFromSpecText(text: string): Draft | undefined {
  return yamlToDraft(text).draft;
}

export function normalizedOrUndefined(draft: Draft): SweepSpec | undefined {
  try {
    return normalizeSpec(draft);
  } catch {
    return undefined;
  }
}

export { AXIS_DEFAULTS };
