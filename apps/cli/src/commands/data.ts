import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { InputError } from '@emosweep/common';
import { loadAudio } from '@emosweep/audio';
import { generateSyntheticCorpus, summarizeDataset } from '@emosweep/datasets';
import { extractFeatures, resolveFeatureParams, type Representation } from '@emosweep/features';
import { loadDataset } from '../load-dataset.js';
import { printJson, progressBar, table } from '../output.js';

const REPRESENTATIONS = ['spectrogram', 'melspec', 'mfcc', 'chroma', 'pooled', 'wav2vec'];

/** `--param key=value` pairs; numbers and booleans are parsed, the rest kept as strings. */
export function parseParams(pairs: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new InputError(`--param ${p}`, 'expected key=value');
    const raw = p.slice(eq + 1);
    const key = p.slice(0, eq);
    out[key] = raw === 'true' ? true : raw === 'false' ? false : raw === 'null' ? null : raw !== '' && !Number.isNaN(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export function registerDataCommands(program: Command): void {
  program
    .command('inspect <root>')
    .description('import a corpus and print its counts per group, label and speaker')
    .requiredOption('--format <format>', 'iemocap | manifest')
    .option('--classes <classes>', '4 | all', '4')
    .option('--json', 'print JSON only')
    .action(async (root: string, o: { format: string; classes: string; json?: boolean }) => {
      const dataset = await loadDataset(root, o.format, o.classes, !!o.json);
      const s = summarizeDataset(dataset);
      if (o.json) return printJson(s);
      console.log(`${s.utterances} utterances in ${Object.keys(s.groups).length} groups, ${Object.keys(s.speakers).length} speakers`);
      console.log(table(['group', 'utterances'], Object.entries(s.groups)));
      console.log(table(['label', 'utterances'], Object.entries(s.labels)));
      if (Object.keys(s.dropped).length) console.log(table(['dropped label', 'utterances'], Object.entries(s.dropped)));
    });

  program
    .command('synth <outRoot>')
    .description('write the synthetic espeak-ng corpus in the IEMOCAP layout')
    .option('--groups <n>', 'sessions', '5')
    .option('--per-speaker <n>', 'utterances per speaker')
    .option('--seed <n>', 'seed', '1')
    .option('--json', 'print JSON only')
    .action(async (outRoot: string, o: { groups: string; perSpeaker?: string; seed: string; json?: boolean }) => {
      const bar = progressBar('synth', !!o.json);
      const r = await generateSyntheticCorpus(path.resolve(outRoot), {
        groups: Number(o.groups),
        perSpeaker: o.perSpeaker ? Number(o.perSpeaker) : undefined,
        seed: Number(o.seed),
        onProgress: (d, t) => bar.update(d, t),
      });
      bar.stop();
      if (o.json) printJson(r);
      else console.log(`wrote ${r.utterances} utterances under ${r.root}`);
    });

  program
    .command('features <wav>')
    .description('compute one representation of a WAV file (frames × dims, librosa parameter names)')
    .requiredOption('--repr <repr>', REPRESENTATIONS.join(' | '))
    .option('--param <key=value>', 'feature parameter (repeatable), e.g. --param n_mels=40', collect, [])
    .option('--weights <file>', 'wav2vec 2.0 model.safetensors')
    .requiredOption('--out <file>', 'output JSON file')
    .action(async (wav: string, o: { repr: string; param: string[]; weights?: string; out: string }) => {
      if (!REPRESENTATIONS.includes(o.repr)) throw new InputError('--repr', `"${o.repr}" is not one of ${REPRESENTATIONS.join(', ')}`);
      const repr = o.repr as Representation;
      const params = resolveFeatureParams(repr, parseParams(o.param));
      const samples = await loadAudio(wav);
      const m = await extractFeatures(repr, samples, params, { weightsPath: o.weights });
      const rows: number[][] = [];
      for (let f = 0; f < m.frames; f++) rows.push(Array.from(m.data.subarray(f * m.dims, (f + 1) * m.dims)));
      await fs.writeFile(o.out, JSON.stringify({ shape: [m.frames, m.dims], representation: repr, params, data: rows }));
      process.stderr.write(`${wav}: ${repr} ${m.frames}×${m.dims} → ${o.out}\n`);
    });
}
