/** Cron previews with croner (the same 5-field syntax Temporal schedules take, in an IANA time zone). */
import { Cron } from 'croner';

export interface CronPreview {
  runs: Date[];
  error?: string;
}

export function nextRuns(expr: string, timezone: string, n = 5, from?: Date): CronPreview {
  const e = expr.trim();
  if (!e) return { runs: [], error: 'enter a cron expression, e.g. 0 2 * * * (02:00 every night)' };
  if (!e.startsWith('@') && e.split(/\s+/).length !== 5) return { runs: [], error: `expected 5 fields (minute hour day-of-month month day-of-week), got ${e.split(/\s+/).length}` };
  if (!isTimeZone(timezone)) return { runs: [], error: `${JSON.stringify(timezone)} is not an IANA time zone` };
  try {
    const c = new Cron(e, { timezone, paused: true, mode: '5-part' });
    const runs = c.nextRuns(n, from);
    c.stop();
    if (!runs.length) return { runs, error: 'this expression never fires' };
    return { runs };
  } catch (err) {
    return { runs: [], error: (err as Error).message.replace(/^CronPattern: /, '') };
  }
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function timeZones(): string[] {
  const f = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf;
  const list = f ? f('timeZone') : [];
  return list.includes('UTC') ? list : ['UTC', ...list];
}

export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export const CRON_EXAMPLES: { expr: string; label: string }[] = [
  { expr: '0 2 * * *', label: 'every night at 02:00' },
  { expr: '30 1 * * 1-5', label: 'weeknights at 01:30' },
  { expr: '0 3 * * 0', label: 'Sundays at 03:00' },
  { expr: '0 */6 * * *', label: 'every 6 hours' },
];
