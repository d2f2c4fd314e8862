import { InputError } from '@emosweep/common';
import { mulberry32, shuffled } from './rng.js';
import type { Sample, ValidationBy } from './types.js';

export interface FoldPlan {
  heldOut: string;
  trainGroups: string[];
}

const collator = new Intl.Collator('en', { numeric: true });

/** One fold per distinct group (in natural order: Session2 before Session10), holding that group out. */
export function leaveOneGroupOut(groups: readonly string[]): FoldPlan[] {
  const distinct = [...new Set(groups)].sort(collator.compare);
  if (distinct.length < 2) throw new InputError('groups', `leave-one-group-out needs at least 2 groups, got ${distinct.length} (${distinct.join(', ') || 'none'})`);
  return distinct.map((heldOut) => ({ heldOut, trainGroups: distinct.filter((g) => g !== heldOut) }));
}

/**
 * Splits training samples into train / validation, deterministically from `seed`.
 * - by 'speaker' with ≥ 3 distinct speakers: max(1, round(fraction · speakers)) whole speakers
 *   (at most all but one) go to validation, so no validation speaker is seen in training.
 * - otherwise (by 'utterance', or fewer than 3 speakers): stratified by class, round(fraction · n_c)
 *   utterances per class (at least one utterance overall).
 * Both parts keep the input order. The caller passes training groups only, so the held-out
 * group can never reach validation.
 */
export function validationSplit(
  trainSamples: readonly Sample[],
  opts: { fraction?: number; by?: ValidationBy; seed: number },
): { train: Sample[]; validation: Sample[]; by: ValidationBy } {
  const fraction = opts.fraction ?? 0.1;
  const by = opts.by ?? 'speaker';
  if (!(typeof fraction === 'number' && fraction > 0 && fraction < 1)) {
    throw new InputError('validation.fraction', `must be in (0, 1), got ${JSON.stringify(fraction)}`);
  }
  if (by !== 'speaker' && by !== 'utterance') throw new InputError('validation.by', `must be 'speaker' or 'utterance', got ${JSON.stringify(by)}`);
  if (trainSamples.length < 2) throw new InputError('train', `needs at least 2 samples to draw a validation split, got ${trainSamples.length}`);
  const rng = mulberry32(opts.seed);
  const speakers = [...new Set(trainSamples.map((s) => s.speaker))].sort(collator.compare);
  let inVal: (s: Sample, i: number) => boolean;
  let used: ValidationBy;
  if (by === 'speaker' && speakers.length >= 3) {
    const k = Math.min(speakers.length - 1, Math.max(1, Math.round(fraction * speakers.length)));
    const chosen = new Set(shuffled(speakers, rng).slice(0, k));
    inVal = (s) => chosen.has(s.speaker);
    used = 'speaker';
  } else {
    const byClass = new Map<number, number[]>();
    trainSamples.forEach((s, i) => byClass.set(s.label, [...(byClass.get(s.label) ?? []), i]));
    const chosen = new Set<number>();
    const classes = [...byClass.keys()].sort((a, b) => a - b);
    for (const c of classes) {
      const idx = byClass.get(c)!;
      for (const i of shuffled(idx, rng).slice(0, Math.round(fraction * idx.length))) chosen.add(i);
    }
    if (chosen.size === 0) {
      const largest = classes.reduce((a, c) => (byClass.get(c)!.length > byClass.get(a)!.length ? c : a), classes[0]);
      chosen.add(shuffled(byClass.get(largest)!, rng)[0]);
    }
    inVal = (_s, i) => chosen.has(i);
    used = 'utterance';
  }
  const train: Sample[] = [];
  const validation: Sample[] = [];
  trainSamples.forEach((s, i) => (inVal(s, i) ? validation : train).push(s));
  return { train, validation, by: used };
}
