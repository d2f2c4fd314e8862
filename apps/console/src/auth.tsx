/** The signed-in token (sessionStorage: gone when the tab closes) and its role. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Provider } from 'urql';
import { createApiClient } from './api/client';

const KEY = 'emosweep.token';
const ROLE_KEY = 'emosweep.role';

export type Role = 'viewer' | 'operator';

interface AuthState {
  token: string | null;
  role: Role | null;
  name?: string | null;
  signIn(token: string, role: Role, name?: string | null): void;
  signOut(reason?: string): void;
  /** Why the last session ended (shown on the sign-in page). */
  reason?: string;
  canMutate: boolean;
}

const Ctx = createContext<AuthState | null>(null);

function read(k: string): string | null {
  try {
    return window.sessionStorage.getItem(k);
  } catch {
    return null;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(() => read(KEY));
  const [role, setRole] = useState<Role | null>(() => (read(ROLE_KEY) as Role | null) ?? null);
  const [name, setName] = useState<string | null | undefined>(undefined);
  const [reason, setReason] = useState<string | undefined>();

  const signIn = useCallback((t: string, r: Role, n?: string | null) => {
    window.sessionStorage.setItem(KEY, t);
    window.sessionStorage.setItem(ROLE_KEY, r);
    setToken(t);
    setRole(r);
    setName(n);
    setReason(undefined);
  }, []);
  const signOut = useCallback((why?: string) => {
    window.sessionStorage.removeItem(KEY);
    window.sessionStorage.removeItem(ROLE_KEY);
    setToken(null);
    setRole(null);
    setReason(why);
  }, []);

  const clients = useMemo(() => (token ? createApiClient(token, () => signOut('The API no longer accepts this token (revoked?): sign in again.')) : null), [token, signOut]);
  useEffect(() => () => clients?.dispose(), [clients]);

  const value = useMemo<AuthState>(() => ({ token, role, name, signIn, signOut, reason, canMutate: role === 'operator' }), [token, role, name, signIn, signOut, reason]);
  return <Ctx.Provider value={value}>{clients ? <Provider value={clients.client}>{children}</Provider> : children}</Ctx.Provider>;
}

export function useAuth(): AuthState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
