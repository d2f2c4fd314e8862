/**
 * CSV manifest importer: a header row naming `path`, `label`, `group` and optionally `speaker` (any order,
 * any case), then one row per utterance. Relative paths are resolved against the CSV file's folder.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { InputError } from '@emosweep/common';
import { readWavInfo } from '@emosweep/audio';
import { type Dataset, type Utterance, FOUR_CLASSES, type FourClass, orderLabels, sortUtterances } from './types.js';
import { sortRecord } from './iemocap.js';
import { isFile, mapLimit } from './util.js';

export interface ImportManifestOptions {
  /**
   * 'all' (default): every label as written. '4': labels mapped to neutral / happy / sad / angry (IEMOCAP
   * codes and common spellings accepted, case-insensitive: neu, hap, exc, excited, happiness, ang, anger,
   * sadness …); rows with other labels are dropped and counted by label.
   */
  classes?: '4' | 'all';
}

const FOUR_CLASS_ALIASES: Readonly<Record<string, FourClass>> = {
  neutral: 'neutral',
  neu: 'neutral',
  happy: 'happy',
  hap: 'happy',
  happiness: 'happy',
  exc: 'happy',
  excited: 'happy',
  excitement: 'happy',
  sad: 'sad',
  sadness: 'sad',
  angry: 'angry',
  ang: 'angry',
  anger: 'angry',
};

const REQUIRED = ['path', 'label', 'group'] as const;

interface Row {
  line: number;
  rel: string;
  abs: string;
  label: string;
  group: string;
  speaker: string;
}

export async function importManifest(csvPath: string, opts: ImportManifestOptions = {}): Promise<Dataset> {
  const classes = opts.classes ?? 'all';
  if (classes !== '4' && classes !== 'all') throw new InputError('classes', `"${String(classes)}" is not one of 4, all`);
  const file = path.resolve(csvPath);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError(csvPath, 'file not found');
    if (code === 'EISDIR') throw new InputError(csvPath, 'is a folder, not a CSV file');
    throw e;
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { info: true, skip_empty_lines: true, trim: true, bom: true, relax_column_count: true }) as never;
  } catch (e) {
    const lines = (e as { lines?: number }).lines;
    throw new InputError(lines ? `${file}:${lines}` : file, `not a valid CSV file: ${(e as Error).message}`);
  }
  if (!records.length) throw new InputError(file, 'empty manifest: expected a header row "path,label,group[,speaker]"');

  const header = records[0].record.map((h) => h.toLowerCase());
  const col = (name: string) => header.indexOf(name);
  const missing = REQUIRED.filter((c) => col(c) < 0);
  if (missing.length) {
    throw new InputError(
      `${file}:${records[0].info.lines}`,
      `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: the header row must name path, label, group (and optionally speaker), found "${records[0].record.join(',')}"`,
    );
  }
  const [iPath, iLabel, iGroup, iSpeaker] = [col('path'), col('label'), col('group'), col('speaker')];
  const folder = path.dirname(file);

  const dropped: Record<string, number> = {};
  const rows: Row[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records.slice(1)) {
    const where = `${file}:${info.lines}`;
    if (record.length !== header.length) {
      throw new InputError(where, `expected ${header.length} fields (${header.join(',')}), found ${record.length}`);
    }
    const rel = record[iPath];
    const rawLabel = record[iLabel];
    const group = record[iGroup];
    if (!rel) throw new InputError(where, 'empty path');
    if (!rawLabel) throw new InputError(where, 'empty label');
    if (!group) throw new InputError(where, 'empty group');
    const id = rel.replaceAll('\\', '/');
    const before = seen.get(id);
    if (before) throw new InputError(where, `${rel} is listed twice (also at line ${before})`);
    seen.set(id, info.lines);
    const label = classes === '4' ? FOUR_CLASS_ALIASES[rawLabel.toLowerCase()] : rawLabel;
    if (!label) {
      dropped[rawLabel] = (dropped[rawLabel] ?? 0) + 1;
      continue;
    }
    const speaker = (iSpeaker >= 0 && record[iSpeaker]) || group;
    rows.push({ line: info.lines, rel: id, abs: path.resolve(folder, rel), label, group, speaker });
  }

  const durations = await mapLimit(rows, 16, async (r) => {
    const where = `${file}:${r.line}`;
    if (!(await isFile(r.abs))) throw new InputError(where, `audio file not found: ${r.abs}`);
    try {
      return (await readWavInfo(r.abs)).durationSec;
    } catch (e) {
      if (e instanceof InputError) throw new InputError(where, `${e.input}: ${e.problem}`);
      throw e;
    }
  });
  const utterances: Utterance[] = rows.map((r, i) => ({
    id: r.rel,
    group: r.group,
    speaker: r.speaker,
    label: r.label,
    path: r.abs,
    durationSec: durations[i],
  }));
  if (!utterances.length) throw new InputError(file, `no utterances left (dropped: ${JSON.stringify(dropped)})`);
  return {
    name: path.basename(file, path.extname(file)),
    format: 'manifest',
    root: file,
    classes,
    labels: classes === '4' ? [...FOUR_CLASSES] : orderLabels(utterances.map((u) => u.label)),
    utterances: sortUtterances(utterances),
    dropped: sortRecord(dropped),
  };
}
