/** Small builders shared by the store's specs. */
import type { Store } from '../src/store.js';
import type { DatasetInput } from '../src/repositories/datasets.js';
import type { TrialInput } from '../src/repositories/trials.js';

let seq = 0;

export function datasetInput(over: Partial<DatasetInput> = {}): DatasetInput {
  const n = over.utterances?.length ?? 6;
  return {
    name: 'synthetic-4',
    format: 'synthetic',
    root: '/tmp/synthetic',
    classes: '4class',
    version: `v-${++seq}-${Math.random().toString(36).slice(2, 8)}`,
    labels: ['neu', 'hap', 'sad', 'ang'],
    counts: { neu: 2, hap: 2, sad: 1, ang: 1 },
    utterances: Array.from({ length: n }, (_, i) => ({
      uttId: `Ses0${(i % 3) + 1}F_impro01_F${String(i).padStart(3, '0')}`,
      group: `Session${(i % 3) + 1}`,
      speaker: `S${(i % 3) + 1}F`,
      label: ['neu', 'hap', 'sad', 'ang'][i % 4],
      path: `wav/${i}.wav`,
      durationSec: 1 + i / 10,
    })),
    ...over,
  };
}

export function trialInput(index: number, over: Partial<TrialInput> = {}): TrialInput {
  return {
    index,
    paramsKey: `pk-${index}`,
    params: { representation: 'mfcc', model: 'lstm', lr: 1e-3, seqLen: 150, fcLayers: 2, index },
    representation: 'mfcc',
    model: 'lstm',
    lr: 1e-3,
    seqLen: 150,
    fcLayers: 2,
    ...over,
  };
}

/** A dataset and a sweep on it without trials. */
export async function seedEmptySweep(store: Store) {
  const { dataset } = await store.datasets.upsertWithUtterances(datasetInput());
  const sweep = await store.sweeps.create({ name: 'lr grid', spec: {}, specText: '', datasetId: dataset.id, seed: 42, device: 'cpu', trialCount: 0, foldCount: 3 });
  return { dataset, sweep };
}

/** A dataset, a sweep on it with `trials` (≥ 1) trials, and one fold run on the first trial. */
export async function seedSweep(store: Store, trials = 3) {
  if (trials < 1) throw new Error('seedSweep needs at least one trial (use seedEmptySweep)');
  const { dataset } = await store.datasets.upsertWithUtterances(datasetInput());
  const sweep = await store.sweeps.create({
    name: 'lr grid',
    spec: { grid: { lr: [1e-3, 1e-4] } },
    specText: 'grid:\n  lr: [1e-3, 1e-4]\n',
    datasetId: dataset.id,
    seed: 42,
    device: 'cpu',
    trialCount: trials,
    foldCount: 3,
  });
  const ts = await store.trials.upsertMany(sweep.id, Array.from({ length: trials }, (_, i) => trialInput(i)));
  const fold = await store.foldRuns.upsert(ts[0].id, 'Session1', { seed: 7 });
  return { dataset, sweep, trials: ts, fold };
}
