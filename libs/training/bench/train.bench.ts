/**
 * V1 (LSTM(128) → 128 ReLU → 4) training and inference throughput on the current tfjs backend,
 * through the real code path: buildModel → trainFold's step (`trainStep`: Adam on class-weighted
 * softmax cross-entropy, host windows cropped by `trainWindows`, loss accumulated on the device)
 * and predictLogits-style inference (model.apply, logits read back).
 *
 *   npx tsx libs/training/bench/train.bench.ts [--path reference|fused] [--cases mfcc,mel]
 *       [--iters 3] [--warmup 1] [--json]
 *   EMOSWEEP_BACKEND=wasm npx tsx libs/training/bench/train.bench.ts
 *
 * Kernels per batch: `countKernels` from @emosweep/backend (TensorFlow ops through the binding on
 * `tensorflow`, tfjs kernels via tf.profile elsewhere). `benchTrain` is exported for the wider
 * benchmark (other backends, fused path, PyTorch/Keras peers).
 */
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { countKernels, initBackend, tf } from '@emosweep/backend';
import { buildModel, mulberry32, type LstmImpl } from '@emosweep/models';
import { computeNormalizer, inputTensors, inverseStd, trainStep, trainWindows, windowsBatch, type Sample } from '../src/index.js';

export interface BenchCase {
  name: string;
  /** Frames per window (sequence length). */
  seqLen: number;
  dims: number;
  batch: number;
  classes: number;
  units: number;
}

export const BENCH_CASES: Record<string, BenchCase> = {
  mfcc: { name: 'V1 MFCC 32×150×15', seqLen: 150, dims: 15, batch: 32, classes: 4, units: 128 },
  mel: { name: 'V1 mel 32×100×80', seqLen: 100, dims: 80, batch: 32, classes: 4, units: 128 },
};

export interface BenchResult {
  case: string;
  path: LstmImpl;
  backend: string;
  trainSamplesPerSec: number;
  inferSamplesPerSec: number;
  msPerTrainBatch: number;
  msPerInferBatch: number;
  trainKernelsPerBatch: number;
  inferKernelsPerBatch: number;
  /** Loss at the end (finite = the step trains). */
  finalLoss: number;
  /** tf.memory().numTensors after minus before (0 = no leak). */
  leakedTensors: number;
  load1: number;
}

function syntheticSamples(c: BenchCase, n: number, seed: number): Sample[] {
  const rng = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const frames = 2 * c.seqLen;
    const data = Float32Array.from({ length: frames * c.dims }, () => rng() * 2 - 1);
    return { id: `u${i}`, features: { frames, dims: c.dims, data }, label: i % c.classes, group: 'g', speaker: 's' };
  });
}

export async function benchTrain(opts: { path?: LstmImpl; cases?: BenchCase[]; iters?: number; warmup?: number } = {}): Promise<BenchResult[]> {
  const path = opts.path ?? 'reference';
  const iters = opts.iters ?? 3;
  const warmup = opts.warmup ?? 1;
  const results: BenchResult[] = [];
  for (const c of opts.cases ?? Object.values(BENCH_CASES)) {
    const before = tf.memory().numTensors;
    const samples = syntheticSamples(c, c.batch * 4, 1);
    const normalizer = computeNormalizer(samples);
    const scale = inverseStd(normalizer);
    const model = buildModel({ kind: 'lstm', inputDim: c.dims, numClasses: c.classes, lstmUnits: c.units, hiddenUnits: c.units, lstmImpl: path }, 1);
    const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
    const varList = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const rng = mulberry32(2);
    let lossSum: tf.Tensor = tf.scalar(0);

    const step = (b: number) => {
      const batch = samples.slice((b % 4) * c.batch, (b % 4 + 1) * c.batch);
      const inputs = inputTensors('lstm', trainWindows(batch, c.seqLen, normalizer, scale, rng));
      const oneHot = tf.tidy(() => tf.oneHot(tf.tensor1d(batch.map((s) => s.label), 'int32'), c.classes).toFloat());
      const w = tf.ones([batch.length]);
      const cost = trainStep(model, 'lstm', optimizer, varList, inputs, oneHot, w);
      const next = tf.tidy(() => tf.add(lossSum, cost));
      tf.dispose([lossSum, cost, oneHot, w, ...inputs]);
      lossSum = next;
    };
    const inferBatch = tf.tidy(() => inputTensors('lstm', windowsBatch(samples.slice(0, c.batch).map((sample) => ({ sample, start: 0 })), c.seqLen, normalizer, scale)));
    const infer = async () => {
      const logits = tf.tidy(() => model.apply(inferBatch, { training: false }) as tf.Tensor);
      await logits.data();
      logits.dispose();
    };

    for (let i = 0; i < warmup; i++) step(i);
    await lossSum.data();
    const { kernels: trainKernels } = await countKernels(async () => {
      step(0);
      await lossSum.data();
    });
    let t0 = performance.now();
    for (let i = 0; i < iters; i++) step(i);
    const finalLoss = (await lossSum.data())[0] / (warmup + 1 + iters);
    const msTrain = (performance.now() - t0) / iters;

    await infer();
    const { kernels: inferKernels } = await countKernels(infer);
    t0 = performance.now();
    for (let i = 0; i < iters; i++) await infer();
    const msInfer = (performance.now() - t0) / iters;

    tf.dispose([lossSum, ...inferBatch]);
    optimizer.dispose();
    model.dispose();
    results.push({
      case: c.name,
      path,
      backend: tf.getBackend(),
      trainSamplesPerSec: (1000 * c.batch) / msTrain,
      inferSamplesPerSec: (1000 * c.batch) / msInfer,
      msPerTrainBatch: msTrain,
      msPerInferBatch: msInfer,
      trainKernelsPerBatch: trainKernels,
      inferKernelsPerBatch: inferKernels,
      finalLoss,
      leakedTensors: tf.memory().numTensors - before,
      load1: Number(os.loadavg()[0].toFixed(2)),
    });
  }
  return results;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const opt = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
  };
  const path = opt('path', 'reference');
  if (path !== 'reference' && path !== 'fused') throw new Error(`--path must be 'reference' or 'fused', got '${path}'`);
  const names = opt('cases', Object.keys(BENCH_CASES).join(',')).split(',');
  const unknown = names.filter((n) => !(n in BENCH_CASES));
  if (unknown.length) throw new Error(`--cases: unknown ${unknown.join(', ')} (known: ${Object.keys(BENCH_CASES).join(', ')})`);
  await initBackend();
  const results = await benchTrain({
    path,
    cases: names.map((n) => BENCH_CASES[n]),
    iters: Number(opt('iters', '3')),
    warmup: Number(opt('warmup', '1')),
  });
  if (argv.includes('--json')) {
    process.stdout.write(JSON.stringify(results, null, 2) + '\n');
    return;
  }
  const f = (n: number, d = 1) => n.toFixed(d);
  console.log(`backend ${tf.getBackend()}, path ${path}, load ${os.loadavg()[0].toFixed(2)} (1 min), ${os.cpus().length} cores`);
  console.log(['case', 'train samples/s', 'ms/batch', 'kernels/batch', 'infer samples/s', 'ms/batch', 'kernels/batch', 'leak'].join(' | '));
  for (const r of results) {
    console.log(
      [r.case, f(r.trainSamplesPerSec), f(r.msPerTrainBatch, 0), r.trainKernelsPerBatch, f(r.inferSamplesPerSec), f(r.msPerInferBatch, 0), r.inferKernelsPerBatch, r.leakedTensors].join(' | '),
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
