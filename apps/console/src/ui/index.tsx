/** The console's small design system: accessible building blocks on the CSS variables of theme.css. */
import { useId, useRef, useState, type ButtonHTMLAttributes, type KeyboardEvent, type ReactNode } from 'react';
import type { CombinedError } from 'urql';
import { describeError } from '../api/errors';

type Btn = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'danger' | 'ghost'; small?: boolean };
export function Button({ variant, small, className, type = 'button', ...rest }: Btn) {
  return <button type={type} className={['btn', variant, small ? 'small' : '', className].filter(Boolean).join(' ')} {...rest} />;
}

export function Card({ title, actions, children, className, id, headingLevel = 2 }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string; id?: string; headingLevel?: 2 | 3 }) {
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const hid = useId();
  return (
    <section className={['card', className].filter(Boolean).join(' ')} aria-labelledby={title ? hid : undefined} id={id}>
      {(title || actions) && (
        <header>
          {title && <H id={hid}>{title}</H>}
          {actions && <div className="actions">{actions}</div>}
        </header>
      )}
      {children}
    </section>
  );
}

export function PageHead({ title, sub, actions }: { title: ReactNode; sub?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="page-head">
      <div>
        <h1>{title}</h1>
        {sub && <p className="sub">{sub}</p>}
      </div>
      {actions && <div className="actions">{actions}</div>}
    </div>
  );
}

export function Badge({ kind, children }: { kind?: string; children: ReactNode }) {
  return <span className={['badge', kind].filter(Boolean).join(' ')}>{children}</span>;
}

export function StatusBadge({ status }: { status: string | null | undefined }) {
  const s = (status ?? 'unknown').toLowerCase();
  return <Badge kind={s}>{s}</Badge>;
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <div className="state" role="status" aria-live="polite">
      <div className="spinner" aria-hidden="true" />
      <span>{what}…</span>
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state">
      <h2>{title}</h2>
      {children}
    </div>
  );
}

export function ErrorState({ error, title, retry }: { error: CombinedError | Error | string; title?: string; retry?: () => void }) {
  const d = describeError(error);
  return (
    <div className="state error" role="alert">
      <h2>{title ?? d.title}</h2>
      <p style={{ margin: 0 }}>{d.detail}</p>
      {retry && (
        <Button small onClick={retry}>
          Try again
        </Button>
      )}
    </div>
  );
}

export function Banner({ kind = 'info', children, role }: { kind?: 'info' | 'warn' | 'error' | 'ok'; children: ReactNode; role?: 'alert' | 'status' }) {
  return (
    <div className={`banner ${kind}`} role={role ?? (kind === 'error' ? 'alert' : undefined)}>
      {children}
    </div>
  );
}

/** A labelled form field with description and error(s) wired with aria-describedby. */
export function Field({
  label,
  desc,
  errors,
  children,
  id,
}: {
  label: ReactNode;
  desc?: ReactNode;
  errors?: readonly string[];
  id: string;
  children: (props: { id: string; 'aria-invalid': boolean | undefined; 'aria-describedby': string | undefined }) => ReactNode;
}) {
  const descId = desc ? `${id}-desc` : undefined;
  const errId = errors?.length ? `${id}-err` : undefined;
  const describedBy = [descId, errId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': errors?.length ? true : undefined, 'aria-describedby': describedBy })}
      {desc && (
        <span className="desc" id={descId}>
          {desc}
        </span>
      )}
      {errId && (
        <p className="error" id={errId}>
          {errors!.join('; ')}
        </p>
      )}
    </div>
  );
}

/** Group of controls (checkboxes, chips) with a legend and errors. */
export function Group({ legend, errors, desc, children, id }: { legend: ReactNode; errors?: readonly string[]; desc?: ReactNode; children: ReactNode; id: string }) {
  const errId = errors?.length ? `${id}-err` : undefined;
  const descId = desc ? `${id}-desc` : undefined;
  return (
    <fieldset className={errors?.length ? 'invalid' : undefined} aria-describedby={[descId, errId].filter(Boolean).join(' ') || undefined} id={id}>
      <legend>{legend}</legend>
      {children}
      {desc && (
        <div className="desc hint" id={descId}>
          {desc}
        </div>
      )}
      {errId && (
        <p className="field-error" id={errId}>
          {errors!.join('; ')}
        </p>
      )}
    </fieldset>
  );
}

/** WAI-ARIA tabs with arrow-key navigation. */
export function Tabs<K extends string>({ tabs, value, onChange, label, children }: { tabs: { key: K; label: ReactNode }[]; value: K; onChange: (k: K) => void; label: string; children: ReactNode }) {
  const base = useId();
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKey = (e: KeyboardEvent, i: number) => {
    let j = -1;
    if (e.key === 'ArrowRight') j = (i + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') j = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = tabs.length - 1;
    if (j >= 0) {
      e.preventDefault();
      onChange(tabs[j].key);
      refs.current[j]?.focus();
    }
  };
  return (
    <div className="tabs">
      <div role="tablist" aria-label={label}>
        {tabs.map((t, i) => (
          <button
            key={t.key}
            ref={(el) => {
              refs.current[i] = el;
            }}
            role="tab"
            type="button"
            id={`${base}-tab-${t.key}`}
            aria-selected={t.key === value}
            aria-controls={`${base}-panel`}
            tabIndex={t.key === value ? 0 : -1}
            onClick={() => onChange(t.key)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-tab-${value}`}>
        {children}
      </div>
    </div>
  );
}

export function Stat({ label, value, title }: { label: string; value: ReactNode; title?: string }) {
  return (
    <div className="stat" title={title}>
      <div className="v">{value}</div>
      <div className="k">{label}</div>
    </div>
  );
}

export function ProgressBar({ value, label }: { value: number; label: string }) {
  const pct = Math.max(0, Math.min(100, Math.round(value * 100)));
  return (
    <div className="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
      <div style={{ width: `${pct}%` }} />
    </div>
  );
}

/** A button that asks for confirmation inline (no modal to trap focus in). */
export function ConfirmButton({ children, confirmLabel, onConfirm, variant = 'danger', disabled, small }: { children: ReactNode; confirmLabel: string; onConfirm: () => void; variant?: 'danger' | 'primary'; disabled?: boolean; small?: boolean }) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <Button variant={variant} small={small} disabled={disabled} onClick={() => setAsking(true)}>
        {children}
      </Button>
    );
  return (
    <span className="row" role="group" aria-label="Confirm">
      <Button
        variant={variant}
        small={small}
        autoFocus
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </Button>
      <Button small={small} onClick={() => setAsking(false)}>
        Keep
      </Button>
    </span>
  );
}
