import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, isNative, tf } from '@emosweep/backend';
import { buildModel, deriveSeed, loadWeights, type ModelConfig } from '@emosweep/models';
import {
  computeNormalizer,
  predictLogits,
  trainFold,
  validationSplit,
  type Checkpoint,
  type EpochRecord,
  type Sample,
  type TrainFoldOptions,
} from '../src/index.js';
import { LABELS4, synthetic } from './synthetic.js';

beforeAll(async () => {
  await initBackend();
});

const DIMS = 6;
const data = synthetic({ dims: DIMS, groups: 3, perClass: 4 });
const train = data.filter((s) => s.group !== 'Session3');
const test = data.filter((s) => s.group === 'Session3');

const MODELS: Record<'mlp' | 'lstm' | 'q2l', ModelConfig> = {
  mlp: { kind: 'mlp', inputDim: DIMS, numClasses: 4, hiddenUnits: 16 },
  lstm: { kind: 'lstm', inputDim: DIMS, numClasses: 4, lstmUnits: 8, hiddenUnits: 8 },
  q2l: { kind: 'q2l', inputDim: DIMS, numClasses: 4, q2l: { ffDim: 16, heads: 2 } },
};

const base = (over: Partial<TrainFoldOptions> = {}): TrainFoldOptions => ({
  train,
  test,
  labels: LABELS4,
  model: MODELS.lstm,
  lr: 1e-2,
  seqLen: 6,
  batchSize: 16,
  epochs: 3,
  seed: 11,
  ...over,
});

const withoutTime = (rs: EpochRecord[]) => rs.map(({ seconds: _s, ...r }) => r);

describe('trainFold learns a separable corpus', () => {
  it.each(['mlp', 'lstm', 'q2l'] as const)('%s reaches a high UA on the held-out group within 8 epochs', async (kind) => {
    const r = await trainFold(base({ model: MODELS[kind], epochs: 8 }));
    expect(r.metrics.ua).toBeGreaterThanOrEqual(0.8);
    expect(r.epochs.length).toBe(8);
    expect(r.epochs[7].trainLoss).toBeLessThan(r.epochs[0].trainLoss);
    expect(r.sizes).toEqual({ train: 48, validation: 16, test: 32 });
    expect(r.predictions.length).toBe(test.length);
    expect(r.metrics.confusion.flat().reduce((a, b) => a + b, 0)).toBe(test.length);
  });
});

describe('trainFold behaviour', () => {
  it('is deterministic: the same seed gives identical epochs and metrics; another seed differs', async () => {
    const a = await trainFold(base());
    const b = await trainFold(base());
    const c = await trainFold(base({ seed: 12 }));
    expect(withoutTime(b.epochs)).toEqual(withoutTime(a.epochs));
    expect(b.metrics).toEqual(a.metrics);
    expect(b.bestWeights).toEqual(a.bestWeights);
    expect(c.epochs[0].trainLoss).not.toBe(a.epochs[0].trainLoss);
  });

  it('is deterministic with dropout (Query2Label)', async () => {
    const opts = base({ model: { ...MODELS.q2l, q2l: { ffDim: 16, heads: 2, dropout: 0.2 } }, epochs: 2 });
    const [a, b] = [await trainFold(opts), await trainFold(opts)];
    expect(withoutTime(b.epochs)).toEqual(withoutTime(a.epochs));
  });

  it('keeps tf.memory flat across epochs and releases everything at the end', async () => {
    const before = tf.memory().numTensors;
    for (const kind of ['lstm', 'q2l'] as const) {
      const counts: number[] = [];
      await trainFold(base({ model: MODELS[kind], epochs: 4, onEpoch: () => void counts.push(tf.memory().numTensors) }));
      expect(new Set(counts).size).toBe(1);
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  it('takes normalisation statistics from the training split only', async () => {
    const shifted: Sample[] = test.map((s) => ({ ...s, features: { ...s.features, data: s.features.data.map((v) => v + 1000) } }));
    const r = await trainFold(base({ test: shifted, epochs: 1 }));
    const split = validationSplit(train, { seed: deriveSeed(11, 'validation') });
    const expected = computeNormalizer(split.train);
    expect(r.normalizer).toEqual(expected);
    expect(computeNormalizer(train)).not.toEqual(expected); // validation excluded too
  });

  it('stops early when the monitored metric stops improving', async () => {
    const r = await trainFold(base({ lr: 1e-9, epochs: 10, earlyStopping: { patience: 2, metric: 'valUa' } }));
    expect(r.stoppedEarly).toBe(true);
    expect(r.epochs.length).toBe(3);
    expect(r.bestEpoch).toBe(1);
  });

  it('reduces the learning rate on a plateau; step schedule per epoch', async () => {
    const p = await trainFold(base({ lr: 1e-9, epochs: 4, schedule: { kind: 'plateau', patience: 0, factor: 0.5, metric: 'valUa' } }));
    expect(p.epochs.map((e) => e.lr)).toEqual([1e-9, 1e-9, 5e-10, 2.5e-10]);
    const s = await trainFold(base({ epochs: 3, schedule: { kind: 'step', stepSize: 1, gamma: 0.1 } }));
    expect(s.epochs.map((e) => e.lr)).toEqual([1e-2, 1e-2 * 0.1, 1e-2 * 0.1 ** 2]);
  });

  it('returns the best epoch’s weights; loading them reproduces the test predictions', async () => {
    const r = await trainFold(base({ epochs: 4, classWeights: 'balanced' }));
    const best = r.epochs.reduce((a, e) => (e.valLoss! < a.valLoss! ? e : a));
    expect(r.bestEpoch).toBe(best.epoch);
    const model = buildModel(MODELS.lstm, 0);
    loadWeights(model, r.bestWeights);
    const logits = await predictLogits(model, 'lstm', test, { seqLen: 6, normalizer: r.normalizer });
    expect(logits.map((l) => l.indexOf(Math.max(...l)))).toEqual(r.predictions);
    model.dispose();
  });

  it('resumes from an epoch-k checkpoint and continues exactly as the uninterrupted run', async () => {
    const checkpoints: Checkpoint[] = [];
    const full = await trainFold(base({ epochs: 4, onCheckpoint: async (c) => void checkpoints.push(c) }));
    expect(checkpoints.map((c) => c.epoch)).toEqual([1, 2, 3, 4]);
    const k = checkpoints[1];
    const bestBefore = checkpoints.filter((c) => c.epoch <= 2 && c.best).at(-1)!;
    const resumed = await trainFold(
      base({
        epochs: 4,
        resume: { weights: k.weights, epoch: 2, optimizerState: k.optimizerState, state: k.state, bestWeights: bestBefore.weights },
      }),
    );
    expect(withoutTime(resumed.epochs)).toEqual(withoutTime(full.epochs));
    expect(resumed.metrics).toEqual(full.metrics);
    expect(resumed.bestWeights).toEqual(full.bestWeights);
  });

  it('rejects bad options with errors naming the option', async () => {
    await expect(trainFold(base({ seqLen: 0 }))).rejects.toThrow(/seqLen: must be a positive integer, got 0/);
    await expect(trainFold(base({ model: { ...MODELS.lstm, kind: 'cnn' as never } }))).rejects.toThrow(/model\.kind: unknown model kind "cnn"/);
    await expect(trainFold(base({ labels: undefined as never }))).rejects.toThrow(/labels: need at least 2 class names/);
    await expect(trainFold(base({ labels: ['a', 'b', 'c'] }))).rejects.toThrow(/model\.numClasses: is 4 but labels has 3/);
    await expect(trainFold(base({ model: { ...MODELS.lstm, inputDim: 7 } }))).rejects.toThrow(/model\.inputDim: is 7 but the features have 6 dims/);
    await expect(trainFold(base({ test: train.slice(0, 3) }))).rejects.toThrow(/test: group\(s\) Session1 appear in both train and test/);
    await expect(trainFold(base({ lr: -1 }))).rejects.toThrow(/lr: must be a positive number/);
    await expect(trainFold(base({ epochs: 0 }))).rejects.toThrow(/epochs/);
    await expect(trainFold(base({ classWeights: [1, 2] }))).rejects.toThrow(/classWeights/);
    await expect(trainFold(base({ validation: false, earlyStopping: { patience: 2 } }))).rejects.toThrow(/earlyStopping: needs a validation split/);
    await expect(trainFold(base({ train: [{ ...train[0], label: 9 }, ...train] }))).rejects.toThrow(/train: sample .* has label 9/);
    await expect(trainFold(base({ model: { ...MODELS.lstm, lstmImpl: 'nope' as never } }))).rejects.toThrow(/model\.lstmImpl/);
  });

  it('trains with the fused LSTM (tensorflow backend); its checkpoint predicts the same through the reference LSTM', async (ctx) => {
    if (!isNative()) return ctx.skip();
    const counts: number[] = [];
    const r = await trainFold(base({ model: { ...MODELS.lstm, lstmImpl: 'fused' }, epochs: 8, onEpoch: () => void counts.push(tf.memory().numTensors) }));
    expect(r.metrics.ua).toBeGreaterThanOrEqual(0.8);
    expect(new Set(counts.slice(1)).size).toBe(1);
    const ref = buildModel(MODELS.lstm, 0);
    loadWeights(ref, r.bestWeights);
    const logits = await predictLogits(ref, 'lstm', test, { seqLen: 6, normalizer: r.normalizer });
    expect(logits.map((l) => l.indexOf(Math.max(...l)))).toEqual(r.predictions);
    ref.dispose();
  });

  it('trains without a validation split (best = last epoch)', async () => {
    const r = await trainFold(base({ validation: false, epochs: 2 }));
    expect(r.bestEpoch).toBe(2);
    expect(r.epochs[0].valLoss).toBeNull();
    expect(r.sizes.validation).toBe(0);
  });
});
