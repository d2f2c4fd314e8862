import { InputError } from '@emosweep/common';
import { importIemocap, importManifest, type Dataset } from '@emosweep/datasets';
import { progressBar } from './output.js';

export async function loadDataset(root: string, format: string, classes: string, quiet: boolean): Promise<Dataset> {
  if (classes !== '4' && classes !== 'all') throw new InputError('--classes', `"${classes}" is not one of 4, all`);
  if (format === 'iemocap') {
    const bar = progressBar('import', quiet);
    try {
      return await importIemocap(root, { classes, onProgress: (d, t) => bar.update(d, t) });
    } finally {
      bar.stop();
    }
  }
  if (format === 'manifest') return importManifest(root, { classes });
  throw new InputError('--format', `"${format}" is not one of iemocap, manifest`);
}
