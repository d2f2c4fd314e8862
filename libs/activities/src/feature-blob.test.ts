import { describe, expect, it } from 'vitest';
import { blobMatrix, decodeFeatureBlob, encodeFeatureBlob } from './feature-blob.js';

describe('feature blob', () => {
  it('round-trips utterances of different lengths', () => {
    const a = { id: 'a', frames: 2, dims: 3, data: Float32Array.from([1, 2, 3, 4, 5, 6]) };
    const b = { id: 'b', frames: 1, dims: 3, data: Float32Array.from([7, 8, 9]) };
    const blob = decodeFeatureBlob(encodeFeatureBlob([a, b]), 'test');
    expect(blob.ids).toEqual(['a', 'b']);
    expect(Array.from(blobMatrix(blob, 0).data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(blobMatrix(blob, 1).data)).toEqual([7, 8, 9]);
  });
  it('rejects foreign and truncated bytes naming the source', () => {
    const bytes = encodeFeatureBlob([{ id: 'a', frames: 2, dims: 2, data: new Float32Array(4) }]);
    expect(() => decodeFeatureBlob(bytes.subarray(0, bytes.length - 4), 'features/k')).toThrow('features/k: truncated feature set');
    expect(() => decodeFeatureBlob(new Uint8Array(20), 'x.bin')).toThrow('x.bin: not an emosweep feature set');
  });
  it('refuses utterances with different dims', () => {
    expect(() =>
      encodeFeatureBlob([
        { id: 'a', frames: 1, dims: 2, data: new Float32Array(2) },
        { id: 'b', frames: 1, dims: 3, data: new Float32Array(3) },
      ]),
    ).toThrow('utterance b has 3 dims, expected 2');
  });
});
