import { describe, expect, it } from 'vitest';
import { countKernels } from './native.js';
import { flatAdam, FlatAdamOptimizer } from './flat-adam.js';
import { softmaxCrossEntropy } from './losses.js';
import { initBackend, tf } from './select.js';

await initBackend();

function problem(seed: number) {
  const vars = [
    tf.variable(tf.randomNormal([5, 8], 0, 1, 'float32', seed)),
    tf.variable(tf.randomNormal([8], 0, 1, 'float32', seed + 1)),
    tf.variable(tf.randomNormal([8, 3], 0, 1, 'float32', seed + 2)),
  ];
  const x = tf.randomNormal([16, 5], 0, 1, 'float32', 99);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 3), 'int32'), 3).toFloat();
  const loss = () =>
    tf.tidy(() => {
      const h = tf.relu(tf.add(tf.matMul(x, vars[0]), vars[1]));
      return tf.mean(softmaxCrossEntropy(tf.matMul(h, vars[2]), y)) as tf.Scalar;
    });
  return { vars, loss };
}

function run(opt: tf.Optimizer, p: ReturnType<typeof problem>, steps: number): number[] {
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    const l = opt.minimize(p.loss, true, p.vars)!;
    losses.push(l.dataSync()[0]);
    l.dispose();
  }
  return losses;
}

const maxRel = (a: tf.Tensor[], b: tf.Tensor[]) =>
  Math.max(...a.map((t, i) => tf.tidy(() => tf.max(tf.abs(tf.sub(t, b[i]))).dataSync()[0] / tf.max(tf.abs(b[i])).dataSync()[0])));

describe('FlatAdamOptimizer', () => {
  it('follows the same trajectory as tf.train.adam', () => {
    const a = problem(1), b = problem(1);
    const la = run(tf.train.adam(0.05, 0.9, 0.999, 1e-8), a, 15);
    const lb = run(flatAdam(0.05, 0.9, 0.999, 1e-8), b, 15);
    expect(lb[14]).toBeLessThan(lb[0]);
    lb.forEach((l, i) => expect(Math.abs(l - la[i]) / la[i]).toBeLessThan(1e-4));
    expect(maxRel(b.vars, a.vars)).toBeLessThan(1e-4); // float32 rounding of a different op order, amplified by Adam
  });

  it('is an AdamOptimizer and runs far fewer kernels per step', async () => {
    const a = problem(2), b = problem(2);
    const ta = tf.train.adam(0.01), tb = flatAdam(0.01);
    expect(tb).toBeInstanceOf(tf.AdamOptimizer);
    run(ta, a, 1);
    run(tb, b, 1);
    const ka = (await countKernels(() => run(ta, a, 1))).kernels;
    const kb = (await countKernels(() => run(tb, b, 1))).kernels;
    expect(kb).toBeLessThan(ka);
  });

  it('saves and restores its state in AdamOptimizer\'s format, both ways', async () => {
    const ref = problem(3);
    const full = run(flatAdam(0.02), ref, 8);
    // 4 steps, state → a fresh FlatAdam and a fresh tf.train.adam, 4 more steps each.
    for (const make of [() => flatAdam(0.02), () => tf.train.adam(0.02)]) {
      const p = problem(3);
      const first = flatAdam(0.02);
      run(first, p, 4);
      const state = await first.getWeights();
      expect(state.map((w) => w.name).slice(1, 4)).toEqual(p.vars.map((v) => `${v.name}/m`));
      const next = make();
      await next.setWeights(state);
      const rest = run(next, p, 4);
      rest.forEach((l, i) => expect(Math.abs(l - full[4 + i]) / full[4 + i]).toBeLessThan(1e-5));
    }
    // tf.train.adam's state → FlatAdam
    const p = problem(3);
    const first = tf.train.adam(0.02);
    run(first, p, 4);
    const next = new FlatAdamOptimizer(0.02);
    await next.setWeights(await first.getWeights());
    run(next, p, 4).forEach((l, i) => expect(Math.abs(l - full[4 + i]) / full[4 + i]).toBeLessThan(1e-5));
  });
});

describe('softmaxCrossEntropy', () => {
  it('matches −Σ y·logSoftmax, value and gradient', () => {
    const logits = tf.randomNormal([6, 4], 0, 2, 'float32', 5);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 0, 1], 'int32'), 4).toFloat();
    const w = tf.tensor1d([1, 2, 3, 4, 5, 6]);
    const ref = (l: tf.Tensor) => tf.sum(tf.mul(tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(l, -1)), -1)), w));
    const mine = (l: tf.Tensor) => tf.sum(tf.mul(softmaxCrossEntropy(l, y), w));
    expect(maxRel([mine(logits)], [ref(logits)])).toBeLessThan(1e-6);
    expect(maxRel([tf.grad(mine)(logits)], [tf.grad(ref)(logits)])).toBeLessThan(1e-5);
  });
});
