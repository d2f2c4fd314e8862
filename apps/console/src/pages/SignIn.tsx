import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { fetchRole } from '../api/client';
import { useAuth } from '../auth';
import { Banner, Button, Field } from '../ui';

export function SignInPage() {
  const { token, signIn, reason } = useAuth();
  const [params] = useSearchParams();
  const next = params.get('next') || '/';
  const nav = useNavigate();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  if (token) return <Navigate to={next} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const t = value.trim().replace(/^Bearer\s+/i, '');
    if (!t) {
      setError('Paste a token first.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const { role, name } = await fetchRole(t);
      signIn(t, role, name);
      nav(next, { replace: true });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" style={{ maxWidth: 520, marginTop: '8vh' }}>
      <div className="card">
        <h1>Sign in to emosweep</h1>
        <p className="muted">
          Paste an API token. Create one with <code>npx emosweep token create --role operator</code> (or <code>--role viewer</code> for read-only access);
          the first start of <code>npx emosweep serve</code> on this machine prints where it wrote an operator token. The token is kept for this browser tab only.
        </p>
        {reason && <Banner kind="warn">{reason}</Banner>}
        <form onSubmit={submit} className="stack" noValidate>
          <Field id="token" label="API token" errors={error ? [error] : undefined}>
            {(p) => <input {...p} type="password" autoComplete="off" spellCheck={false} value={value} onChange={(e) => setValue(e.target.value)} autoFocus />}
          </Field>
          <div className="row">
            <Button type="submit" variant="primary" disabled={busy}>
              {busy ? 'Checking…' : 'Sign in'}
            </Button>
          </div>
        </form>
      </div>
    </main>
  );
}
