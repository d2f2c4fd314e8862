import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '@emosweep/common';
import { FOUR_CLASSES, importIemocap, parseTurnName, summarizeDataset } from '../src/index.js';
import { session, writeTree } from './tree.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'emosweep-iemocap-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

let n = 0;
async function tree(files: Record<string, string | Uint8Array>): Promise<string> {
  const root = path.join(tmp, `t${n++}`);
  await writeTree(root, files);
  return root;
}

const SESSION1 = session(1, {
  Ses01F_impro01: [
    { turn: 'Ses01F_impro01_F000', code: 'neu', seconds: 1.5 },
    { turn: 'Ses01F_impro01_M000', code: 'fru' },
    { turn: 'Ses01F_impro01_F001', code: 'hap', seconds: 2 },
    { turn: 'Ses01F_impro01_M001', code: 'xxx' },
    { turn: 'Ses01F_impro01_M002', code: 'exc', seconds: 0.5 },
  ],
  Ses01F_script01_1: [
    { turn: 'Ses01F_script01_1_F000', code: 'sad' },
    { turn: 'Ses01F_script01_1_M000', code: 'ang', seconds: 1.25 },
    { turn: 'Ses01F_script01_1_M001', code: 'sur' },
  ],
});
const SESSION2 = session(
  2,
  {
    Ses02M_impro03: [
      { turn: 'Ses02M_impro03_F000', code: 'ang' },
      { turn: 'Ses02M_impro03_M000', code: 'neu' },
      { turn: 'Ses02M_impro03_M001', code: 'xxx' },
    ],
  },
  '\r\n', // some copies of the release have CRLF line ends
);

describe('importIemocap', () => {
  it('reads labels, speakers, dialogs and durations from the release layout (4 classes)', async () => {
    const root = await tree({ ...SESSION1, ...SESSION2 });
    const progress: [number, number][] = [];
    const d = await importIemocap(root, { onProgress: (a, b) => progress.push([a, b]) });
    expect(d).toMatchObject({ format: 'iemocap', root: path.resolve(root), classes: '4', labels: [...FOUR_CLASSES] });
    expect(d.dropped).toEqual({ fru: 1, sur: 1, xxx: 2 });
    expect(d.utterances.map((u) => [u.id, u.label, u.group, u.speaker, u.dialog])).toEqual([
      ['Ses01F_impro01_F000', 'neutral', 'Session1', 'Ses01F', 'Ses01F_impro01'],
      ['Ses01F_impro01_F001', 'happy', 'Session1', 'Ses01F', 'Ses01F_impro01'],
      ['Ses01F_impro01_M002', 'happy', 'Session1', 'Ses01M', 'Ses01F_impro01'],
      ['Ses01F_script01_1_F000', 'sad', 'Session1', 'Ses01F', 'Ses01F_script01_1'],
      ['Ses01F_script01_1_M000', 'angry', 'Session1', 'Ses01M', 'Ses01F_script01_1'],
      ['Ses02M_impro03_F000', 'angry', 'Session2', 'Ses02F', 'Ses02M_impro03'],
      ['Ses02M_impro03_M000', 'neutral', 'Session2', 'Ses02M', 'Ses02M_impro03'],
    ]);
    const u = d.utterances[1];
    expect(u.path).toBe(path.join(path.resolve(root), 'Session1/sentences/wav/Ses01F_impro01/Ses01F_impro01_F001.wav'));
    expect(u.durationSec).toBe(2);
    expect(d.utterances[4].durationSec).toBe(1.25);
    expect(progress.at(0)).toEqual([0, 7]);
    expect(progress.at(-1)).toEqual([7, 7]);
    expect(summarizeDataset(d)).toEqual({
      utterances: 7,
      groups: { Session1: 5, Session2: 2 },
      labels: { neutral: 2, happy: 2, sad: 1, angry: 2 },
      speakers: { Ses01F: 3, Ses01M: 2, Ses02F: 1, Ses02M: 1 },
      dropped: { fru: 1, sur: 1, xxx: 2 },
    });
  });

  it('accepts the folder that contains IEMOCAP_full_release', async () => {
    const files = Object.fromEntries(Object.entries({ ...SESSION1, ...SESSION2 }).map(([k, v]) => [`IEMOCAP_full_release/${k}`, v]));
    const outer = await tree({ ...files, 'README.txt': 'licence' });
    const d = await importIemocap(outer);
    expect(d.root).toBe(path.join(path.resolve(outer), 'IEMOCAP_full_release'));
    expect(d.name).toBe('IEMOCAP_full_release');
    expect(d.utterances).toHaveLength(7);
  });

  it("keeps every label by name with classes 'all'", async () => {
    const d = await importIemocap(await tree({ ...SESSION1, ...SESSION2 }), { classes: 'all' });
    expect(d.dropped).toEqual({});
    expect(d.labels).toEqual(['neutral', 'happy', 'sad', 'angry', 'excited', 'frustrated', 'surprised', 'undecided']);
    expect(summarizeDataset(d).labels).toEqual({ neutral: 2, happy: 1, sad: 1, angry: 2, excited: 1, frustrated: 1, surprised: 1, undecided: 2 });
  });

  it('orders sessions naturally (Session2 before Session10)', async () => {
    const root = await tree({
      ...session(10, { Ses10F_impro01: [{ turn: 'Ses10F_impro01_F000', code: 'neu' }] }),
      ...session(2, { Ses02F_impro01: [{ turn: 'Ses02F_impro01_F000', code: 'sad' }] }),
    });
    expect((await importIemocap(root)).utterances.map((u) => u.group)).toEqual(['Session2', 'Session10']);
  });

  it('names file:line for a malformed [START - END] line', async () => {
    const root = await tree(SESSION1);
    const file = path.join(root, 'Session1/dialog/EmoEvaluation/Ses01F_impro01.txt');
    await writeFile(file, '% header\n\n[6.2901 - 8.2357]\tSes01F_impro01_F000\tneu\t[2.5, 2.5, 2.5]\nC-E2:\tNeutral;\t()\n\n[6.2901 8.2357]\tSes01F_impro01_F001\tneu\t[2.5, 2.5, 2.5]\n');
    const err = await importIemocap(root).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).input).toBe(`${file}:6`);
    expect((err as Error).message).toMatch(/:6: malformed turn line "\[6\.2901 8\.2357\]/);
  });

  it('names file:line for END before START, a missing field and a bad turn name', async () => {
    const root = await tree(SESSION1);
    const file = path.join(root, 'Session1/dialog/EmoEvaluation/Ses01F_impro01.txt');
    for (const [line, problem] of [
      ['[8.0 - 6.0]\tSes01F_impro01_F000\tneu\t[2.5, 2.5, 2.5]', /END 6\.0 is before START/],
      ['[6.0 - 8.0]\tSes01F_impro01_F000\t[2.5, 2.5, 2.5]', /malformed turn line/],
      ['[6.0 - 8.0]\timpro01_F000\tneu\t[2.5, 2.5, 2.5]', /turn name "impro01_F000" does not look like/],
    ] as const) {
      await writeFile(file, `%\n\n${line}\n`);
      await expect(importIemocap(root)).rejects.toThrow(new RegExp(`${file.replaceAll('.', '\\.')}:3: .*${problem.source}`));
    }
  });

  it('names a missing wav file, or skips it when asked', async () => {
    const root = await tree(
      session(3, {
        Ses03F_impro02: [
          { turn: 'Ses03F_impro02_F000', code: 'neu' },
          { turn: 'Ses03F_impro02_M000', code: 'ang', noWav: true },
        ],
      }),
    );
    const wav = path.join(root, 'Session3/sentences/wav/Ses03F_impro02/Ses03F_impro02_M000.wav');
    await expect(importIemocap(root)).rejects.toThrow(`${wav}: wav file of turn Ses03F_impro02_M000`);
    const d = await importIemocap(root, { missingWav: 'skip' });
    expect(d.utterances.map((u) => u.id)).toEqual(['Ses03F_impro02_F000']);
    expect(d.dropped).toEqual({ 'missing-wav': 1 });
  });

  it('names a broken wav file', async () => {
    const root = await tree({
      ...SESSION2,
      'Session2/sentences/wav/Ses02M_impro03/Ses02M_impro03_F000.wav': 'not audio',
    });
    await expect(importIemocap(root)).rejects.toThrow(/Ses02M_impro03_F000\.wav: not a WAV file/);
  });

  it('rejects folders that are not a release, and duplicate turns', async () => {
    await expect(importIemocap(path.join(tmp, 'nowhere'))).rejects.toThrow(/nowhere: folder not found/);
    const empty = await tree({ 'notes.txt': 'x' });
    await expect(importIemocap(empty)).rejects.toThrow(/not an IEMOCAP release/);
    const dup = await tree({
      ...session(1, { Ses01F_impro01: [{ turn: 'Ses01F_impro01_F000', code: 'neu' }] }),
      'Session1/dialog/EmoEvaluation/Ses01F_impro01b.txt': '%\n\n[1.0 - 2.0]\tSes01F_impro01_F000\tneu\t[1, 2, 3]\n',
    });
    await expect(importIemocap(dup)).rejects.toThrow(/Ses01F_impro01b\.txt:3: turn Ses01F_impro01_F000 is listed twice/);
  });
});

describe('parseTurnName', () => {
  it('splits dialog and speaker', () => {
    expect(parseTurnName('Ses01F_impro01_M003')).toEqual({ dialog: 'Ses01F_impro01', speaker: 'Ses01M', session: 1 });
    expect(parseTurnName('Ses01F_script01_1_F000')).toEqual({ dialog: 'Ses01F_script01_1', speaker: 'Ses01F', session: 1 });
    expect(parseTurnName('Ses05M_script02_2_M042')).toEqual({ dialog: 'Ses05M_script02_2', speaker: 'Ses05M', session: 5 });
    expect(parseTurnName('Ses01F_impro01')).toBeUndefined();
  });
});
