import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useSubscription } from 'urql';
import { CancelSweepMutation, SweepProgressSubscription, SweepQuery, TrialDetailQuery } from '../api/ops';
import { describeError } from '../api/errors';
import { useAuth } from '../auth';
import type { SweepProgressSubscription as ProgressEvent } from '../gql/graphql';
import { Chart } from '../charts/Chart';
import { foldCurves, trialCurves } from '../charts/curves';
import { natural } from '../lib/datasets';
import { duration, lc, pct, pm, trialLabel, when } from '../lib/format';
import { Banner, Button, Card, ConfirmButton, Empty, ErrorState, Loading, PageHead, ProgressBar, Stat, StatusBadge } from '../ui';

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);
const isDone = (s: string | null | undefined) => TERMINAL.has(lc(s));

/** Call `fn` at most once per `ms` (trailing call guaranteed). */
function useThrottled(fn: () => void, ms: number) {
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(() => {
    const now = Date.now();
    const wait = Math.max(0, last.current + ms - now);
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      last.current = Date.now();
      fnRef.current();
    }, wait);
  }, [ms]);
}

interface Live {
  status?: string | null;
  ua?: number | null;
  epoch?: number;
}

export function SweepPage() {
  const { id = '' } = useParams();
  const { canMutate } = useAuth();
  const [q, refetch] = useQuery({ query: SweepQuery, variables: { id } });
  const [selected, setSelected] = useState<{ trialId: string; heldOut?: string } | undefined>();
  const [detail, refetchDetail] = useQuery({ query: TrialDetailQuery, variables: { id: selected?.trialId ?? '' }, pause: !selected });
  const [live, setLive] = useState<Record<string, Live>>({});
  const [sweepLive, setSweepLive] = useState<string | undefined>();
  const [lastEvent, setLastEvent] = useState<number | undefined>();

  const refresh = useThrottled(() => refetch({ requestPolicy: 'network-only' }), 1500);
  const refreshDetail = useThrottled(() => selected && refetchDetail({ requestPolicy: 'network-only' }), 1500);
  const sweep = q.data?.sweep;
  const finished = sweep ? isDone(sweep.status) : false;

  // live: fold status changes and per-epoch metrics pushed by the API
  const [sub] = useSubscription({ query: SweepProgressSubscription, variables: { id }, pause: !id || finished }, (_prev: ProgressEvent | undefined, ev: ProgressEvent) => {
    const e = ev.sweepProgress;
    setLastEvent(Date.now());
    if (e.fold) {
      const k = `${e.fold.trialId}/${e.fold.heldOut}`;
      const f = e.fold;
      setLive((m) => ({ ...m, [k]: { status: lc(f.status), ua: f.metrics?.ua ?? m[k]?.ua } }));
    }
    if (e.epoch) {
      const k = `${e.epoch.trialId}/${e.epoch.heldOut}`;
      const ep = e.epoch.epoch;
      setLive((m) => ({ ...m, [k]: { ...m[k], status: m[k]?.status ?? 'running', epoch: ep } }));
      if (selected?.trialId === e.epoch.trialId) refreshDetail();
    }
    if (e.sweepStatus) setSweepLive(lc(e.sweepStatus));
    if (e.kind !== 'EPOCH') refresh();
    return ev;
  });

  const [cancel, cancelSweep] = useMutation(CancelSweepMutation);

  const heldOuts = useMemo(() => {
    const s = new Set<string>();
    for (const t of sweep?.trials ?? []) for (const f of t.folds) s.add(f.heldOut);
    return [...s].sort(natural);
  }, [sweep]);

  if (q.error && !q.data) return <ErrorState error={q.error} retry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (q.fetching && !q.data) return <Loading what="Loading the sweep" />;
  if (!sweep)
    return (
      <Empty title="No such sweep">
        <Link to="/">Back to the sweeps</Link>
      </Empty>
    );

  const status = isDone(sweep.status) ? lc(sweep.status) : sweepLive ?? lc(sweep.status);
  const cells = sweep.trials.flatMap((t) => t.folds.map((f) => ({ t, f, live: live[`${t.id}/${f.heldOut}`] })));
  const statusOf = (c: (typeof cells)[number]) => (isDone(c.f.status) ? lc(c.f.status) : c.live?.status ?? lc(c.f.status));
  const total = Math.max(cells.length, sweep.progress?.total ?? 0, sweep.trialCount * sweep.foldCount);
  const done = cells.filter((c) => isDone(statusOf(c) ?? '')).length;
  const running = cells.filter((c) => statusOf(c) === 'running').length;
  const failed = cells.filter((c) => statusOf(c) === 'failed').length;
  const started = sweep.startedAt ?? sweep.createdAt;
  const elapsed = (new Date(sweep.finishedAt ?? Date.now()).getTime() - new Date(started).getTime()) / 1000;
  const eta = !isDone(status) && done > 0 ? (elapsed / done) * (total - done) : undefined;

  const selTrial = detail.data?.trial && detail.data.trial.id === selected?.trialId ? detail.data.trial : undefined;
  const selFold = selected?.heldOut ? selTrial?.folds.find((f) => f.heldOut === selected.heldOut) : undefined;

  return (
    <>
      <PageHead
        title={<>{sweep.name} <StatusBadge status={status} /></>}
        sub={<>created {when(sweep.createdAt)}{sweep.finishedAt ? ` · finished ${when(sweep.finishedAt)}` : ''} · {sweep.trialCount} trials × {sweep.foldCount} folds</>}
        actions={
          <>
            <Link className="btn" to={`/sweeps/${sweep.id}/results`}>
              Results
            </Link>
            {canMutate && (
              <Link className="btn" to={`/launch?from=${sweep.id}`}>
                Re-run with changes
              </Link>
            )}
            {canMutate && (
              <Link className="btn" to={`/schedules?from=${sweep.id}`}>
                Schedule nightly
              </Link>
            )}
            {canMutate && !isDone(status) && (
              <ConfirmButton confirmLabel="Yes, cancel the sweep" onConfirm={() => void cancelSweep({ id: sweep.id }).then(() => refetch({ requestPolicy: 'network-only' }))} disabled={cancel.fetching}>
                Cancel sweep
              </ConfirmButton>
            )}
          </>
        }
      />
      {cancel.error && <Banner kind="error">{describeError(cancel.error).detail}</Banner>}
      {status === 'failed' && (
        <Banner kind="error">
          <strong>The sweep failed.</strong> {sweep.error ?? (failed ? `${failed} fold run${failed === 1 ? '' : 's'} failed: select a red cell to see why.` : '')}
        </Banner>
      )}
      {status === 'cancelled' && <Banner kind="warn">The sweep was cancelled; finished folds keep their results.</Banner>}
      {sub.error && !finished && <Banner kind="warn">Live updates are unavailable ({describeError(sub.error).detail}); the page shows the state when it was loaded. <Button small onClick={() => refetch({ requestPolicy: 'network-only' })}>Refresh</Button></Banner>}

      <div className="stack">
        <Card title="Progress">
          <div className="stack" style={{ gap: 8 }}>
            <ProgressBar value={total ? done / total : 0} label="Fold runs finished" />
            <div className="stats" aria-live="polite" data-testid="progress">
              <Stat label="fold runs done" value={`${done} / ${total}`} />
              <Stat label="running now" value={running} />
              <Stat label="failed" value={failed} />
              <Stat label={isDone(status) ? 'took' : 'elapsed'} value={duration(elapsed)} />
              <Stat label="ETA" value={isDone(status) ? '–' : eta !== undefined ? `~${duration(eta)}` : 'after the first fold'} />
            </div>
            <p className="hint" style={{ margin: 0 }}>
              {finished ? 'Finished.' : sub.data || lastEvent ? `Live: updates arrive as folds start, train and finish${lastEvent ? ` (last ${new Date(lastEvent).toLocaleTimeString()})` : ''}.` : 'Live: waiting for the first update…'}
            </p>
          </div>
        </Card>

        <Card title="Trials × folds" actions={<span className="hint">select a cell for its curves and confusion matrix, a trial for its mean ± std over folds</span>}>
          {sweep.trials.length === 0 ? (
            <Empty title={isDone(status) ? 'This sweep has no trials' : 'Preparing the trials…'}>{!isDone(status) && <p>Feature sets are being prepared; trials appear when the grid is expanded.</p>}</Empty>
          ) : (
            <div className="table-wrap">
              <table className="data folds">
                <caption>Status and unweighted accuracy (UA) of each fold run; the last column is the trial's mean ± std over folds.</caption>
                <thead>
                  <tr>
                    <th scope="col">Trial</th>
                    {heldOuts.map((h) => (
                      <th scope="col" key={h} className="num">
                        {h}
                      </th>
                    ))}
                    <th scope="col" className="num">
                      UA mean ± std
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {sweep.trials.map((t) => (
                    <tr key={t.id} className={selected?.trialId === t.id && !selected.heldOut ? 'selected' : undefined}>
                      <th scope="row">
                        <button type="button" className="trial" aria-pressed={selected?.trialId === t.id && !selected.heldOut} onClick={() => setSelected({ trialId: t.id })}>
                          {trialLabel(t.params, t.index)}
                        </button>
                      </th>
                      {heldOuts.map((h) => {
                        const f = t.folds.find((x) => x.heldOut === h);
                        if (!f) return <td key={h} />;
                        const l = live[`${t.id}/${h}`];
                        const st = isDone(f.status) ? lc(f.status) : l?.status ?? lc(f.status);
                        const ua = f.metrics?.ua ?? l?.ua;
                        const sel = selected?.trialId === t.id && selected.heldOut === h;
                        return (
                          <td key={h} className="cell">
                            <button
                              type="button"
                              className={`cell ${st}`}
                              aria-pressed={sel}
                              aria-label={`${trialLabel(t.params, t.index)}, held out ${h}: ${st}${ua != null ? `, UA ${pct(ua)}` : ''}`}
                              title={f.error ?? undefined}
                              data-status={st}
                              onClick={() => setSelected({ trialId: t.id, heldOut: h })}
                            >
                              {ua != null ? pct(ua) : st === 'running' ? `epoch ${l?.epoch ?? f.epochsRun ?? 0}` : st}
                            </button>
                          </td>
                        );
                      })}
                      <td className="num">{pm(t.mean?.ua, t.std?.ua)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>

        <Card title={selected ? (selected.heldOut ? `Curves: fold ${selected.heldOut}` : 'Curves: trial mean ± std over folds') : 'Curves'}>
          {!selected ? (
            <Empty title="Nothing selected">
              <p>Select a cell (one fold) or a trial (mean ± band over its folds) in the grid above.</p>
            </Empty>
          ) : detail.error ? (
            <ErrorState error={detail.error} retry={() => refetchDetail({ requestPolicy: 'network-only' })} />
          ) : !selTrial ? (
            <Loading what="Loading curves" />
          ) : selected.heldOut ? (
            selFold?.error ? (
              <Banner kind="error">This fold failed: {selFold.error}</Banner>
            ) : selFold && selFold.epochs.length ? (
              <>
                <p className="hint" style={{ margin: 0 }}>{trialLabel(selTrial.params, selTrial.index)}, held out {selected.heldOut}</p>
                <Chart label={`Loss and validation UA per epoch, fold ${selected.heldOut}`} option={foldCurves(selFold.epochs)} />
              </>
            ) : (
              <Empty title="No epochs yet">
                <p>This fold has not finished an epoch yet; curves appear live.</p>
              </Empty>
            )
          ) : selTrial.folds.some((f) => f.epochs.length) ? (
            <>
              <p className="hint" style={{ margin: 0 }}>{trialLabel(selTrial.params, selTrial.index)}: mean over {selTrial.folds.length} folds, band ± 1 std</p>
              <Chart label={`Mean loss and validation UA per epoch over folds, ${trialLabel(selTrial.params, selTrial.index)}`} option={trialCurves(selTrial.folds)} />
            </>
          ) : (
            <Empty title="No epochs yet">
              <p>No fold of this trial has finished an epoch yet.</p>
            </Empty>
          )}
          {selTrial && (
            <p className="hint">
              {selected?.heldOut && selFold?.metrics ? `Fold ${selected.heldOut}: UA ${pct(selFold.metrics.ua)}, WA ${pct(selFold.metrics.wa)}, macro-F1 ${pct(selFold.metrics.macroF1)}. ` : ''}
              Trial: UA {pm(selTrial.mean?.ua, selTrial.std?.ua)}, WA {pm(selTrial.mean?.wa, selTrial.std?.wa)}, macro-F1 {pm(selTrial.mean?.macroF1, selTrial.std?.macroF1)}.{' '}
              <Link to={`/sweeps/${sweep.id}/results?trial=${selTrial.id}${selected?.heldOut ? `&fold=${encodeURIComponent(selected.heldOut)}` : ''}#confusion`}>Confusion matrix</Link>
            </p>
          )}
        </Card>

        <Card title="Spec">
          <pre className="yaml" tabIndex={0} aria-label="The sweep's spec (YAML)">
            {sweep.specText}
          </pre>
        </Card>
      </div>
    </>
  );
}
