import { readdir, readFile, mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWavInfo } from '@emosweep/audio';
import { InputError } from '@emosweep/common';
import { datasetVersion, generateSyntheticCorpus, importIemocap, summarizeDataset } from '../src/index.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'emosweep-synth-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function allFiles(root: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const e of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const p = path.join(e.parentPath, e.name);
    out.set(path.relative(root, p), await readFile(p));
  }
  return out;
}

describe('generateSyntheticCorpus', () => {
  const small = { groups: 5, perSpeaker: 2, seed: 42 };

  it('writes an IEMOCAP-layout corpus that importIemocap reads back', async () => {
    const progress: number[] = [];
    const r = await generateSyntheticCorpus(path.join(tmp, 'a'), { ...small, onProgress: (d) => progress.push(d) });
    expect(r).toEqual({ root: path.join(tmp, 'a'), utterances: 20 });
    expect(progress.at(-1)).toBe(20);

    const d = await importIemocap(r.root);
    const s = summarizeDataset(d);
    expect(s.utterances).toBe(20);
    expect(s.groups).toEqual({ Session1: 4, Session2: 4, Session3: 4, Session4: 4, Session5: 4 });
    expect(Object.keys(s.speakers)).toHaveLength(10);
    expect(Object.values(s.speakers).every((n) => n === 2)).toBe(true);
    expect(s.labels).toEqual({ neutral: 5, happy: 5, sad: 5, angry: 5 });
    expect(s.dropped).toEqual({});
    expect(new Set(d.utterances.map((u) => u.dialog))).toContain('Ses01M_script01_1');
    for (const u of d.utterances) {
      expect(u.id).toMatch(/^Ses0\dF_impro01_[FM]\d{3}$|^Ses0\dM_script01_1_[FM]\d{3}$/);
      expect(u.speaker).toBe(`${u.id.slice(0, 5)}${u.id.at(-4)}`);
      expect(u.durationSec).toBeGreaterThan(0.8);
      expect(u.durationSec).toBeLessThan(4);
      expect(await readWavInfo(u.path)).toMatchObject({ sampleRate: 16000, channels: 1, bitDepth: '16' });
    }
    // happy is written as IEMOCAP's hap or exc, merged by the 4-class mapping
    const all = await importIemocap(r.root, { classes: 'all' });
    expect(all.utterances).toHaveLength(20);
    expect(all.labels.every((l) => ['neutral', 'happy', 'excited', 'sad', 'angry'].includes(l))).toBe(true);
  });

  it('is deterministic by seed: same labels and identical bytes', async () => {
    const a = await allFiles((await generateSyntheticCorpus(path.join(tmp, 'b1'), small)).root);
    const b = await allFiles((await generateSyntheticCorpus(path.join(tmp, 'b2'), small)).root);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [k, v] of a) expect(b.get(k)!.equals(v), k).toBe(true);

    const other = await importIemocap((await generateSyntheticCorpus(path.join(tmp, 'b3'), { ...small, seed: 43 })).root);
    const same = await importIemocap(path.join(tmp, 'b1'));
    expect(other.utterances.map((u) => u.label)).not.toEqual(same.utterances.map((u) => u.label));
    expect(datasetVersion(other)).not.toBe(datasetVersion(same));
  });

  it('regenerates its own folder in place and refuses a foreign non-empty one', async () => {
    const root = path.join(tmp, 'c');
    await generateSyntheticCorpus(root, { groups: 2, perSpeaker: 1, seed: 1 });
    const r = await generateSyntheticCorpus(root, { groups: 1, perSpeaker: 1, seed: 1 });
    expect(await readdir(root)).toEqual(['Session1', 'emosweep-synthetic.json']);
    expect((await importIemocap(r.root)).utterances).toHaveLength(2);

    const foreign = path.join(tmp, 'foreign');
    await mkdir(foreign);
    await writeFile(path.join(foreign, 'thesis.tex'), '');
    await expect(generateSyntheticCorpus(foreign, { groups: 1, perSpeaker: 1 })).rejects.toThrow(InputError);
    await expect(generateSyntheticCorpus(path.join(tmp, 'd'), { groups: 0 })).rejects.toThrow(/groups: must be a whole number/);
  });
});
