import { describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint-container.js';

describe('checkpoint container', () => {
  it('round-trips sections and metadata', () => {
    const c = { sections: { weights: Uint8Array.from([1, 2, 3]), optimizer: Uint8Array.from([9]) }, meta: { epoch: 4, state: { wait: 1 } } };
    const back = decodeCheckpoint(encodeCheckpoint(c), 'k');
    expect(Array.from(back.sections.weights)).toEqual([1, 2, 3]);
    expect(Array.from(back.sections.optimizer)).toEqual([9]);
    expect(back.meta).toEqual({ epoch: 4, state: { wait: 1 } });
  });
  it('rejects truncated or foreign bytes naming the source', () => {
    const bytes = encodeCheckpoint({ sections: { weights: new Uint8Array(10) }, meta: {} });
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 1), 'ckpt/a')).toThrow('ckpt/a: truncated checkpoint (section weights)');
    expect(() => decodeCheckpoint(new Uint8Array(16), 'ckpt/b')).toThrow('ckpt/b: not an emosweep checkpoint');
  });
});
