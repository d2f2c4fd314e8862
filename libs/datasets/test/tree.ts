import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { encodeWav16 } from '@emosweep/audio';

/** Write files under root: path → text or bytes. */
export async function writeTree(root: string, files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(root, rel);
    await mkdir(path.dirname(p), { recursive: true });
    await writeFile(p, content);
  }
}

/** A 16 kHz PCM16 tone of `seconds`. */
export function tone(seconds: number, freq = 220): Uint8Array {
  const n = Math.round(seconds * 16000);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = 0.3 * Math.sin((2 * Math.PI * freq * i) / 16000);
  return encodeWav16(x, 16000);
}

export interface Turn {
  turn: string;
  code: string;
  seconds?: number;
  /** write no wav file */
  noWav?: boolean;
}

/** An EmoEvaluation file in the release's format, as text. */
export function emoEvaluation(turns: Turn[], eol = '\n'): string {
  const lines = ['% [START_TIME - END_TIME] TURN_NAME EMOTION [V, A, D]', ''];
  let t = 2.5;
  for (const x of turns) {
    const end = t + (x.seconds ?? 1);
    lines.push(`[${t.toFixed(4)} - ${end.toFixed(4)}]\t${x.turn}\t${x.code}\t[2.5000, 3.0000, 2.5000]`);
    lines.push('C-E2:\tNeutral state;\t()', 'C-E3:\tFrustration; Anger;\t(annoyed)', 'C-F1:\tNeutral state;\t()');
    lines.push('A-E3:\tval 3; act 2; dom  2;\t()', 'A-F1:\tval 2; act 3; dom  3;\t(mildly aggravated but staying polite)');
    lines.push('');
    t = end + 0.7;
  }
  return lines.join(eol) + eol;
}

/**
 * Files of one session: the top-level EmoEvaluation files, their wavs, and the release's other folders
 * (per-annotator subfolders holding files the importer must not read, transcriptions, resource forks).
 */
export function session(n: number, dialogs: Record<string, Turn[]>, eol = '\n'): Record<string, string | Uint8Array> {
  const files: Record<string, string | Uint8Array> = {};
  const s = `Session${n}`;
  for (const [dialog, turns] of Object.entries(dialogs)) {
    files[`${s}/dialog/EmoEvaluation/${dialog}.txt`] = emoEvaluation(turns, eol);
    for (const t of turns) if (!t.noWav) files[`${s}/sentences/wav/${dialog}/${t.turn}.wav`] = tone(t.seconds ?? 1);
    // not for the importer: malformed if it were parsed as a top-level file
    files[`${s}/dialog/EmoEvaluation/Categorical/${dialog}_e1_cat.txt`] = `${turns[0].turn} :Neutral state; ()\n[bad line\n`;
    files[`${s}/dialog/EmoEvaluation/Attribute/${dialog}_e3_atr.txt`] = `[0 - 1] nonsense\n`;
    files[`${s}/dialog/EmoEvaluation/Self-evaluation/${dialog}.anvil`] = '<annotation/>';
    files[`${s}/dialog/EmoEvaluation/._${dialog}.txt`] = new Uint8Array([0, 5, 22, 7, 0, 2, 0, 0, 0x5b, 0xff]);
    files[`${s}/dialog/transcriptions/${dialog}.txt`] = `${turns[0].turn} [002.5000-003.5000]: Excuse me.\n`;
    files[`${s}/dialog/wav/${dialog}.wav`] = tone(0.1);
  }
  files[`${s}/dialog/lab/Ses0${n}_F/readme.txt`] = 'forced alignment';
  return files;
}
