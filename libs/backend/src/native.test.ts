import { describe, expect, it } from 'vitest';
import { backendInfo, initBackend, isNative, tf } from './select.js';
import { countKernels, nativeAttr, runNativeOp } from './native.js';

const name = await initBackend();
const native = name === 'tensorflow';
const why = native ? '' : ` (skipped: backend is '${name}', not 'tensorflow'; run bash infra/native-tfjs.sh)`;

describe('backend info', () => {
  it('reports the backend, its TensorFlow library and fused kernels', () => {
    const info = backendInfo();
    expect(info.name).toBe(name);
    expect(info.native).toBe(isNative());
    if (native) {
      expect(info.tensorflowVersion).toMatch(/^2\.\d+/);
      expect(info.fusedKernels).toBe(true);
    } else expect(info.fusedKernels).toBe(false);
  });
});

describe.skipIf(!native)(`native ops${why}`, () => {
  it('runs a TensorFlow op directly, with an int64 input, without leaking tensors', () => {
    const before = tf.memory().numTensors;
    const y = tf.tidy(() => {
      const [out] = runNativeOp('Range', [nativeAttr.dtype('Tidx', 'int32')], [tf.scalar(0, 'int32'), tf.scalar(5, 'int32'), tf.scalar(1, 'int32')], 1);
      return out;
    });
    expect(Array.from(y.dataSync())).toEqual([0, 1, 2, 3, 4]);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('counts the TensorFlow ops a function dispatches', async () => {
    const a = tf.ones([4, 4]);
    const { kernels } = await countKernels(() => tf.tidy(() => tf.matMul(a, a).add(1).sum().dataSync()));
    expect(kernels).toBeGreaterThanOrEqual(3);
    expect(kernels).toBeLessThan(10);
    a.dispose();
  });
});
