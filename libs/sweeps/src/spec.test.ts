import { describe, expect, it } from 'vitest';
import {
  SPEC_KEYS,
  STUDY_PRESETS,
  SpecError,
  SweepSpecSchema,
  applyPreset,
  normalizeSpec,
  parseSweepSpec,
  specKey,
  specToYaml,
  type SpecIssue,
  type SweepSpec,
} from './index.js';

const EXAMPLE = `name: lr-grid
dataset: { format: iemocap, root: /data/IEMOCAP_full_release, classes: 4 }
grid: { representation: [mfcc], model: [lstm], lr: [1e-3, 1e-4], seqLen: [100], fcLayers: [2] }
training: { epochs: 5, batchSize: 32 }
cv: { strategy: leave-one-group-out }
seed: 1
`;

const BASE = { name: 'x', dataset: { format: 'iemocap', root: '/data' }, grid: { representation: ['mfcc'], model: ['lstm'] } };

/** Parse and return the SpecError's issues (fails the test if it does not throw one). */
function issuesOf(input: unknown): SpecIssue[] {
  try {
    parseSweepSpec(input, 'test.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return (e as SpecError).issues;
  }
  throw new Error('expected a SpecError');
}

function issueAt(issues: SpecIssue[], path: string): SpecIssue {
  const found = issues.find((i) => i.path === path);
  if (!found) throw new Error(`no issue at ${path}; got ${issues.map((i) => `${i.path}: ${i.message}`).join(' | ')}`);
  return found;
}

const withGrid = (grid: Record<string, unknown>) => ({ ...BASE, grid: { ...BASE.grid, ...grid } });

describe('parseSweepSpec: the example from the issue', () => {
  it('parses with every default filled', () => {
    const s = parseSweepSpec(EXAMPLE);
    expect(s).toEqual({
      name: 'lr-grid',
      dataset: { format: 'iemocap', root: '/data/IEMOCAP_full_release', classes: 4 },
      grid: { representation: ['mfcc'], model: ['lstm'], lr: [1e-3, 1e-4], seqLen: [100], fcLayers: [2] },
      training: {
        epochs: 5,
        batchSize: 32,
        schedule: { kind: 'cosine' },
        earlyStopping: { patience: 5, metric: 'valLoss' },
        validation: { fraction: 0.1, by: 'speaker' },
        classWeights: 'none',
      },
      search: { kind: 'grid' },
      cv: { strategy: 'leave-one-group-out' },
      seed: 1,
      device: 'cpu',
      maxConcurrentFolds: 2,
      metric: 'ua',
    } satisfies SweepSpec);
  });

  it('accepts the same spec as JSON text and as an object', () => {
    const s = parseSweepSpec(EXAMPLE);
    expect(parseSweepSpec(JSON.stringify(s, null, '\t'))).toEqual(s);
    expect(parseSweepSpec(JSON.parse(JSON.stringify(s)))).toEqual(s);
    expect(SweepSpecSchema.parse(s)).toEqual(s);
  });

  it('wraps scalars on axes, accepts classes "4" and "all", shorthands for search and cv', () => {
    const s = parseSweepSpec({ ...BASE, dataset: { ...BASE.dataset, classes: '4' }, grid: { representation: 'mfcc', model: 'lstm', lr: 0.01, seqLen: 50, fcLayers: 3 }, search: 'grid', cv: 'leave-one-group-out' });
    expect(s.grid).toEqual({ representation: ['mfcc'], model: ['lstm'], lr: [0.01], seqLen: [50], fcLayers: [3] });
    expect(s.dataset.classes).toBe(4);
    expect(parseSweepSpec({ ...BASE, dataset: { ...BASE.dataset, classes: 'all' } }).dataset.classes).toBe('all');
    expect(s.search).toEqual({ kind: 'grid' });
  });

  it('accepts every documented field', () => {
    const s = parseSweepSpec({
      name: 'full.spec_1',
      description: 'all the fields',
      dataset: { format: 'synthetic', root: '/tmp/syn', classes: 4, synthetic: { groups: 5, perSpeaker: 8, seed: 3 } },
      grid: { representation: ['pooled', 'wav2vec', 'melspec'], model: ['mlp', 'lstm', 'q2l'], lr: [1e-3], seqLen: [10, 50], fcLayers: [2, 3] },
      features: { melspec: { n_mels: 64, center: true }, mfcc: { n_mfcc: 20 } },
      wav2vecWeights: '/models/wav2vec.bin',
      training: {
        epochs: 10,
        batchSize: 16,
        schedule: { kind: 'plateau', patience: 2, gamma: 0.5, minLr: 1e-6 },
        earlyStopping: false,
        validation: { fraction: 0.2, by: 'utterance' },
        classWeights: 'balanced',
      },
      search: { kind: 'random', samples: 4, seed: 9 },
      cv: { strategy: 'group-k-fold', k: 3, folds: ['fold-1', 'fold-3'] },
      seed: 42,
      device: 'gpu',
      maxConcurrentFolds: 8,
      metric: 'macroF1',
    });
    expect(s.training.earlyStopping).toBe(false);
    expect(s.cv).toEqual({ strategy: 'group-k-fold', k: 3, folds: ['fold-1', 'fold-3'] });
    expect(s.features?.melspec).toEqual({ n_mels: 64, center: true });
  });
});

describe('parseSweepSpec: every problem names its field and the allowed values', () => {
  it('wrong enum value', () => {
    const i = issueAt(issuesOf(withGrid({ representation: ['mfc'] })), 'grid.representation[0]');
    expect(i.message).toBe('"mfc" is not one of spectrogram, melspec, mfcc, chroma, pooled, wav2vec');
    expect(issueAt(issuesOf(withGrid({ model: ['cnn'] })), 'grid.model[0]').message).toContain('mlp, lstm, q2l');
    expect(issueAt(issuesOf(withGrid({ fcLayers: [4] })), 'grid.fcLayers[0]').message).toBe('4 is not one of 2, 3');
    expect(issueAt(issuesOf({ ...BASE, device: 'tpu' }), 'device').message).toBe('"tpu" is not one of cpu, gpu');
    expect(issueAt(issuesOf({ ...BASE, dataset: { format: 'timit', root: '/x' } }), 'dataset.format').message).toBe('"timit" is not one of iemocap, manifest, synthetic');
    expect(issueAt(issuesOf({ ...BASE, metric: 'acc' }), 'metric').message).toContain('ua, wa, macroF1');
  });

  it('negative, zero and too-large lr; bad seqLen', () => {
    const issues = issuesOf(withGrid({ lr: [1e-3, -1e-4, 0, 2] }));
    expect(issueAt(issues, 'grid.lr[1]').message).toBe('-0.0001 is not a positive number ≤ 1');
    expect(issueAt(issues, 'grid.lr[2]').message).toBe('0 is not a positive number ≤ 1');
    expect(issueAt(issues, 'grid.lr[3]').message).toBe('2 is not a positive number ≤ 1');
    expect(issues.some((i) => i.path === 'grid.lr[0]')).toBe(false);
    const seq = issuesOf(withGrid({ seqLen: [0, 12.5, 6000, '100'] }));
    for (const p of ['grid.seqLen[0]', 'grid.seqLen[1]', 'grid.seqLen[2]', 'grid.seqLen[3]']) {
      expect(issueAt(seq, p).message).toMatch(/is not an integer from 1 to 5000$/);
    }
  });

  it('empty axis and duplicate values', () => {
    expect(issueAt(issuesOf(withGrid({ lr: [] })), 'grid.lr').message).toBe('is empty; expected a non-empty list of learning rates (positive numbers ≤ 1)');
    expect(issueAt(issuesOf(withGrid({ representation: [] })), 'grid.representation').message).toContain('spectrogram, melspec, mfcc');
    expect(issueAt(issuesOf(withGrid({ seqLen: [100, 50, 100] })), 'grid.seqLen[2]').message).toContain('duplicate value 100');
  });

  it('missing required fields', () => {
    const missingRoot = issueAt(issuesOf({ ...BASE, dataset: { format: 'iemocap' } }), 'dataset.root');
    expect(missingRoot.message).toMatch(/^missing; expected a non-empty path/);
    expect(issueAt(issuesOf({ ...BASE, dataset: { format: 'iemocap', root: '' } }), 'dataset.root').message).toMatch(/^"" is not a non-empty path/);
    expect(issueAt(issuesOf({ name: 'x', dataset: BASE.dataset }), 'grid').message).toMatch(/^missing; expected a mapping with keys representation, model, lr, seqLen, fcLayers/);
    expect(issueAt(issuesOf({ ...BASE, grid: { representation: ['mfcc'] } }), 'grid.model').message).toBe('missing; expected a non-empty list of models (mlp, lstm, q2l)');
    expect(issueAt(issuesOf({ ...BASE, search: { kind: 'random' } }), 'search.samples').message).toBe('missing; expected an integer from 1 to 1000000');
    expect(issueAt(issuesOf({ ...BASE, cv: { strategy: 'group-k-fold' } }), 'cv.k').message).toBe('missing; expected an integer from 2 to 100');
  });

  it('unknown keys at every level name the key and list the known ones', () => {
    const top = issueAt(issuesOf({ ...BASE, grdi: {} }), 'grdi');
    expect(top.message).toBe(`unknown key "grdi" (did you mean grid?); known keys: ${SPEC_KEYS.join(', ')}`);
    expect(issueAt(issuesOf({ ...BASE, training: { epoch: 3 } }), 'training.epoch').message).toContain('did you mean epochs?');
    expect(issueAt(issuesOf({ ...BASE, training: { schedule: { kind: 'step', step: 3 } } }), 'training.schedule.step').message).toContain('known keys: kind, stepSize, gamma, patience, minLr');
    expect(issueAt(issuesOf(withGrid({ features: {} })), 'grid.features').message).toContain('features is a top-level key');
    expect(issueAt(issuesOf({ ...BASE, features: { mfc: { n_mfcc: 3 } } }), 'features.mfc').message).toContain('known keys: spectrogram, melspec, mfcc, chroma, pooled, wav2vec');
    const two = issuesOf({ ...BASE, foo: 1, bar: 2 });
    expect(two.map((i) => i.path).sort()).toEqual(['bar', 'foo']);
  });

  it('discriminated sections: search.kind and cv.strategy', () => {
    expect(issueAt(issuesOf({ ...BASE, search: { kind: 'bayes' } }), 'search.kind').message).toBe('"bayes" is not one of grid, random');
    expect(issueAt(issuesOf({ ...BASE, cv: { strategy: 'k-fold' } }), 'cv.strategy').message).toBe('"k-fold" is not one of leave-one-group-out, group-k-fold');
    expect(issueAt(issuesOf({ ...BASE, cv: 'kfold' }), 'cv.strategy').message).toContain('leave-one-group-out, group-k-fold');
    expect(issueAt(issuesOf({ ...BASE, cv: { strategy: 'group-k-fold', k: 3, folds: ['fold-4'] } }), 'cv.folds[0]').message).toContain('fold-1, fold-2, fold-3');
    expect(issueAt(issuesOf({ ...BASE, cv: { strategy: 'leave-one-group-out', k: 3 } }), 'cv.k').message).toContain('unknown key "k"');
  });

  it('cross-field rules: wav2vec weights, schedule fields, synthetic block, empty grid', () => {
    expect(issueAt(issuesOf(withGrid({ representation: ['wav2vec'] })), 'wav2vecWeights').message).toContain('required when grid.representation includes wav2vec');
    expect(issueAt(issuesOf({ ...BASE, training: { schedule: { kind: 'cosine', stepSize: 3 } } }), 'training.schedule.stepSize').message).toBe(
      'only applies to schedule kind step (kind is cosine)',
    );
    expect(issueAt(issuesOf({ ...BASE, dataset: { ...BASE.dataset, synthetic: { groups: 2 } } }), 'dataset.synthetic').message).toContain('only allowed when dataset.format is synthetic');
    const empty = issueAt(issuesOf(withGrid({ representation: ['pooled'], model: ['lstm', 'q2l'] })), 'grid');
    expect(empty.message).toContain('no valid trial');
    expect(empty.message).toContain('use mlp');
    expect(issueAt(issuesOf({ ...BASE, training: { earlyStopping: { patience: 0 } } }), 'training.earlyStopping.patience').message).toBe('0 is not an integer from 1 to 1000');
    expect(issueAt(issuesOf({ ...BASE, training: { earlyStopping: true } }), 'training.earlyStopping').message).toContain('false or a mapping');
  });

  it('bad name and non-mapping input', () => {
    expect(issueAt(issuesOf({ ...BASE, name: 'my sweep' }), 'name').message).toContain('1–100 characters');
    expect(issueAt(issuesOf({ ...BASE, name: 'x'.repeat(101) }), 'name').message).toContain('1–100 characters');
    expect(issuesOf('just a string')[0].message).toContain('is not a mapping');
    expect(issuesOf('')[0].message).toContain('empty');
    expect(issuesOf([1, 2])[0].message).toContain('is not a mapping');
  });

  it('the thrown message lists every problem with its path', () => {
    try {
      parseSweepSpec(withGrid({ representation: ['mfc'], lr: [-1] }), 'spec.yaml');
      throw new Error('no error');
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toContain('invalid sweep spec (spec.yaml): 2 problems');
      expect(msg).toContain('grid.representation[0]: "mfc" is not one of');
      expect(msg).toContain('grid.lr[0]: -1 is not a positive number ≤ 1');
    }
  });
});

describe('parseSweepSpec: YAML text', () => {
  it('reports syntax errors with their line number', () => {
    const text = 'name: x\ndataset: { format: iemocap, root: /x\ngrid: [\n';
    const issues = issuesOf(text);
    expect(issues[0].line).toBe(3);
    expect(issues[0].message).toMatch(/^YAML\/JSON syntax error at line 3, column \d+/);
    try {
      parseSweepSpec(text, 'bad.yaml');
    } catch (e) {
      expect((e as Error).message).toMatch(/bad\.yaml.*\n.*line 3/);
    }
  });

  it('reports duplicate keys and bad JSON with line numbers', () => {
    expect(issuesOf('name: a\nname: b\n')[0].line).toBe(2);
    expect(issuesOf('{\n  "name": "x",\n  "grid": [1,\n}')[0].line).toBeGreaterThanOrEqual(3);
  });

  it('attaches the line of the offending field to validation issues', () => {
    const text = EXAMPLE.replace('lr: [1e-3, 1e-4]', 'lr: [1e-3, -1e-4]').replace('seed: 1', 'seed: 1\ndevise: gpu');
    const issues = issuesOf(text);
    expect(issueAt(issues, 'grid.lr[1]').line).toBe(3);
    expect(issueAt(issues, 'devise')).toMatchObject({ line: 7, message: expect.stringContaining('did you mean device?') });
  });
});

describe('normalizeSpec / specToYaml', () => {
  it('YAML round-trip is the identity after normalisation', () => {
    const specs: unknown[] = [
      EXAMPLE,
      { ...BASE, features: { mfcc: { n_mfcc: 20, hop_length: 256 } }, search: { kind: 'random', samples: 3 }, cv: { strategy: 'group-k-fold', k: 2, folds: ['fold-2'] } },
      { ...withGrid({ representation: ['wav2vec', 'pooled'], model: ['mlp', 'q2l'], lr: [1e-7, 0.5] }), wav2vecWeights: '/w.bin', training: { earlyStopping: false, schedule: { kind: 'step', stepSize: 10, gamma: 0.1 } }, description: 'a: b # not a comment\nsecond line' },
    ];
    for (const input of specs) {
      const spec = parseSweepSpec(input);
      const yaml = specToYaml(spec);
      const again = parseSweepSpec(yaml);
      expect(again).toEqual(normalizeSpec(spec));
      expect(specToYaml(again)).toBe(yaml);
      expect(JSON.stringify(again)).toBe(JSON.stringify(normalizeSpec(spec)));
    }
  });

  it('puts keys in canonical order regardless of input order and is idempotent', () => {
    const shuffled = { seed: 1, cv: { folds: ['Session1'], strategy: 'leave-one-group-out' }, grid: { fcLayers: [2], model: ['lstm'], representation: ['mfcc'] }, dataset: { root: '/d', format: 'iemocap' }, name: 'x' };
    const n = normalizeSpec(shuffled);
    expect(Object.keys(n)).toEqual(['name', 'dataset', 'grid', 'training', 'search', 'cv', 'seed', 'device', 'maxConcurrentFolds', 'metric']);
    expect(Object.keys(n.dataset)).toEqual(['format', 'root', 'classes']);
    expect(Object.keys(n.grid)).toEqual(['representation', 'model', 'lr', 'seqLen', 'fcLayers']);
    expect(Object.keys(n.cv)).toEqual(['strategy', 'folds']);
    expect(normalizeSpec(n)).toEqual(n);
    expect(specKey(shuffled)).toBe(specKey(n));
    expect(specKey({ ...shuffled, seed: 2 })).not.toBe(specKey(n));
  });

  it('specToYaml starts with the name and writes axes in flow style', () => {
    const y = specToYaml(parseSweepSpec(EXAMPLE));
    expect(y.startsWith('name: lr-grid\n')).toBe(true);
    expect(y).toContain('lr: [ 0.001, 0.0001 ]');
  });
});

describe('study presets', () => {
  it('cover the report grids and validate with a dataset', () => {
    expect(Object.keys(STUDY_PRESETS).sort()).toEqual(['study-fc', 'study-lr', 'study-seqlen', 'study-v0']);
    const dataset = { format: 'iemocap', root: '/data/IEMOCAP_full_release' };
    const lr = applyPreset('study-lr', { dataset, wav2vecWeights: '/w2v.bin' });
    expect(lr.grid.lr).toEqual([1e-3, 1e-4, 1e-5, 1e-6]);
    const seq = applyPreset('study-seqlen', { dataset, wav2vecWeights: '/w2v.bin' });
    expect(seq.grid.seqLen).toEqual([10, 50, 100, 150, 200]);
    expect(seq.grid.representation).toEqual(['melspec', 'mfcc', 'wav2vec']);
    expect(applyPreset('study-fc', { dataset }).grid.fcLayers).toEqual([2, 3]);
    const v0 = applyPreset('study-v0', { dataset });
    expect(v0.grid).toMatchObject({ representation: ['pooled'], model: ['mlp'] });
    expect(v0.dataset.classes).toBe('all');
    expect(applyPreset('study-v0', { dataset: { ...dataset, classes: 4 } }).dataset.classes).toBe(4);
    expect(applyPreset('study-fc', { dataset, grid: { lr: [1e-4] } }).grid).toMatchObject({ lr: [1e-4], fcLayers: [2, 3] });
  });

  it('errors clearly without wav2vec weights or with an unknown preset', () => {
    expect(() => applyPreset('study-lr', { dataset: { format: 'iemocap', root: '/d' } })).toThrow(/wav2vecWeights: required when grid.representation includes wav2vec/);
    expect(() => applyPreset('nope', {})).toThrow(/expected one of study-lr/);
  });
});
