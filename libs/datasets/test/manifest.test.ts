import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '@emosweep/common';
import { datasetVersion, importManifest, summarizeDataset } from '../src/index.js';
import { tone, writeTree } from './tree.js';

let tmp: string;
let abs: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'emosweep-manifest-'));
  abs = path.join(tmp, 'elsewhere', 'far.wav');
  await writeTree(tmp, {
    'corpus/audio/a.wav': tone(1),
    'corpus/audio/b.wav': tone(0.5),
    'corpus/audio/with, comma.wav': tone(0.25),
    'corpus/c.wav': tone(2),
    'elsewhere/far.wav': tone(1.5),
    'corpus/not-audio.wav': 'hello',
  });
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function manifest(text: string, name = 'm.csv'): Promise<string> {
  const p = path.join(tmp, 'corpus', name);
  await writeFile(p, text);
  return p;
}

describe('importManifest', () => {
  it('resolves relative paths against the CSV folder and keeps labels as written', async () => {
    const csv = await manifest(
      [
        'path,label,group,speaker',
        'audio/a.wav,Neutral,g1,spk1',
        '',
        'audio/b.wav,angry,g2,spk2',
        '"audio/with, comma.wav",calm,g1,spk1',
        `${abs},angry,g2,`,
      ].join('\n'),
    );
    const d = await importManifest(csv);
    expect(d).toMatchObject({ format: 'manifest', name: 'm', root: csv, classes: 'all', dropped: {} });
    expect(d.labels).toEqual(['angry', 'Neutral', 'calm']);
    expect(d.utterances.map((u) => [u.id, u.label, u.group, u.speaker, u.path, u.durationSec])).toEqual([
      ['audio/a.wav', 'Neutral', 'g1', 'spk1', path.join(tmp, 'corpus/audio/a.wav'), 1],
      ['audio/with, comma.wav', 'calm', 'g1', 'spk1', path.join(tmp, 'corpus/audio/with, comma.wav'), 0.25],
      [abs, 'angry', 'g2', 'g2', abs, 1.5], // empty speaker: the group stands in
      ['audio/b.wav', 'angry', 'g2', 'spk2', path.join(tmp, 'corpus/audio/b.wav'), 0.5],
    ]);
  });

  it("maps labels to the 4 classes with classes '4' and counts the others", async () => {
    const csv = await manifest('Label,PATH,Group\nneu,audio/a.wav,1\nexcited,audio/b.wav,1\nFRU,c.wav,2\nAnger,"audio/with, comma.wav",2\n');
    const d = await importManifest(csv, { classes: '4' });
    expect(d.labels).toEqual(['neutral', 'happy', 'sad', 'angry']);
    expect(d.dropped).toEqual({ FRU: 1 });
    expect(summarizeDataset(d).labels).toEqual({ neutral: 1, happy: 1, sad: 0, angry: 1 });
    expect(d.utterances.every((u) => u.speaker === u.group)).toBe(true);
  });

  const bad: [string, string, RegExp][] = [
    ['missing column', 'path,group\naudio/a.wav,1\n', /:1: missing column label/],
    ['missing columns', 'file,emotion\naudio/a.wav,neu\n', /:1: missing columns path, label, group/],
    ['empty label', 'path,label,group\naudio/a.wav,neu,1\naudio/b.wav,,1\n', /:3: empty label/],
    ['empty group', 'path,label,group\naudio/a.wav,neu,\n', /:2: empty group/],
    ['missing file', 'path,label,group\naudio/a.wav,neu,1\n\naudio/zzz.wav,neu,1\n', /:4: audio file not found: .*audio\/zzz\.wav/],
    ['not a wav', 'path,label,group\nnot-audio.wav,neu,1\n', /:2: .*not-audio\.wav: not a WAV file/],
    ['field count', 'path,label,group\naudio/a.wav,neu\n', /:2: expected 3 fields \(path,label,group\), found 2/],
    ['duplicate', 'path,label,group\naudio/a.wav,neu,1\naudio/a.wav,sad,1\n', /:3: audio\/a\.wav is listed twice \(also at line 2\)/],
    ['unclosed quote', 'path,label,group\n"audio/a.wav,neu,1\n', /not a valid CSV file/],
    ['empty file', '', /empty manifest/],
  ];
  for (const [name, text, problem] of bad) {
    it(`names file:line for ${name}`, async () => {
      const csv = await manifest(text, `${name.replaceAll(' ', '-')}.csv`);
      const err = await importManifest(csv).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message.startsWith(csv)).toBe(true);
      expect((err as Error).message).toMatch(problem);
    });
  }

  it('names a missing manifest', async () => {
    await expect(importManifest(path.join(tmp, 'none.csv'))).rejects.toThrow(/none\.csv: file not found/);
  });
});

describe('datasetVersion', () => {
  it('is stable, independent of order and location, and changes with labels or file contents', async () => {
    const csv = await manifest('path,label,group\naudio/a.wav,neu,1\naudio/b.wav,sad,2\n', 'v.csv');
    const d = await importManifest(csv);
    const v = datasetVersion(d);
    expect(v).toMatch(/^[0-9a-f]{64}$/);
    expect(datasetVersion(await importManifest(csv))).toBe(v);
    expect(datasetVersion({ ...d, utterances: [...d.utterances].reverse(), root: '/moved' })).toBe(v);
    expect(datasetVersion({ ...d, utterances: d.utterances.map((u, i) => (i ? u : { ...u, label: 'sad' })) })).not.toBe(v);
    expect(datasetVersion({ ...d, utterances: d.utterances.map((u, i) => (i ? u : { ...u, group: '2' })) })).not.toBe(v);
    const later = new Date(Date.now() + 60_000);
    await utimes(path.join(tmp, 'corpus/audio/b.wav'), later, later);
    expect(datasetVersion(d)).not.toBe(v);
    await expect(async () => datasetVersion({ ...d, utterances: [{ ...d.utterances[0], path: path.join(tmp, 'gone.wav') }] })).rejects.toThrow(
      /gone\.wav: file of utterance audio\/a\.wav not found/,
    );
  });
});
