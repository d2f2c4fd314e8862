import { describe, expect, it } from 'vitest';
import { aggregateFolds, canonicalJson, featureSetKey, sha256Hex, utf8Bytes } from './index.js';

describe('canonicalJson and sha256', () => {
  it('sorts keys recursively, keeps arrays, drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined }, 'é': null })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1,"é":null}');
    expect(canonicalJson(-0)).toBe('0');
    expect(canonicalJson(1e-7)).toBe('1e-7');
    expect(() => canonicalJson({ x: NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ x: new Date(0) })).toThrow(TypeError);
  });

  it('sha256 matches the standard vectors; utf8 matches TextEncoder', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    for (const s of ['plain', 'héllo wörld', '日本語', 'emoji 😀', 'lone \ud800 surrogate']) {
      expect(Array.from(utf8Bytes(s))).toEqual(Array.from(new TextEncoder().encode(s)));
    }
  });
});

describe('featureSetKey', () => {
  const base = { datasetVersion: 'ds-1', representation: 'mfcc', params: { n_mfcc: 15, n_fft: 1024, hop_length: 256 }, extractorVersion: '1.0.0' };

  it('is a 64-hex content hash, stable under key order', () => {
    const k = featureSetKey(base);
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(featureSetKey({ extractorVersion: '1.0.0', params: { hop_length: 256, n_fft: 1024, n_mfcc: 15 }, representation: 'mfcc', datasetVersion: 'ds-1' })).toBe(k);
  });

  it('changes with any parameter, representation, dataset or extractor version', () => {
    const k = featureSetKey(base);
    const variants = [
      { ...base, params: { ...base.params, n_mfcc: 20 } },
      { ...base, params: { ...base.params, center: false } },
      { ...base, representation: 'melspec' },
      { ...base, datasetVersion: 'ds-2' },
      { ...base, extractorVersion: '1.0.1' },
    ];
    const keys = variants.map(featureSetKey);
    expect(new Set([k, ...keys]).size).toBe(variants.length + 1);
  });
});

describe('aggregateFolds', () => {
  it('mean and sample std (n − 1)', () => {
    const a = aggregateFolds([
      { ua: 0.5, wa: 0.6, macroF1: 0.4 },
      { ua: 0.7, wa: 0.6, macroF1: 0.5 },
      { ua: 0.6, wa: 0.6, macroF1: 0.6 },
    ]);
    expect(a.n).toBe(3);
    expect(a.mean.ua).toBeCloseTo(0.6, 12);
    expect(a.mean.macroF1).toBeCloseTo(0.5, 12);
    expect(a.std.ua).toBeCloseTo(0.1, 12);
    expect(a.std.wa).toBe(0);
    expect(a.std.macroF1).toBeCloseTo(0.1, 12);
  });

  it('n = 1 gives std 0; no folds or NaN is a RangeError', () => {
    expect(aggregateFolds([{ ua: 0.3, wa: 0.4, macroF1: 0.2 }])).toEqual({ mean: { ua: 0.3, wa: 0.4, macroF1: 0.2 }, std: { ua: 0, wa: 0, macroF1: 0 }, n: 1 });
    expect(() => aggregateFolds([])).toThrow(RangeError);
    expect(() => aggregateFolds([{ ua: NaN, wa: 0, macroF1: 0 }])).toThrow(/folds\[0\]\.ua/);
  });
});
