import { describe, expect, it } from 'vitest';
import { initBackend, tf } from './select.js';

describe('backend selection', () => {
  it('picks a working backend and computes with it', async () => {
    const name = await initBackend();
    expect(['tensorflow', 'wasm', 'cpu']).toContain(name);
    expect(tf.getBackend()).toBe(name);
    const y = tf.tidy(() => tf.tensor1d([1, 2, 3]).square().sum().dataSync()[0]);
    expect(y).toBe(14);
  });
});
