import type { Command } from 'commander';
import { InputError } from '@emosweep/common';
import { initBackend, isNative } from '@emosweep/backend';
import { featureDims, resolveFeatureParams, type Representation } from '@emosweep/features';
import { modelSummary, type ModelKind } from '@emosweep/models';
import { crossValidate } from '@emosweep/training';
import { computeSamples } from '../compute-samples.js';
import { loadDataset } from '../load-dataset.js';
import { pct, printJson, progressBar, table } from '../output.js';

const MODELS: ModelKind[] = ['mlp', 'lstm', 'q2l'];

function modelKind(v: string): ModelKind {
  if (!MODELS.includes(v as ModelKind)) throw new InputError('--model', `"${v}" is not one of ${MODELS.join(', ')}`);
  return v as ModelKind;
}

function positive(name: string, v: string, integer = true): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new InputError(name, `"${v}" is not a positive ${integer ? 'integer' : 'number'}`);
  return n;
}

export function registerModelCommands(program: Command): void {
  const model = program.command('model').description('model architectures');
  model
    .command('summary')
    .description('layers and parameter count of a model for a representation')
    .requiredOption('--model <model>', MODELS.join(' | '))
    .requiredOption('--repr <repr>', 'representation (sets the input dimension)')
    .option('--fc-layers <n>', 'FC depth of the LSTM head (2 or 3)', '2')
    .option('--json', 'print JSON only')
    .action(async (o: { model: string; repr: string; fcLayers: string; json?: boolean }) => {
      await initBackend();
      const repr = o.repr as Representation;
      const inputDim = featureDims(repr, resolveFeatureParams(repr, {}));
      const fcLayers = Number(o.fcLayers);
      if (fcLayers !== 2 && fcLayers !== 3) throw new InputError('--fc-layers', `"${o.fcLayers}" is not one of 2, 3`);
      const s = modelSummary({ kind: modelKind(o.model), inputDim, numClasses: 4, fcLayers });
      if (o.json) return printJson(s);
      console.log(table(['layer', 'type', 'output', 'params'], s.layers.map((l) => [l.name, l.type, JSON.stringify(l.outputShape), l.params])));
      console.log(`total parameters: ${s.params}${s.note ? `  (${s.note})` : ''}`);
    });

  program
    .command('cv <root>')
    .description('leave-one-group-out cross-validation in-process (no services)')
    .requiredOption('--format <format>', 'iemocap | manifest')
    .option('--classes <classes>', '4 | all', '4')
    .requiredOption('--repr <repr>', 'representation')
    .requiredOption('--model <model>', MODELS.join(' | '))
    .option('--lr <x>', 'learning rate', '1e-3')
    .option('--seq-len <n>', 'frames per training window', '100')
    .option('--fc-layers <n>', 'FC depth (lstm)', '2')
    .option('--epochs <n>', 'epochs', '10')
    .option('--batch-size <n>', 'batch size', '32')
    .option('--seed <n>', 'seed', '0')
    .option('--weights <file>', 'wav2vec 2.0 model.safetensors')
    .option('--json', 'print JSON only')
    .action(async (root: string, o: Record<string, string | boolean | undefined>) => {
      const quiet = !!o.json;
      const backend = await initBackend();
      const dataset = await loadDataset(root, String(o.format), String(o.classes), quiet);
      const repr = String(o.repr) as Representation;
      const samples = await computeSamples(dataset, repr, resolveFeatureParams(repr, {}), { weightsPath: o.weights as string | undefined, quiet });
      const fcLayers = Number(o.fcLayers);
      const bar = progressBar('folds', quiet);
      const groups = new Set(samples.map((s) => s.group)).size;
      let foldsDone = 0;
      const result = await crossValidate({
        samples,
        labels: dataset.labels,
        model: { kind: modelKind(String(o.model)), inputDim: samples[0].features.dims, numClasses: dataset.labels.length, fcLayers: fcLayers === 3 ? 3 : 2, lstmImpl: isNative() ? 'fused' : 'reference' },
        lr: positive('--lr', String(o.lr), false),
        seqLen: positive('--seq-len', String(o.seqLen)),
        batchSize: positive('--batch-size', String(o.batchSize)),
        epochs: positive('--epochs', String(o.epochs)),
        seed: Number(o.seed),
        onFold: () => bar.update(++foldsDone, groups),
      });
      bar.stop();
      if (quiet) return printJson(result);
      console.log(`backend ${backend}; ${dataset.utterances.length} utterances; labels ${dataset.labels.join(', ')}`);
      console.log(table(['held out', 'UA %', 'WA %', 'macro-F1 %'], result.folds.map((f) => [f.heldOut, pct(f.ua), pct(f.wa), pct(f.macroF1)])));
      console.log(`mean ± std: UA ${pct(result.mean.ua)} ± ${pct(result.std.ua)}, WA ${pct(result.mean.wa)} ± ${pct(result.std.wa)}, macro-F1 ${pct(result.mean.macroF1)} ± ${pct(result.std.macroF1)}`);
    });
}
