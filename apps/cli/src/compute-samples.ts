import { loadAudio } from '@emosweep/audio';
import type { Dataset } from '@emosweep/datasets';
import { extractFeatures, type Representation } from '@emosweep/features';
import type { Sample } from '@emosweep/training';
import { progressBar } from './output.js';

/** Features of every utterance, in memory, as training samples (the CLI's service-free path). */
export async function computeSamples(
  dataset: Dataset,
  repr: Representation,
  params: Record<string, unknown>,
  opts: { weightsPath?: string; quiet: boolean },
): Promise<Sample[]> {
  const bar = progressBar(`features ${repr}`, opts.quiet);
  const samples: Sample[] = [];
  for (const [i, u] of dataset.utterances.entries()) {
    const audio = await loadAudio(u.path);
    const features = await extractFeatures(repr, audio, params, { weightsPath: opts.weightsPath });
    samples.push({ id: u.id, features, label: dataset.labels.indexOf(u.label), group: u.group, speaker: u.speaker });
    bar.update(i + 1, dataset.utterances.length);
  }
  bar.stop();
  return samples;
}
