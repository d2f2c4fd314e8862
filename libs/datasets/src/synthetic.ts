/**
 * A small synthetic emotional-speech corpus spoken by espeak-ng, written in the IEMOCAP release layout so
 * that `importIemocap` reads it (and so that every path of the platform can be exercised without the
 * licensed corpus).
 *
 * Each session (group) has one female-like and one male-like speaker: a voice of their own (pitch range,
 * formant scaling, speaking rate, loudness). Each utterance carries one of the 4 emotions through prosody
 * and voice quality relative to its speaker, in the direction of the acoustic correlates reported for
 * emotional speech (e.g. Murray & Arnott 1993):
 *
 *  - happy: higher pitch, much wider pitch range, a little faster and louder;
 *  - angry: higher pitch, wider range, faster, much louder, creaky/tense voice (roughness, more treble);
 *  - sad:   lower pitch, narrow range, slower, softer, breathy voice, pauses between words;
 *  - neutral: the speaker's own settings.
 *
 * Every factor is jittered per utterance (log-normal) and the voice quality of the emotion is applied only
 * with some probability, so the classes overlap: the task is learnable from prosody but not trivial.
 * The sentences are emotionally neutral and drawn independently of the emotion, so the text carries no
 * label. All choices come from a seeded PRNG and espeak-ng is deterministic: the same seed gives the same
 * labels and the same WAV bytes (for one espeak-ng version).
 *
 * The audio is espeak-ng's 22,050 Hz output resampled to 16 kHz mono PCM16, like IEMOCAP's.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '@emosweep/common';
import { decodeWav, encodeWav16, resample } from '@emosweep/audio';
import { Rng } from './rng.js';
import { type FourClass, FOUR_CLASSES } from './types.js';
import { mapLimit } from './util.js';

export interface SyntheticCorpusOptions {
  /** sessions, each one female-like and one male-like speaker (default 5, at most 99) */
  groups?: number;
  /** utterances per speaker (default 12); each emotion gets ⌊perSpeaker/4⌋ per speaker, the rest are spread evenly over the corpus */
  perSpeaker?: number;
  /** PRNG seed (default 1) */
  seed?: number;
  /** parallel espeak-ng processes (default: available CPUs, at most 4) */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Written at the corpus root; a folder holding it may be regenerated in place. */
export const SYNTHETIC_MARKER = 'emosweep-synthetic.json';
/** Bump when the recipe changes (the same seed then gives other audio). */
export const SYNTHETIC_RECIPE_VERSION = 1;
const SAMPLE_RATE = 16000;

/** Emotionally neutral sentences of 5–8 words: the text carries no label. */
export const SENTENCES: readonly string[] = [
  'The meeting starts at nine tomorrow.',
  'I left the keys on the kitchen table.',
  'We talked about it last week.',
  'The train was late again this morning.',
  'She said she would call back later.',
  'There are two chairs in the hallway.',
  'He put the letter in the blue box.',
  'I think the store closes at six.',
  'They moved to a new house in June.',
  'You can take the bus from here.',
  'The window in my room is open.',
  'We need to buy more paper soon.',
  'It rained all afternoon yesterday.',
  'My brother works at the library.',
  'The package came on Tuesday morning.',
  'I read the report before lunch.',
  'Dinner will be ready in an hour.',
  'The car is parked across the street.',
  'Nobody told me about the change.',
  'We will see what happens next.',
  'Tell me again what you said.',
  'I have never been to that city.',
  'The door at the back was not locked.',
  'That is what they decided in the end.',
];

type Gender = 'F' | 'M';

interface Speaker {
  session: number;
  gender: Gender;
  pitchLow: number; // Hz
  pitchSpan: number; // Hz above pitchLow
  rate: number; // words per minute
  amplitude: number; // espeak-ng -a
  formants: [number, number, number][]; // formant 0..5: frequency %, strength %, width %
}

interface EmotionProfile {
  code: () => string;
  pitch: number;
  span: number;
  rate: number;
  amplitude: number;
  /** probability that the utterance gets the emotion's voice quality */
  qualityChance: number;
  vad: [number, number, number];
  category: string;
}

interface Quality {
  breath: number; // 0..~40
  roughness: number; // 0..7
  flutter: number;
  treble: number; // 0 = espeak default tone, 1 = tense (more high-frequency energy)
  wordGap: number; // espeak-ng -g, 10 ms units
}

const NEUTRAL_QUALITY: Quality = { breath: 0, roughness: 0, flutter: 3, treble: 0, wordGap: 0 };

function emotionQuality(e: FourClass, rng: Rng): Quality {
  switch (e) {
    case 'neutral':
      return { ...NEUTRAL_QUALITY, flutter: rng.int(2, 4) };
    case 'happy':
      return { breath: 0, roughness: 0, flutter: rng.int(5, 9), treble: rng.uniform(0.2, 0.5), wordGap: 0 };
    case 'sad':
      return { breath: rng.int(18, 40), roughness: rng.int(0, 1), flutter: rng.int(0, 2), treble: 0, wordGap: rng.int(2, 6) };
    case 'angry':
      return { breath: 0, roughness: rng.int(3, 6), flutter: rng.int(1, 3), treble: rng.uniform(0.6, 1), wordGap: rng.int(0, 1) };
  }
}

function profiles(rng: Rng): Record<FourClass, EmotionProfile> {
  return {
    neutral: { code: () => 'neu', pitch: 1, span: 1, rate: 1, amplitude: 1, qualityChance: 1, vad: [3, 2, 2.5], category: 'Neutral state' },
    // IEMOCAP writes happy as hap or exc (merged by the 4-class mapping)
    happy: { code: () => (rng.chance(0.5) ? 'hap' : 'exc'), pitch: 1.16, span: 1.6, rate: 1.08, amplitude: 1.12, qualityChance: 0.6, vad: [4, 3.5, 3], category: 'Happiness' },
    sad: { code: () => 'sad', pitch: 0.9, span: 0.55, rate: 0.8, amplitude: 0.78, qualityChance: 0.6, vad: [2, 2, 2], category: 'Sadness' },
    angry: { code: () => 'ang', pitch: 1.1, span: 1.35, rate: 1.1, amplitude: 1.3, qualityChance: 0.6, vad: [1.5, 4, 4], category: 'Anger' },
  };
}

interface Plan {
  session: number;
  gender: Gender;
  dialog: string;
  turn: string;
  emotion: FourClass;
  code: string;
  text: string;
  vad: [number, number, number];
  category: string;
  voice: string; // espeak-ng voice file contents
  rate: number;
  amplitude: number;
  wordGap: number;
}

function makeSpeaker(session: number, gender: Gender, rng: Rng): Speaker {
  const female = gender === 'F';
  const pitchLow = female ? rng.uniform(145, 180) : rng.uniform(75, 98);
  const pitchSpan = female ? rng.uniform(60, 95) : rng.uniform(28, 45);
  const scale = female ? rng.uniform(1.08, 1.2) : rng.uniform(0.94, 1.03);
  const formants: [number, number, number][] = [];
  for (let f = 0; f <= 5; f++) {
    const freq = Math.round(100 * (f === 0 ? 1 : scale * rng.uniform(0.97, 1.03)));
    formants.push([freq, Math.round(rng.uniform(85, 110)), Math.round(rng.uniform(85, 130))]);
  }
  return { session, gender, pitchLow, pitchSpan, rate: rng.uniform(150, 172), amplitude: rng.uniform(42, 54), formants };
}

/** log-normal jitter around 1 */
function jitter(rng: Rng, sd: number): number {
  return Math.exp(sd * rng.normal());
}

function voiceFile(name: string, s: Speaker, pitchLow: number, pitchHigh: number, q: Quality): string {
  const lines = ['language en', `name ${name}`, `gender ${s.gender === 'F' ? 'female' : 'male'}`];
  lines.push(`pitch ${Math.round(pitchLow)} ${Math.round(pitchHigh)}`);
  s.formants.forEach(([f, st, w], i) => lines.push(`formant ${i} ${f} ${st} ${w}`));
  if (q.breath > 0) {
    const b = q.breath;
    lines.push(`breath ${[b, b, 0.8 * b, 0.6 * b, 0.3 * b, 0.2 * b].map((v) => Math.round(v)).join(' ')}`);
  }
  lines.push(`roughness ${q.roughness}`);
  lines.push(`flutter ${q.flutter}`);
  // espeak-ng's default tone is 600 170 1200 135 2000 110; a tense voice keeps more energy up high
  const t = q.treble;
  lines.push(`tone 600 ${Math.round(170 - 30 * t)} 1200 ${Math.round(135 + 20 * t)} 2000 ${Math.round(110 + 60 * t)}`);
  return `${lines.join('\n')}\n`;
}

function plan(groups: number, perSpeaker: number, seed: number): Plan[] {
  const rng = new Rng(seed);
  const prof = profiles(rng);
  const plans: Plan[] = [];
  // Each speaker gets the 4 emotions equally often, plus perSpeaker mod 4 more drawn from a shuffled pool
  // that holds every emotion equally often: the corpus stays balanced, and no emotion goes with a gender.
  const extra = perSpeaker % 4;
  const pool = rng.shuffle(Array.from({ length: groups * 2 * extra }, (_, i) => FOUR_CLASSES[i % 4]));
  for (let session = 1; session <= groups; session++) {
    const ses = `Ses${String(session).padStart(2, '0')}`;
    // two dialogs per session, as in IEMOCAP: an improvisation and a scripted one
    const dialogs = [`${ses}F_impro01`, `${ses}M_script01_1`];
    for (const gender of ['F', 'M'] as const) {
      const speaker = makeSpeaker(session, gender, rng);
      const emotions = rng.shuffle([
        ...Array.from({ length: perSpeaker - extra }, (_, i) => FOUR_CLASSES[i % 4]),
        ...pool.splice(0, extra),
      ]);
      const firstDialog = Math.ceil(perSpeaker / 2);
      emotions.forEach((emotion, i) => {
        const p = prof[emotion];
        const quality = rng.chance(p.qualityChance) ? emotionQuality(emotion, rng) : emotionQuality('neutral', rng);
        const pitchLow = speaker.pitchLow * p.pitch * jitter(rng, 0.06);
        const pitchHigh = pitchLow + speaker.pitchSpan * p.span * jitter(rng, 0.2);
        const dialog = dialogs[i < firstDialog ? 0 : 1];
        const index = i < firstDialog ? i : i - firstDialog;
        const turn = `${dialog}_${gender}${String(index).padStart(3, '0')}`;
        const vad = p.vad.map((v) => Math.min(5, Math.max(1, Math.round((v + rng.normal() * 0.4) * 2) / 2))) as [number, number, number];
        plans.push({
          session,
          gender,
          dialog,
          turn,
          emotion,
          code: p.code(),
          text: rng.pick(SENTENCES),
          vad,
          category: p.category,
          voice: voiceFile(`v${plans.length}`, speaker, pitchLow, pitchHigh, quality),
          rate: Math.round(speaker.rate * p.rate * jitter(rng, 0.07)),
          amplitude: Math.min(85, Math.round(speaker.amplitude * p.amplitude * jitter(rng, 0.1))), // keeps peaks below 1
          wordGap: quality.wordGap,
        });
      });
    }
  }
  return plans;
}

function espeakBinary(): string {
  return process.env.ESPEAK_NG || 'espeak-ng';
}

/** Run espeak-ng with a voice file from `cwd`; resolves to its WAV output. */
function speak(cwd: string, voiceName: string, p: Plan): Promise<Uint8Array> {
  const out = path.join(cwd, `${voiceName}.wav`);
  const args = ['--load', '-v', voiceName, '-s', String(p.rate), '-a', String(p.amplitude), '-g', String(p.wordGap), '-z', '-w', out, p.text];
  return new Promise((resolve, reject) => {
    const child = spawn(espeakBinary(), args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') {
        reject(
          new InputError(
            espeakBinary(),
            'espeak-ng not found: install the Debian package espeak-ng (apt-get install espeak-ng), or set ESPEAK_NG to its path',
          ),
        );
      } else reject(e);
    });
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`espeak-ng exited with ${code} for ${p.turn}: ${stderr.trim()}`));
      readFile(out).then(resolve, reject);
    });
  });
}

async function prepareOutRoot(outRoot: string): Promise<void> {
  let entries: string[] = [];
  try {
    if (!(await stat(outRoot)).isDirectory()) throw new InputError(outRoot, 'exists and is not a folder');
    entries = await readdir(outRoot);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (entries.length && !entries.includes(SYNTHETIC_MARKER)) {
    throw new InputError(outRoot, 'folder is not empty and holds no synthetic corpus: choose a new or empty folder');
  }
  // a previous synthetic corpus: replace it
  for (const e of entries) if (/^Session\d+$/.test(e) || e === SYNTHETIC_MARKER) await rm(path.join(outRoot, e), { recursive: true, force: true });
  await mkdir(outRoot, { recursive: true });
}

const fmt4 = (x: number) => x.toFixed(4);

/**
 * Write the synthetic corpus under `outRoot` (it becomes the release folder: `outRoot/Session1/…`).
 * Needs the `espeak-ng` program (Debian package espeak-ng; or ESPEAK_NG=/path/to/espeak-ng).
 */
export async function generateSyntheticCorpus(
  outRoot: string,
  opts: SyntheticCorpusOptions = {},
): Promise<{ root: string; utterances: number }> {
  const groups = opts.groups ?? 5;
  const perSpeaker = opts.perSpeaker ?? 12;
  const seed = opts.seed ?? 1;
  if (!Number.isInteger(groups) || groups < 1 || groups > 99) throw new InputError('groups', `must be a whole number from 1 to 99, got ${groups}`);
  if (!Number.isInteger(perSpeaker) || perSpeaker < 1 || perSpeaker > 999) {
    throw new InputError('perSpeaker', `must be a whole number from 1 to 999, got ${perSpeaker}`);
  }
  if (!Number.isSafeInteger(seed)) throw new InputError('seed', `must be a whole number, got ${seed}`);
  const concurrency = Math.max(1, opts.concurrency ?? Math.min(4, os.availableParallelism()));
  const root = path.resolve(outRoot);
  await prepareOutRoot(root);

  const plans = plan(groups, perSpeaker, seed);
  const work = await mkdtemp(path.join(os.tmpdir(), 'emosweep-espeak-'));
  let done = 0;
  opts.onProgress?.(0, plans.length);
  let durations: number[];
  try {
    durations = await mapLimit(plans, concurrency, async (p, i) => {
      const voiceName = `v${i}`;
      await writeFile(path.join(work, voiceName), p.voice);
      const raw = decodeWav(await speak(work, voiceName, p), `espeak-ng output for ${p.turn}`);
      // medium quality (90 % bandwidth) is plenty for synthetic speech and 4× faster than best
      const samples = resample(raw.samples, raw.sampleRate, SAMPLE_RATE, 'medium');
      const dir = path.join(root, `Session${p.session}`, 'sentences', 'wav', p.dialog);
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, `${p.turn}.wav`), encodeWav16(samples, SAMPLE_RATE));
      await rm(path.join(work, voiceName));
      await rm(path.join(work, `${voiceName}.wav`));
      opts.onProgress?.(++done, plans.length);
      return samples.length / SAMPLE_RATE;
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }

  // Label files, as in the release: a turn line with the label, annotator lines, a blank line
  const rng = new Rng(seed ^ 0x5eed);
  const byDialog = new Map<string, number[]>();
  plans.forEach((p, i) => byDialog.set(p.dialog, [...(byDialog.get(p.dialog) ?? []), i]));
  for (const [dialog, idx] of byDialog) {
    const session = plans[idx[0]].session;
    const sesDir = path.join(root, `Session${session}`, 'dialog');
    // turns alternate between the two speakers, in order
    const f = idx.filter((i) => plans[i].gender === 'F');
    const m = idx.filter((i) => plans[i].gender === 'M');
    const order: number[] = [];
    for (let k = 0; k < Math.max(f.length, m.length); k++) order.push(...(k < f.length ? [f[k]] : []), ...(k < m.length ? [m[k]] : []));
    let t = rng.uniform(1, 4);
    const emo = ['% [START_TIME - END_TIME] TURN_NAME EMOTION [V, A, D]', ''];
    const cat: string[] = [];
    const trans: string[] = [];
    for (const i of order) {
      const p = plans[i];
      const start = t;
      const end = start + durations[i];
      t = end + rng.uniform(0.2, 1.5);
      emo.push(`[${fmt4(start)} - ${fmt4(end)}]\t${p.turn}\t${p.code}\t[${p.vad.map(fmt4).join(', ')}]`);
      for (const a of ['C-E1', 'C-E2', 'C-E3']) emo.push(`${a}:\t${p.category};\t()`);
      for (const a of ['A-E1', 'A-E2']) {
        const [v, ac, d] = p.vad.map((x) => Math.min(5, Math.max(1, Math.round(x + rng.uniform(-0.5, 0.5)))));
        emo.push(`${a}:\tval ${v}; act ${ac}; dom  ${d};\t()`);
      }
      emo.push('');
      cat.push(`${p.turn} :${p.category}; ()`);
      trans.push(`${p.turn} [${fmt4(start)}-${fmt4(end)}]: ${p.text}`);
    }
    await mkdir(path.join(sesDir, 'EmoEvaluation', 'Categorical'), { recursive: true });
    await mkdir(path.join(sesDir, 'transcriptions'), { recursive: true });
    await writeFile(path.join(sesDir, 'EmoEvaluation', `${dialog}.txt`), `${emo.join('\n')}\n`);
    await writeFile(path.join(sesDir, 'EmoEvaluation', 'Categorical', `${dialog}_e1_cat.txt`), `${cat.join('\n')}\n`);
    await writeFile(path.join(sesDir, 'transcriptions', `${dialog}.txt`), `${trans.join('\n')}\n`);
  }
  await writeFile(
    path.join(root, SYNTHETIC_MARKER),
    `${JSON.stringify({ generator: 'emosweep synthetic corpus', recipe: SYNTHETIC_RECIPE_VERSION, groups, perSpeaker, seed }, null, 2)}\n`,
  );
  return { root, utterances: plans.length };
}
