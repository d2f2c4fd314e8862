import fs from 'node:fs';
import path from 'node:path';
import { generateSyntheticCorpus, importIemocap, importManifest, type Dataset } from '@emosweep/datasets';
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
