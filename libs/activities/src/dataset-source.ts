import fs from 'node:fs';
import path from 'node:path';
import { datasetVersion, generateSyntheticCorpus, importIemocap, importManifest, summarizeDataset, type Dataset, type DatasetSummary } from '@emosweep/datasets';
import type { Dataset as DatasetRow, Store } from '@emosweep/store';
import type { SweepSpec } from '@emosweep/sweeps';

/** True when `root` (or its IEMOCAP_full_release child) already holds a corpus in the IEMOCAP layout. */
function hasIemocapLayout(root: string): boolean {
  const candidates = [root, path.join(root, 'IEMOCAP_full_release')];
  return candidates.some((r) => fs.existsSync(path.join(r, 'Session1', 'dialog', 'EmoEvaluation')));
}

/** Imports the spec's dataset; the synthetic format generates its corpus first when missing. */
export async function importSpecDataset(dataset: SweepSpec['dataset'], onProgress?: (done: number, total: number) => void): Promise<Dataset> {
  const classes = String(dataset.classes) === 'all' ? 'all' : '4';
  const root = path.resolve(dataset.root);
  if (dataset.format === 'manifest') return importManifest(root, { classes });
  if (dataset.format === 'synthetic' && !hasIemocapLayout(root)) {
    await generateSyntheticCorpus(root, { ...(dataset.synthetic ?? {}), onProgress });
  }
  return importIemocap(root, { classes, onProgress });
}

/**
 * Imports the corpus and records it with its utterances, idempotently: the same content is the
 * same dataset version and row, however often (or concurrently) it is registered.
 */
export async function importAndRecordDataset(
  store: Store,
  source: SweepSpec['dataset'],
  onProgress?: (done: number, total: number) => void,
): Promise<{ dataset: Dataset; row: DatasetRow; summary: DatasetSummary; created: boolean }> {
  const dataset = await importSpecDataset(source, onProgress);
  const summary = summarizeDataset(dataset);
  const { dataset: row, created } = await store.datasets.upsertWithUtterances({
    name: dataset.name,
    format: dataset.format,
    root: dataset.root,
    classes: dataset.classes,
    version: datasetVersion(dataset),
    labels: dataset.labels,
    counts: summary as never,
    utterances: dataset.utterances.map((u) => ({ uttId: u.id, group: u.group, speaker: u.speaker, label: u.label, path: u.path, durationSec: u.durationSec })),
  });
  return { dataset, row, summary, created };
}
