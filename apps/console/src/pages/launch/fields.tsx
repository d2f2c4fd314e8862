/** Form controls bound to a path of the draft; errors come from the shared spec validator. */
import { useId, useState, type ReactNode } from 'react';
import type { SpecIssue } from '@emosweep/sweeps';
import { getPath, issuesAt, setPath, type Draft } from '../../lib/draft';
import { Button, Field, Group } from '../../ui';

export interface Bind {
  draft: Draft;
  issues: readonly SpecIssue[];
  set(path: string, value: unknown): void;
}

const NUMBER_RE = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** '' → undefined (default applies), a number → number, anything else stays text for the validator to name. */
export function parseNumberInput(s: string): unknown {
  const t = s.trim();
  if (t === '') return undefined;
  return NUMBER_RE.test(t) ? Number(t) : t;
}

const show = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

export function TextField({ b, path, label, desc, placeholder }: { b: Bind; path: string; label: ReactNode; desc?: ReactNode; placeholder?: string }) {
  const id = `f-${path.replace(/[^a-z0-9]/gi, '-')}`;
  return (
    <Field id={id} label={label} desc={desc} errors={issuesAt(b.issues, path)}>
      {(p) => <input {...p} type="text" value={show(getPath(b.draft, path))} placeholder={placeholder} onChange={(e) => b.set(path, e.target.value === '' ? undefined : e.target.value)} />}
    </Field>
  );
}

export function NumberField({ b, path, label, desc, placeholder }: { b: Bind; path: string; label: ReactNode; desc?: ReactNode; placeholder?: string }) {
  const id = `f-${path.replace(/[^a-z0-9]/gi, '-')}`;
  return (
    <Field id={id} label={label} desc={desc} errors={issuesAt(b.issues, path)}>
      {(p) => (
        <input {...p} type="text" inputMode="decimal" value={show(getPath(b.draft, path))} placeholder={placeholder} onChange={(e) => b.set(path, parseNumberInput(e.target.value))} />
      )}
    </Field>
  );
}

export function SelectField({ b, path, label, options, desc, placeholder }: { b: Bind; path: string; label: ReactNode; options: readonly (string | number)[]; desc?: ReactNode; placeholder?: string }) {
  const id = `f-${path.replace(/[^a-z0-9]/gi, '-')}`;
  const v = getPath(b.draft, path);
  const known = options.map(String);
  return (
    <Field id={id} label={label} desc={desc} errors={issuesAt(b.issues, path)}>
      {(p) => (
        <select
          {...p}
          value={show(v)}
          onChange={(e) => {
            const raw = e.target.value;
            const opt = options.find((o) => String(o) === raw);
            b.set(path, raw === '' ? undefined : opt ?? raw);
          }}
        >
          <option value="">{placeholder ?? '(default)'}</option>
          {options.map((o) => (
            <option key={String(o)} value={String(o)}>
              {String(o)}
            </option>
          ))}
          {v !== undefined && !known.includes(show(v)) && <option value={show(v)}>{show(v)} (not allowed)</option>}
        </select>
      )}
    </Field>
  );
}

function asList(v: unknown, fallback: readonly unknown[]): unknown[] {
  if (v === undefined) return [...fallback];
  return Array.isArray(v) ? v : [v];
}

/** Checkbox group for an enumerated axis (representation, model, fcLayers). */
export function CheckAxis({ b, path, legend, options, fallback = [], desc, labels }: { b: Bind; path: string; legend: ReactNode; options: readonly (string | number)[]; fallback?: readonly unknown[]; desc?: ReactNode; labels?: Record<string, string> }) {
  const id = `f-${path.replace(/[^a-z0-9]/gi, '-')}`;
  const cur = asList(getPath(b.draft, path), fallback);
  const toggle = (o: string | number, on: boolean) => {
    const next = on ? [...cur.filter((x) => x !== o), o] : cur.filter((x) => x !== o);
    // keep the order of `options` for the ones it knows, unknown ones (from YAML) after
    next.sort((x, y) => {
      const ix = options.indexOf(x as never);
      const iy = options.indexOf(y as never);
      return (ix < 0 ? 1e9 : ix) - (iy < 0 ? 1e9 : iy);
    });
    b.set(path, next);
  };
  const extra = cur.filter((x) => !options.includes(x as never));
  return (
    <Group id={id} legend={legend} errors={issuesAt(b.issues, path)} desc={desc}>
      <div className="checks">
        {options.map((o) => (
          <label key={String(o)}>
            <input type="checkbox" checked={cur.includes(o)} onChange={(e) => toggle(o, e.target.checked)} />
            {labels?.[String(o)] ?? String(o)}
          </label>
        ))}
        {extra.map((x) => (
          <label key={`x-${show(x)}`}>
            <input type="checkbox" checked onChange={() => b.set(path, cur.filter((y) => y !== x))} />
            {show(x)} <span className="muted">(from YAML)</span>
          </label>
        ))}
      </div>
    </Group>
  );
}

/** Numeric axis: suggested values as toggle chips, plus any value typed in. */
export function ChipAxis({ b, path, legend, suggestions, fallback, format = String, desc, inputLabel }: { b: Bind; path: string; legend: ReactNode; suggestions: readonly number[]; fallback: readonly number[]; format?: (v: number) => string; desc?: ReactNode; inputLabel: string }) {
  const id = `f-${path.replace(/[^a-z0-9]/gi, '-')}`;
  const inputId = useId();
  const cur = asList(getPath(b.draft, path), fallback);
  const [text, setText] = useState('');
  const [localErr, setLocalErr] = useState<string | undefined>();
  const all = [...suggestions.filter((s) => !cur.includes(s)), ...cur.filter((c): c is number => typeof c === 'number')].sort((x, y) => x - y);
  const others = cur.filter((c) => typeof c !== 'number');
  const toggle = (v: number) => {
    b.set(path, cur.includes(v) ? cur.filter((x) => x !== v) : [...cur, v].sort((x, y) => (typeof x === 'number' && typeof y === 'number' ? x - y : 0)));
  };
  const add = () => {
    const parts = text.split(/[\s,]+/).filter(Boolean);
    if (!parts.length) return;
    const vals = parts.map((p) => parseNumberInput(p));
    const bad = parts.filter((_, i) => typeof vals[i] !== 'number');
    if (bad.length) {
      setLocalErr(`${bad.map((x) => JSON.stringify(x)).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not a number`);
      return;
    }
    setLocalErr(undefined);
    const next = [...cur];
    for (const v of vals) if (!next.includes(v)) next.push(v);
    b.set(path, next.sort((x, y) => (typeof x === 'number' && typeof y === 'number' ? x - y : 0)));
    setText('');
  };
  const errs = [...issuesAt(b.issues, path), ...(localErr ? [localErr] : [])];
  return (
    <Group id={id} legend={legend} errors={errs} desc={desc}>
      <div className="chips">
        {all.map((v) => (
          <button key={v} type="button" className="chip" aria-pressed={cur.includes(v)} onClick={() => toggle(v)}>
            {format(v)}
          </button>
        ))}
        {others.map((v) => (
          <button key={`o-${show(v)}`} type="button" className="chip invalid" aria-pressed onClick={() => b.set(path, cur.filter((x) => x !== v))} aria-label={`remove ${show(v)}`}>
            {show(v)} ✕
          </button>
        ))}
        <label htmlFor={inputId} className="sr-only">
          {inputLabel}
        </label>
        <input
          id={inputId}
          className="chip-input"
          type="text"
          inputMode="decimal"
          placeholder="add value"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <Button small onClick={add} aria-label={`Add ${inputLabel}`}>
          Add
        </Button>
      </div>
    </Group>
  );
}

export function bindOf(draft: Draft, issues: readonly SpecIssue[], setDraft: (f: (d: Draft) => Draft) => void): Bind {
  return { draft, issues, set: (path, value) => setDraft((d) => setPath(d, path, value)) };
}
