import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeWav16 } from '@emosweep/audio';
import { generateSyntheticCorpus } from '@emosweep/datasets';

const run = promisify(execFile);
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/emosweep.js');
const repoRoot = path.resolve(path.dirname(bin), '../../..');

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd: repoRoot, env: { ...process.env, EMOSWEEP_LOG_LEVEL: 'error' }, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let tmp: string;
let corpus: string;

describe('emosweep CLI', () => {
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'emosweep-cli-'));
    corpus = path.join(tmp, 'corpus');
    await generateSyntheticCorpus(corpus, { groups: 5, perSpeaker: 2, seed: 5 });
  }, 120_000);

  it('inspect --json prints counts per group, label and speaker', async () => {
    const r = await cli('inspect', corpus, '--format', 'iemocap', '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.utterances).toBe(20);
    expect(Object.keys(s.groups)).toEqual(['Session1', 'Session2', 'Session3', 'Session4', 'Session5']);
    expect(Object.values(s.labels as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(20);
    expect(Object.keys(s.speakers)).toHaveLength(10);
    expect(s.dropped).toEqual({});
  });

  it('features writes frames × dims JSON with librosa parameter names', async () => {
    const wav = path.join(tmp, 'tone.wav');
    const y = Float32Array.from({ length: 16000 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 220 * i) / 16000));
    await fs.writeFile(wav, encodeWav16(y, 16000));
    const out = path.join(tmp, 'mfcc.json');
    const r = await cli('features', wav, '--repr', 'mfcc', '--out', out);
    expect(r.code).toBe(0);
    const f = JSON.parse(await fs.readFile(out, 'utf8'));
    // center=true (librosa's default for mfcc): 1 + floor(16000 / 256) frames of 15 coefficients
    expect(f.shape).toEqual([63, 15]);
    expect(f.data).toHaveLength(63);
    const melOut = path.join(tmp, 'mel.json');
    expect((await cli('features', wav, '--repr', 'melspec', '--param', 'n_mels=40', '--out', melOut)).code).toBe(0);
    expect(JSON.parse(await fs.readFile(melOut, 'utf8')).shape[1]).toBe(40);
  });

  it('model summary reports the study counts (single-bias LSTM: 512 fewer)', async () => {
    const r = await cli('model', 'summary', '--model', 'lstm', '--repr', 'mfcc', '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.params).toBe(91_268 - 512);
    expect(s.layers.length).toBeGreaterThan(2);
  });

  it('cv runs leave-one-group-out in-process', async () => {
    const r = await cli('cv', corpus, '--format', 'iemocap', '--repr', 'mfcc', '--model', 'lstm', '--epochs', '1', '--seq-len', '20', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.folds.map((f: { heldOut: string }) => f.heldOut)).toEqual(['Session1', 'Session2', 'Session3', 'Session4', 'Session5']);
    for (const f of out.folds) expect(f.confusion).toHaveLength(4);
    expect(out.mean.ua).toBeGreaterThanOrEqual(0);
    expect(out.std.ua).toBeGreaterThanOrEqual(0);
  }, 120_000);

  it('sweep dry-run counts trials × folds and the feature sets needed', async () => {
    const r = await cli('sweep', 'dry-run', 'examples/quickstart.yaml', '--json');
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.trials).toBe(4);
    expect(plan.foldRuns).toBe(20);
    expect(plan.featureSets.map((f: { representation: string }) => f.representation)).toEqual(['mfcc']);
  });

  it('bad input names the input and the problem, with exit code 2', async () => {
    const spec = path.join(tmp, 'bad.yaml');
    await fs.writeFile(spec, 'name: x\ndataset: { format: iemocap, root: /nowhere }\ngrid: { representation: [mfc], model: [lstm] }\n');
    const bad = await cli('sweep', 'run', spec);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/grid\.representation\[0\].*mfc/);
    const missing = await cli('sweep', 'run', path.join(tmp, 'missing.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing.yaml: cannot read the sweep spec (ENOENT)');
    const fmt = await cli('inspect', corpus, '--format', 'bogus');
    expect(fmt.code).toBe(2);
    expect(fmt.stderr).toContain('--format: "bogus" is not one of iemocap, manifest');
    const notWav = path.join(tmp, 'not.wav');
    await fs.writeFile(notWav, 'hello');
    const w = await cli('features', notWav, '--repr', 'mfcc', '--out', path.join(tmp, 'x.json'));
    expect(w.code).toBe(2);
    expect(w.stderr).toContain('not.wav');
  });
});
