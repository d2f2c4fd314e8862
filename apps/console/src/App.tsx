import { Suspense, lazy, useEffect, useRef } from 'react';
import { Navigate, NavLink, Route, Routes, useLocation } from 'react-router';
import { useAuth } from './auth';
import { Badge, Button, Empty, Loading } from './ui';
import { SignInPage } from './pages/SignIn';
import { SweepsPage } from './pages/Sweeps';

// pages with charts or the spec library load on first visit (sign-in stays small)
const LaunchPage = lazy(() => import('./pages/Launch').then((m) => ({ default: m.LaunchPage })));
const SweepPage = lazy(() => import('./pages/Sweep').then((m) => ({ default: m.SweepPage })));
const ResultsPage = lazy(() => import('./pages/Results').then((m) => ({ default: m.ResultsPage })));
const DatasetsPage = lazy(() => import('./pages/Datasets').then((m) => ({ default: m.DatasetsPage })));
const SchedulesPage = lazy(() => import('./pages/Schedules').then((m) => ({ default: m.SchedulesPage })));

const NAV = [
  { to: '/', label: 'Sweeps', end: true },
  { to: '/launch', label: 'Launch' },
  { to: '/results', label: 'Results' },
  { to: '/datasets', label: 'Datasets' },
  { to: '/schedules', label: 'Schedules' },
];

function Shell({ children }: { children: React.ReactNode }) {
  const { role, signOut, canMutate } = useAuth();
  const loc = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  // move focus to the page on navigation so keyboard and screen-reader users land on the new content
  useEffect(() => {
    mainRef.current?.focus({ preventScroll: true });
  }, [loc.pathname]);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <NavLink to="/" className="brand">
          emosweep
        </NavLink>
        <nav aria-label="Main">
          <ul>
            {NAV.filter((n) => canMutate || n.to !== '/launch').map((n) => (
              <li key={n.to}>
                <NavLink to={n.to} end={n.end} className={({ isActive }) => (isActive ? 'active' : undefined)}>
                  {n.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span className="sr-only">Signed in as</span>
          <Badge kind={role ?? undefined}>{role}</Badge>
          <Button small onClick={() => signOut()}>
            Sign out
          </Button>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} style={{ outline: 'none' }}>
        <Suspense fallback={<Loading what="Loading the page" />}>{children}</Suspense>
      </main>
    </>
  );
}

function RequireAuth({ children }: { children: React.ReactNode }) {
  const { token } = useAuth();
  const loc = useLocation();
  if (!token) return <Navigate to={`/signin?next=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  return <Shell>{children}</Shell>;
}

function OperatorOnly({ children }: { children: React.ReactNode }) {
  const { canMutate } = useAuth();
  if (!canMutate)
    return (
      <Empty title="Operators only">
        <p>Launching sweeps needs an operator token. Your token is a viewer token: you can read everything, but not change it.</p>
      </Empty>
    );
  return <>{children}</>;
}

export function App() {
  return (
    <Routes>
      <Route path="/signin" element={<SignInPage />} />
      <Route path="/" element={<RequireAuth><SweepsPage /></RequireAuth>} />
      <Route path="/launch" element={<RequireAuth><OperatorOnly><LaunchPage /></OperatorOnly></RequireAuth>} />
      <Route path="/sweeps/:id" element={<RequireAuth><SweepPage /></RequireAuth>} />
      <Route path="/sweeps/:id/results" element={<RequireAuth><ResultsPage /></RequireAuth>} />
      <Route path="/results" element={<RequireAuth><ResultsPage /></RequireAuth>} />
      <Route path="/datasets" element={<RequireAuth><DatasetsPage /></RequireAuth>} />
      <Route path="/schedules" element={<RequireAuth><SchedulesPage /></RequireAuth>} />
      <Route
        path="*"
        element={
          <RequireAuth>
            <Empty title="Page not found">
              <NavLink to="/">Back to the sweeps</NavLink>
            </Empty>
          </RequireAuth>
        }
      />
    </Routes>
  );
}
