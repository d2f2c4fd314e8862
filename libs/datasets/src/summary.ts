import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { InputError } from '@emosweep/common';
import { type Dataset, compareStrings } from './types.js';

export interface DatasetSummary {
  utterances: number;
  groups: Record<string, number>;
  labels: Record<string, number>;
  speakers: Record<string, number>;
  dropped: Record<string, number>;
}

/** Counts per group, label (in class order) and speaker. */
export function summarizeDataset(d: Dataset): DatasetSummary {
  const groups: Record<string, number> = {};
  const speakers: Record<string, number> = {};
  const labels: Record<string, number> = Object.fromEntries(d.labels.map((l) => [l, 0]));
  for (const u of d.utterances) {
    groups[u.group] = (groups[u.group] ?? 0) + 1;
    speakers[u.speaker] = (speakers[u.speaker] ?? 0) + 1;
    labels[u.label] = (labels[u.label] ?? 0) + 1;
  }
  const sorted = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => compareStrings(a, b)));
  // groups keep the dataset's order (Session2 before Session10)
  return { utterances: d.utterances.length, groups, labels, speakers: sorted(speakers), dropped: { ...d.dropped } };
}

/**
 * A stable content hash of a dataset for content-addressed feature keys: the class setting and order, and
 * for each utterance its id, label, group, speaker and its file's size and modification time (read now,
 * so an edited file gives a new version). Where the corpus lives on disk does not enter.
 */
export function datasetVersion(d: Dataset): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ v: 1, format: d.format, classes: d.classes, labels: d.labels }));
  const utterances = [...d.utterances].sort((a, b) => compareStrings(a.id, b.id));
  for (const u of utterances) {
    let size: number;
    let mtimeMs: number;
    try {
      const st = statSync(u.path);
      size = st.size;
      mtimeMs = Math.trunc(st.mtimeMs);
    } catch {
      throw new InputError(u.path, `file of utterance ${u.id} not found (the corpus changed since it was imported)`);
    }
    h.update('\n');
    h.update(JSON.stringify([u.id, u.label, u.group, u.speaker, size, mtimeMs]));
  }
  return h.digest('hex');
}
