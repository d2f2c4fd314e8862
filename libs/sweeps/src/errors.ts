/**
 * SpecError: the one error type for everything wrong with a sweep spec (schema, YAML syntax,
 * grid that ends up empty, unknown fold names, caps). Pure: no Node built-ins.
 */

export interface SpecIssue {
  /** Field path, e.g. `grid.lr[1]`, `dataset.root`, `cv.folds[0]`; `""` for the whole spec. */
  path: string;
  /** What is wrong and what is allowed, e.g. `"mfc" is not one of spectrogram, melspec, …`. */
  message: string;
  /** The path as segments, e.g. `["grid", "lr", 1]` (for mapping to form fields or YAML nodes). */
  segments?: (string | number)[];
  /** 1-based line in the YAML/JSON text the spec came from, when known. */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
}

export class SpecError extends Error {
  override readonly name = 'SpecError';
  readonly issues: SpecIssue[];
  readonly source?: string;

  constructor(issues: SpecIssue[], source?: string) {
    super(formatIssues(issues, source));
    this.issues = issues;
    this.source = source;
  }
}

/** Format a list of issues as a human-readable, multi-line message. */
export function formatIssues(issues: readonly SpecIssue[], source?: string): string {
  const head = `invalid sweep spec${source ? ` (${source})` : ''}: ${issues.length} problem${issues.length === 1 ? '' : 's'}`;
  const lines = issues.map((i) => {
    const where = i.line !== undefined && !i.message.includes(`line ${i.line}`) ? ` (line ${i.line}${i.column !== undefined ? `, column ${i.column}` : ''})` : '';
    return `  - ${i.path || '(spec)'}${where}: ${i.message}`;
  });
  return [head, ...lines].join('\n');
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `["grid", "lr", 1]` → `grid.lr[1]`; odd keys are quoted: `features["n fft"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const s = String(seg);
      if (IDENT.test(s)) out += out ? `.${s}` : s;
      else out += `[${JSON.stringify(s)}]`;
    }
  }
  return out;
}

/** Short, deterministic rendering of a value for error messages. */
export function repr(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  try {
    const s = JSON.stringify(value);
    if (s === undefined) return String(value);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(value);
  }
}

/** Edit distance with adjacent transpositions (optimal string alignment), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const m = x.length;
  const n = y.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[m][n];
}

/** The closest candidate within a small edit distance, if any. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  return bestD <= limit ? best : undefined;
}
