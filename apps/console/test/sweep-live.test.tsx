/** The sweep page follows the sweepProgress subscription: cells change status and show UA as events arrive. */
import { describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { Provider } from 'urql';
import { makeSubject, map, pipe } from 'wonka';
import { AuthProvider } from '../src/auth';
import { SweepPage } from '../src/pages/Sweep';
import { mockClient } from './mock-client';

const fold = (heldOut: string) => ({ id: `f-${heldOut}`, heldOut, status: 'PENDING', startedAt: null, finishedAt: null, error: null, epochsRun: null, metrics: null });
const sweep = {
  id: 's1',
  name: 'live-test',
  status: 'RUNNING',
  createdAt: new Date(Date.now() - 60_000).toISOString(),
  startedAt: new Date(Date.now() - 60_000).toISOString(),
  finishedAt: null,
  error: null,
  specText: 'name: live-test\n',
  trialCount: 1,
  foldCount: 2,
  progress: { pending: 2, running: 0, completed: 0, failed: 0, cancelled: 0, total: 2 },
  dataset: null,
  trials: [{ id: 't1', index: 0, params: { representation: 'mfcc', model: 'lstm', lr: 0.001, seqLen: 50, fcLayers: 2 }, status: 'RUNNING', mean: null, std: null, folds: [fold('Session1'), fold('Session2')] }],
};

describe('sweep page, live', () => {
  it('updates cells, progress and ETA from subscription events', async () => {
    const events = makeSubject<unknown>();
    const client = mockClient({ Sweep: () => ({ data: { sweep } }) });
    (client.executeSubscription as unknown as ReturnType<typeof vi.fn>).mockImplementation((req: { query: unknown; variables: unknown }) => {
      return pipe(
        events.source,
        map((data) => ({ operation: req, data, stale: false, hasNext: true })),
      );
    });
    render(
      <AuthProvider>
        <Provider value={client}>
          <MemoryRouter initialEntries={['/sweeps/s1']}>
            <Routes>
              <Route path="/sweeps/:id" element={<SweepPage />} />
            </Routes>
          </MemoryRouter>
        </Provider>
      </AuthProvider>,
    );
    const cell = async (h: string) => screen.findByRole('button', { name: new RegExp(`held out ${h}`) });
    expect(await cell('Session1')).toHaveAttribute('data-status', 'pending');
    expect(screen.getByTestId('progress')).toHaveTextContent('0 / 2');

    const ev = (e: object) => act(() => events.next({ sweepProgress: { kind: 'FOLD', sweepId: 's1', at: new Date().toISOString(), sweepStatus: null, error: null, counts: null, trial: null, fold: null, epoch: null, ...e } }));
    ev({ fold: { id: 'f-Session1', trialId: 't1', heldOut: 'Session1', status: 'RUNNING', metrics: null, error: null } });
    await waitFor(async () => expect(await cell('Session1')).toHaveAttribute('data-status', 'running'));
    ev({ kind: 'EPOCH', epoch: { foldRunId: 'f-Session1', trialId: 't1', heldOut: 'Session1', epoch: 3, trainLoss: 1.2, valLoss: 1.3, valUa: 0.4 } });
    await waitFor(async () => expect(await cell('Session1')).toHaveTextContent('epoch 3'));
    ev({ fold: { id: 'f-Session1', trialId: 't1', heldOut: 'Session1', status: 'COMPLETED', metrics: { ua: 0.5, wa: 0.6, macroF1: 0.45 }, error: null } });
    await waitFor(async () => expect(await cell('Session1')).toHaveTextContent('50.0%'));
    expect(screen.getByTestId('progress')).toHaveTextContent('1 / 2');
    expect(screen.getByTestId('progress')).toHaveTextContent(/~1 min \d+ sETA/);
    ev({ kind: 'SWEEP', sweepStatus: 'FAILED' });
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('failed'));
  });
});
