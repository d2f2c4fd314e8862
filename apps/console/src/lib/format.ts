/** GraphQL enums come upper-case (COMPLETED); the console speaks lower-case. */
export const lc = (s: string | null | undefined) => (s ?? '').toLowerCase();

export const pct = (v: number | null | undefined, digits = 1) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(digits)}%`);
export const pm = (mean: number | null | undefined, std: number | null | undefined, digits = 1) =>
  mean === null || mean === undefined ? '–' : `${(mean * 100).toFixed(digits)} ± ${std === null || std === undefined ? '–' : (std * 100).toFixed(digits)}`;
export const num = (v: number | null | undefined, digits = 3) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : Number(v.toFixed(digits)).toString());
export const lrLabel = (v: unknown) => (typeof v === 'number' ? v.toExponential(0).replace('e-', 'e-') : String(v ?? '–'));

export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export function when(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', timeZone });
}

export function bytes(n: number | string | null | undefined): string {
  if (n === null || n === undefined) return '–';
  let v = Number(n);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i ? 1 : 0)} ${units[i]}`;
}

export interface TrialParams {
  representation?: string;
  model?: string;
  lr?: number;
  seqLen?: number | null;
  fcLayers?: number | null;
  [k: string]: unknown;
}

export function params(p: unknown): TrialParams {
  return p && typeof p === 'object' ? (p as TrialParams) : {};
}

export function trialLabel(p: unknown, index?: number): string {
  const t = params(p);
  const parts = [t.representation, t.model, t.lr !== undefined ? `lr ${lrLabel(t.lr)}` : undefined, t.seqLen != null ? `len ${t.seqLen}` : undefined, t.fcLayers != null ? `${t.fcLayers} FC` : undefined];
  return `${index !== undefined ? `#${index} ` : ''}${parts.filter(Boolean).join(' · ')}`;
}
