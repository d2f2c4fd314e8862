export interface Utterance {
  /** unique within the dataset: the IEMOCAP turn name, or the manifest path as written */
  id: string;
  /** cross-validation group: `Session1`…`Session5` for IEMOCAP, the `group` column for a manifest */
  group: string;
  speaker: string;
  /** one of the dataset's `labels` */
  label: string;
  /** absolute path of the WAV file */
  path: string;
  durationSec: number;
  /** IEMOCAP dialog (`Ses01F_impro01`, `Ses01F_script01_1`) */
  dialog?: string;
}

export interface Dataset {
  name: string;
  format: 'iemocap' | 'manifest';
  /** the IEMOCAP release folder, or the manifest file */
  root: string;
  classes: '4' | 'all';
  /** class order (class index = position) */
  labels: string[];
  /** sorted by group, then id */
  utterances: Utterance[];
  /** utterances left out, by reason: the source label code (`fru`, `xxx`, …) or `missing-wav` */
  dropped: Record<string, number>;
}

/** The 4-class task of the study, in class-index order. */
export const FOUR_CLASSES = ['neutral', 'happy', 'sad', 'angry'] as const;
export type FourClass = (typeof FOUR_CLASSES)[number];

/** IEMOCAP label codes and the class names used for them (`classes: 'all'` keeps each code apart). */
export const IEMOCAP_LABELS: Readonly<Record<string, string>> = {
  neu: 'neutral',
  hap: 'happy',
  sad: 'sad',
  ang: 'angry',
  exc: 'excited',
  fru: 'frustrated',
  sur: 'surprised',
  fea: 'fearful',
  dis: 'disgusted',
  oth: 'other',
  xxx: 'undecided',
};

/** The 4-class mapping of the study: happy = hap + exc; every other code is dropped. */
export const IEMOCAP_FOUR_CLASS: Readonly<Record<string, FourClass>> = {
  neu: 'neutral',
  hap: 'happy',
  exc: 'happy',
  sad: 'sad',
  ang: 'angry',
};

/** Order of the `all` classes: the 4 classes first, then IEMOCAP's other labels, then any others sorted. */
export function orderLabels(present: Iterable<string>): string[] {
  const canonical = [...FOUR_CLASSES, ...Object.values(IEMOCAP_LABELS).filter((l) => !(FOUR_CLASSES as readonly string[]).includes(l))];
  const set = new Set(present);
  const known = canonical.filter((l) => set.has(l));
  const rest = [...set].filter((l) => !canonical.includes(l)).sort(compareStrings);
  return [...known, ...rest];
}

/** Code-point order, independent of the locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Groups in natural order (`Session2` before `Session10`), then utterance ids. */
export function sortUtterances(utterances: Utterance[]): Utterance[] {
  const collator = new Intl.Collator('en', { numeric: true });
  return utterances.sort((a, b) => collator.compare(a.group, b.group) || compareStrings(a.group, b.group) || compareStrings(a.id, b.id));
}
