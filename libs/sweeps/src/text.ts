/**
 * Spec text (YAML or JSON) ⇄ spec. Uses the `yaml` package (pure JS). Workflows that only need
 * expansion can import `@emosweep/sweeps/core`, which does not load it.
 */
import { Document, LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Node } from 'yaml';
import { SpecError, type SpecIssue } from './errors.js';
import { normalizeSpec } from './normalize.js';
import { validateSweepSpec, type SweepSpec } from './schema.js';

/** A parsed spec text: the plain object, plus a way to find the line of a field. */
export interface SpecText {
  value: unknown;
  /** 1-based line and column of the node at `segments` (or of its nearest existing parent). */
  locate(segments: readonly (string | number)[]): { line: number; column: number } | undefined;
}

/**
 * Parse YAML or JSON text (JSON is read by the YAML 1.2 parser, so errors look alike). Syntax
 * errors, duplicate keys and the like throw SpecError with line and column.
 */
export function parseSpecText(text: string, source?: string): SpecText {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  if (doc.errors.length) {
    const issues: SpecIssue[] = doc.errors.map((e) => {
      const pos = lineCounter.linePos(e.pos[0]);
      const msg = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      return { path: '', message: `YAML/JSON syntax error at line ${pos.line}, column ${pos.col}: ${msg}`, line: pos.line, column: pos.col };
    });
    throw new SpecError(issues, source);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new SpecError([{ path: '', message: `cannot read the spec: ${(e as Error).message}` }], source);
  }
  const locate = (segments: readonly (string | number)[]) => {
    let node: unknown = doc.contents;
    let found: unknown = node;
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i];
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? p.key.value : p.key) === seg);
        if (!pair) break;
        node = i === segments.length - 1 && pair.value == null ? pair.key : pair.value;
        if (node == null) node = pair.key;
      } else if (isSeq(node) && typeof seg === 'number' && node.items[seg] !== undefined) {
        node = node.items[seg];
      } else break;
      found = node;
    }
    const range = (found as Node | null)?.range;
    if (!range) return undefined;
    const pos = lineCounter.linePos(range[0]);
    return { line: pos.line, column: pos.col };
  };
  return { value, locate };
}

/**
 * Parse and validate a sweep spec given as YAML text, JSON text or an already-parsed object.
 * Returns the spec with every default filled. Throws SpecError listing every problem, each with
 * its field path and, for text input, its line.
 */
export function parseSweepSpec(input: string | unknown, source?: string): SweepSpec {
  if (typeof input !== 'string') return validateSweepSpec(input, source);
  if (input.trim() === '') throw new SpecError([{ path: '', message: 'the spec is empty; expected a YAML or JSON mapping' }], source);
  const parsed = parseSpecText(input, source);
  try {
    return validateSweepSpec(parsed.value, source);
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    const issues = e.issues.map((i) => {
      const at = i.segments && i.segments.length ? parsed.locate(i.segments) : undefined;
      return at && i.line === undefined ? { ...i, line: at.line, column: at.column } : i;
    });
    throw new SpecError(issues, source);
  }
}

/**
 * The canonical YAML of a spec (normalised: defaults filled, canonical key order; grid axes and
 * fold lists in flow style). `parseSweepSpec(specToYaml(s))` deep-equals `normalizeSpec(s)`.
 */
export function specToYaml(spec: SweepSpec | unknown): string {
  const doc = new Document(normalizeSpec(spec));
  visit(doc, {
    Seq(_key, node, path) {
      const parent = path[path.length - 1];
      const parentKey = isPair(parent) && isScalar(parent.key) ? parent.key.value : undefined;
      if (parentKey !== undefined) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0 });
}
