/**
 * IEMOCAP importer: reads the labels of the top-level `SessionN/dialog/EmoEvaluation/<dialog>.txt` files
 * and the durations of `SessionN/sentences/wav/<dialog>/<turn>.wav`. Nothing else of the release is read.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@emosweep/common';
import { readWavInfo } from '@emosweep/audio';
import {
  type Dataset,
  type Utterance,
  FOUR_CLASSES,
  IEMOCAP_FOUR_CLASS,
  IEMOCAP_LABELS,
  compareStrings,
  orderLabels,
  sortUtterances,
} from './types.js';
import { isDir, isFile, mapLimit } from './util.js';

export interface ImportIemocapOptions {
  /** '4' (default): neutral, happy (hap + exc), sad, angry, other codes dropped; 'all': every code, by name */
  classes?: '4' | 'all';
  /** 'error' (default): a listed turn without its wav file is an error; 'skip': leave it out, counted as `missing-wav` */
  missingWav?: 'error' | 'skip';
  onProgress?: (done: number, total: number) => void;
}

/** One `[START - END]<TAB>turn<TAB>label<TAB>[V, A, D]` line of an EmoEvaluation file. */
export interface EmoEvaluationTurn {
  start: number;
  end: number;
  turn: string;
  /** IEMOCAP label code as written (`neu`, `hap`, `exc`, `fru`, `xxx`, …) */
  code: string;
  vad: [number, number, number];
  /** 1-based line number */
  line: number;
}

const TURN_LINE =
  /^\[\s*(\d+(?:\.\d*)?)\s*-\s*(\d+(?:\.\d*)?)\s*\]\s+(\S+)\s+(\S+)\s+\[\s*([-+\d.eE]+)\s*,\s*([-+\d.eE]+)\s*,\s*([-+\d.eE]+)\s*\]\s*$/;
const TURN_NAME = /^Ses(\d+)([FM])_(.+)_([FM])(\d+)$/;

/**
 * Parse an EmoEvaluation file's text. Lines starting with `[` must be turn lines; the `%` header,
 * annotator lines (`C-E1:`, `A-F2:` …) and blank lines are passed over.
 * @param file names the file in errors (`file:line`)
 */
export function parseEmoEvaluation(text: string, file: string): EmoEvaluationTurn[] {
  const turns: EmoEvaluationTurn[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line.startsWith('[')) continue;
    const where = `${file}:${i + 1}`;
    const m = TURN_LINE.exec(line);
    if (!m) {
      throw new InputError(where, `malformed turn line "${truncate(line)}": expected "[START - END]<TAB>turn<TAB>label<TAB>[V, A, D]"`);
    }
    const start = Number(m[1]);
    const end = Number(m[2]);
    const vad = [Number(m[5]), Number(m[6]), Number(m[7])] as [number, number, number];
    if (end < start) throw new InputError(where, `malformed turn line: END ${m[2]} is before START ${m[1]}`);
    if (vad.some((v) => !Number.isFinite(v))) throw new InputError(where, `malformed turn line: [V, A, D] is not three numbers`);
    turns.push({ start, end, turn: m[3], code: m[4], vad, line: i + 1 });
  }
  return turns;
}

/** Dialog and speaker from a turn name: `Ses01F_script01_1_M003` → `Ses01F_script01_1`, `Ses01M`. */
export function parseTurnName(turn: string): { dialog: string; speaker: string; session: number } | undefined {
  const m = TURN_NAME.exec(turn);
  if (!m) return undefined;
  return { dialog: `Ses${m[1]}${m[2]}_${m[3]}`, speaker: `Ses${m[1]}${m[4]}`, session: Number(m[1]) };
}

function truncate(s: string, n = 80): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

const SESSION_DIR = /^Session(\d+)$/;

async function sessionDirs(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const sessions: string[] = [];
  for (const n of names) if (SESSION_DIR.test(n) && (await isDir(path.join(dir, n)))) sessions.push(n);
  return sessions.sort((a, b) => Number(SESSION_DIR.exec(a)![1]) - Number(SESSION_DIR.exec(b)![1]));
}

/** The release folder: `root` itself when it holds `SessionN` folders, else `root/IEMOCAP_full_release`. */
export async function findIemocapRelease(root: string): Promise<{ release: string; sessions: string[] }> {
  const abs = path.resolve(root);
  if (!(await isDir(abs))) throw new InputError(root, 'folder not found');
  let sessions = await sessionDirs(abs);
  if (sessions.length) return { release: abs, sessions };
  const inner = path.join(abs, 'IEMOCAP_full_release');
  sessions = await sessionDirs(inner);
  if (sessions.length) return { release: inner, sessions };
  throw new InputError(root, 'not an IEMOCAP release: expected Session1…Session5 folders in it or in its IEMOCAP_full_release folder');
}

interface Pending {
  turn: EmoEvaluationTurn;
  file: string;
  group: string;
  label: string;
  dialog: string;
  speaker: string;
  wav: string;
}

export async function importIemocap(root: string, opts: ImportIemocapOptions = {}): Promise<Dataset> {
  const classes = opts.classes ?? '4';
  if (classes !== '4' && classes !== 'all') throw new InputError('classes', `"${String(classes)}" is not one of 4, all`);
  const missingWav = opts.missingWav ?? 'error';
  const { release, sessions } = await findIemocapRelease(root);

  const dropped: Record<string, number> = {};
  const pending: Pending[] = [];
  const seen = new Map<string, string>();
  for (const group of sessions) {
    const evalDir = path.join(release, group, 'dialog', 'EmoEvaluation');
    if (!(await isDir(evalDir))) throw new InputError(path.join(release, group), 'no dialog/EmoEvaluation folder');
    const entries = (await readdir(evalDir, { withFileTypes: true }))
      // top-level <dialog>.txt files only: not Categorical/, Attribute/, Self-evaluation/, nor ._* resource forks
      .filter((e) => e.isFile() && e.name.endsWith('.txt') && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort(compareStrings);
    for (const name of entries) {
      const file = path.join(evalDir, name);
      const turns = parseEmoEvaluation(await readFile(file, 'utf8'), file);
      for (const t of turns) {
        const where = `${file}:${t.line}`;
        const parsed = parseTurnName(t.turn);
        if (!parsed) {
          throw new InputError(where, `turn name "${t.turn}" does not look like SesNN{F|M}_<dialog>_{F|M}NNN`);
        }
        const before = seen.get(t.turn);
        if (before) throw new InputError(where, `turn ${t.turn} is listed twice (also at ${before})`);
        seen.set(t.turn, where);
        const label = classes === '4' ? IEMOCAP_FOUR_CLASS[t.code] : (IEMOCAP_LABELS[t.code] ?? t.code);
        if (!label) {
          dropped[t.code] = (dropped[t.code] ?? 0) + 1;
          continue;
        }
        const wav = path.join(release, group, 'sentences', 'wav', parsed.dialog, `${t.turn}.wav`);
        pending.push({ turn: t, file, group, label, dialog: parsed.dialog, speaker: parsed.speaker, wav });
      }
    }
  }

  let done = 0;
  opts.onProgress?.(0, pending.length);
  const found = await mapLimit(pending, 16, async (p) => {
    let durationSec: number | undefined;
    if (await isFile(p.wav)) durationSec = (await readWavInfo(p.wav)).durationSec;
    else if (missingWav === 'error') {
      throw new InputError(p.wav, `wav file of turn ${p.turn.turn} (listed at ${p.file}:${p.turn.line}) not found`);
    }
    opts.onProgress?.(++done, pending.length);
    return durationSec;
  });

  const utterances: Utterance[] = [];
  pending.forEach((p, i) => {
    const durationSec = found[i];
    if (durationSec === undefined) {
      dropped['missing-wav'] = (dropped['missing-wav'] ?? 0) + 1;
      return;
    }
    utterances.push({ id: p.turn.turn, group: p.group, speaker: p.speaker, label: p.label, path: p.wav, durationSec, dialog: p.dialog });
  });
  if (!utterances.length) {
    throw new InputError(root, `no utterances left (${pending.length} turns with a kept label, dropped: ${JSON.stringify(dropped)})`);
  }
  return {
    name: path.basename(release),
    format: 'iemocap',
    root: release,
    classes,
    labels: classes === '4' ? [...FOUR_CLASSES] : orderLabels(utterances.map((u) => u.label)),
    utterances: sortUtterances(utterances),
    dropped: sortRecord(dropped),
  };
}

export function sortRecord(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => compareStrings(a, b)));
}
