import { importSpecDataset } from '@emosweep/activities';
import { datasetVersion, summarizeDataset } from '@emosweep/datasets';
import type { Dataset, Store } from '@emosweep/store';
import type { SweepSpec } from '@emosweep/sweeps';

/**
 * Imports a corpus with the importer the sweep workflow uses (prepareSweep) and records it, idempotently:
 * the same content is the same dataset version. (Candidate for an `importDataset` activity run by a
 * workflow, so that a long import survives an API restart.)
 */
export async function importDataset(store: Store, source: SweepSpec['dataset']): Promise<{ dataset: Dataset; created: boolean }> {
  const dataset = await importSpecDataset(source);
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
  return { dataset: row, created };
}
