import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import {
  CreateScheduleMutation,
  DatasetsQuery,
  DeleteScheduleMutation,
  PauseScheduleMutation,
  ResumeScheduleMutation,
  SchedulesQuery,
  SweepQuery,
  SweepsQuery,
  TriggerScheduleMutation,
} from '../api/ops';
import { apiIssues, describeError } from '../api/errors';
import { useAuth } from '../auth';
import type { SchedulesQuery as SchedulesData } from '../gql/graphql';
import { Chart, type EChartsOption } from '../charts/Chart';
import { CRON_EXAMPLES, localTimeZone, nextRuns, timeZones } from '../lib/cron';
import { PRESETS, draftToYaml, presetDraft, validateDraft } from '../lib/draft';
import { pct, when } from '../lib/format';
import { Badge, Banner, Button, Card, ConfirmButton, Empty, ErrorState, Field, Loading, PageHead, StatusBadge } from '../ui';

type Schedule = SchedulesData['schedules'][number];

export function SchedulesPage() {
  const { canMutate } = useAuth();
  const [params] = useSearchParams();
  const [q, refetch] = useQuery({ query: SchedulesQuery });
  const [flash, setFlash] = useState<{ kind: 'ok' | 'error'; text: React.ReactNode } | undefined>();
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <>
      <PageHead title="Schedules" sub="Nightly (or any cron) cross-validation of a chosen configuration, with the metric over nights." />
      {flash && <Banner kind={flash.kind} role="status">{flash.text}</Banner>}
      <div className="stack">
        {canMutate && <CreateSchedule fromSweep={params.get('from') ?? undefined} onCreated={(name) => { setFlash({ kind: 'ok', text: `Schedule ${name} created.` }); reload(); }} />}
        <Card title="All schedules" actions={<Button small onClick={reload}>Refresh</Button>}>
          {q.error ? (
            <ErrorState error={q.error} retry={reload} />
          ) : q.fetching && !q.data ? (
            <Loading what="Loading schedules" />
          ) : !q.data?.schedules.length ? (
            <Empty title="No schedules yet">{canMutate ? <p>Create one above from a sweep or a preset.</p> : <p>An operator can create one.</p>}</Empty>
          ) : (
            <div className="stack">
              {q.data.schedules.map((s) => (
                <ScheduleItem key={s.id} s={s} canMutate={canMutate} onChange={reload} onFlash={setFlash} />
              ))}
            </div>
          )}
        </Card>
      </div>
    </>
  );
}

function ScheduleItem({ s, canMutate, onChange, onFlash }: { s: Schedule; canMutate: boolean; onChange(): void; onFlash(f: { kind: 'ok' | 'error'; text: React.ReactNode }): void }) {
  const [pause, doPause] = useMutation(PauseScheduleMutation);
  const [resume, doResume] = useMutation(ResumeScheduleMutation);
  const [trigger, doTrigger] = useMutation(TriggerScheduleMutation);
  const [del, doDelete] = useMutation(DeleteScheduleMutation);
  const busy = pause.fetching || resume.fetching || trigger.fetching || del.fetching;
  const after = (r: { error?: Parameters<typeof describeError>[0] }, ok: React.ReactNode) => {
    if (r.error) onFlash({ kind: 'error', text: describeError(r.error).detail });
    else onFlash({ kind: 'ok', text: ok });
    onChange();
  };
  const upcoming = s.nextRunTimes?.length ? s.nextRunTimes.map((d) => new Date(d)) : nextRuns(s.cron, s.timezone).runs;
  const metric = new Map(s.metricHistory.map((p) => [p.sweepId, p.value]));
  const runs = s.runs.nodes.map((r) => ({ sweepId: r.id, name: r.name, status: r.status, createdAt: r.createdAt, metric: metric.get(r.id) ?? null })).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const history = s.metricHistory.filter((p) => p.value != null);
  const option: EChartsOption | undefined = history.length
    ? {
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => pct(Number(v)) },
        grid: { left: 50, right: 16, top: 16, bottom: 30 },
        xAxis: { type: 'time' },
        yAxis: { type: 'value', name: 'UA', scale: true, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
        series: [{ type: 'line', name: 'UA', data: history.map((p) => [p.at, p.value]), symbolSize: 7 }],
      }
    : undefined;
  return (
    <section className="card" aria-labelledby={`sch-${s.id}`} data-testid="schedule">
      <header>
        <h3 id={`sch-${s.id}`} style={{ margin: 0 }}>
          {s.name}
        </h3>
        {s.paused ? <Badge kind="paused">paused</Badge> : <Badge kind="ok">active</Badge>}
        <span className="muted">
          <code>{s.cron}</code> in {s.timezone}
        </span>
        {canMutate && (
          <div className="actions">
            {s.paused ? (
              <Button small disabled={busy} onClick={() => void doResume({ id: s.id }).then((r) => after(r, `${s.name} resumed.`))}>
                Resume
              </Button>
            ) : (
              <Button small disabled={busy} onClick={() => void doPause({ id: s.id }).then((r) => after(r, `${s.name} paused.`))}>
                Pause
              </Button>
            )}
            <Button
              small
              disabled={busy}
              onClick={() =>
                void doTrigger({ id: s.id }).then((r) => {
                  after(r, `${s.name} triggered: its sweep appears in the history below once the run has started.`);
                  // the run's sweep is recorded by the workflow a moment later
                  if (!r.error) for (const ms of [1500, 4000, 8000, 15000]) setTimeout(onChange, ms);
                })
              }
            >
              Run now
            </Button>
            <ConfirmButton small confirmLabel="Yes, delete" disabled={busy} onConfirm={() => void doDelete({ id: s.id }).then((r) => after(r, `${s.name} deleted.`))}>
              Delete
            </ConfirmButton>
          </div>
        )}
      </header>
      <div className="cols-2">
        <div>
          <h4>Next runs</h4>
          {s.paused ? (
            <p className="muted">Paused: nothing runs until it is resumed.</p>
          ) : (
            <ol className="mono">
              {upcoming.slice(0, 5).map((d) => (
                <li key={d.toISOString()}>{when(d.toISOString(), s.timezone)} ({s.timezone})</li>
              ))}
            </ol>
          )}
          <h4>History</h4>
          {runs.length === 0 ? (
            <p className="muted">No runs yet.</p>
          ) : (
            <div className="table-wrap">
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">Started</th>
                    <th scope="col">Status</th>
                    <th scope="col" className="num">Best UA</th>
                  </tr>
                </thead>
                <tbody>
                  {[...runs].reverse().slice(0, 10).map((r) => (
                    <tr key={r.sweepId}>
                      <td>
                        <Link to={`/sweeps/${r.sweepId}`}>{when(r.createdAt)}</Link>
                      </td>
                      <td>
                        <StatusBadge status={r.status} />
                      </td>
                      <td className="num">{pct(r.metric)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
        <div>
          <h4>Metric over nights</h4>
          {option ? <Chart label={`Best UA of each run of ${s.name} over time`} option={option} height={220} /> : <p className="muted">The chart appears after the first completed run.</p>}
        </div>
      </div>
    </section>
  );
}

function CreateSchedule({ fromSweep, onCreated }: { fromSweep?: string; onCreated(name: string): void }) {
  const [source, setSource] = useState<'sweep' | 'preset'>(fromSweep ? 'sweep' : 'preset');
  const [sweepId, setSweepId] = useState(fromSweep ?? '');
  const [preset, setPreset] = useState('quick-check');
  const [datasetId, setDatasetId] = useState('');
  const [name, setName] = useState('');
  const [cron, setCron] = useState('0 2 * * *');
  const [tz, setTz] = useState(localTimeZone());
  const zones = useMemo(() => timeZones(), []);
  const [sweeps] = useQuery({ query: SweepsQuery, variables: { first: 50 } });
  const [datasets] = useQuery({ query: DatasetsQuery });
  const [sw] = useQuery({ query: SweepQuery, variables: { id: sweepId }, pause: source !== 'sweep' || !sweepId });
  const [created, create] = useMutation(CreateScheduleMutation);

  const ds = datasets.data?.datasets.find((d) => d.id === datasetId) ?? datasets.data?.datasets[0];
  let spec: string | undefined;
  let specError: string | undefined;
  if (source === 'sweep') {
    spec = sw.data?.sweep?.specText;
    if (!sweepId) specError = 'choose a sweep';
  } else {
    if (!ds) specError = 'register a dataset first (Datasets page)';
    else {
      const d = presetDraft(preset, { format: ds.format, root: ds.root, classes: /all/i.test(ds.classes) ? 'all' : 4 });
      const v = validateDraft(d);
      if (v.spec) spec = draftToYaml(d);
      else specError = v.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    }
  }
  const preview = nextRuns(cron, tz);
  const nameError = name && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(name) ? 'letters, digits, . _ - (starting with a letter or digit)' : undefined;
  const issues = apiIssues(created.error);
  const errFor = (f: string) => issues.filter((i) => i.path === f || i.path.startsWith(`${f}.`)).map((i) => i.message);
  const defaultName = source === 'sweep' ? `${sw.data?.sweep?.name ?? 'sweep'}-nightly` : `${preset}-nightly`;
  const canSave = !!spec && !preview.error && !nameError && !created.fetching;

  return (
    <Card title="New schedule">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!canSave || !spec) return;
          const n = name || defaultName;
          void create({ input: { name: n, spec, cron: cron.trim(), timezone: tz } }).then((r) => {
            if (r.data?.createSchedule) {
              setName('');
              onCreated(r.data.createSchedule.name);
            }
          });
        }}
      >
        <div className="cols-2">
          <div className="stack" style={{ gap: 12 }}>
            <Field id="sch-source" label="Configuration from">
              {(p) => (
                <select {...p} value={source} onChange={(e) => setSource(e.target.value as 'sweep' | 'preset')}>
                  <option value="preset">a preset</option>
                  <option value="sweep">an earlier sweep</option>
                </select>
              )}
            </Field>
            {source === 'sweep' ? (
              <Field id="sch-sweep" label="Sweep" errors={specError ? [specError] : undefined}>
                {(p) => (
                  <select {...p} value={sweepId} onChange={(e) => setSweepId(e.target.value)}>
                    <option value="">(choose)</option>
                    {(sweeps.data?.sweeps.edges ?? []).map(({ node }) => (
                      <option key={node.id} value={node.id}>
                        {node.name} ({node.status.toLowerCase()})
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ) : (
              <>
                <Field id="sch-preset" label="Preset" desc={PRESETS[preset]?.description}>
                  {(p) => (
                    <select {...p} value={preset} onChange={(e) => setPreset(e.target.value)}>
                      {Object.keys(PRESETS).map((k) => (
                        <option key={k} value={k}>
                          {k}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field id="sch-dataset" label="Dataset" errors={specError ? [specError] : undefined}>
                  {(p) => (
                    <select {...p} value={ds?.id ?? ''} onChange={(e) => setDatasetId(e.target.value)}>
                      {(datasets.data?.datasets ?? []).map((d) => (
                        <option key={d.id} value={d.id}>
                          {d.name}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              </>
            )}
            <Field id="sch-name" label="Name" desc={`default: ${defaultName}`} errors={[...(nameError ? [nameError] : []), ...errFor('name')]}>
              {(p) => <input {...p} type="text" value={name} placeholder={defaultName} onChange={(e) => setName(e.target.value)} />}
            </Field>
          </div>
          <div className="stack" style={{ gap: 12 }}>
            <Field id="sch-cron" label="Cron (minute hour day month weekday)" errors={[...(preview.error ? [preview.error] : []), ...errFor('cron')]}>
              {(p) => <input {...p} type="text" className="mono" value={cron} onChange={(e) => setCron(e.target.value)} />}
            </Field>
            <div className="chips" aria-label="Cron examples" role="group">
              {CRON_EXAMPLES.map((c) => (
                <button key={c.expr} type="button" className="chip" aria-pressed={cron.trim() === c.expr} onClick={() => setCron(c.expr)}>
                  {c.label}
                </button>
              ))}
            </div>
            <Field id="sch-tz" label="Time zone" errors={errFor('timezone')}>
              {(p) => (
                <select {...p} value={tz} onChange={(e) => setTz(e.target.value)}>
                  {zones.map((z) => (
                    <option key={z} value={z}>
                      {z}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <div aria-live="polite">
              <strong>Next five runs</strong>
              {preview.error ? (
                <p className="muted">–</p>
              ) : (
                <ol className="mono" data-testid="next-runs">
                  {preview.runs.map((d) => (
                    <li key={d.toISOString()}>
                      {when(d.toISOString(), tz)} ({tz})
                    </li>
                  ))}
                </ol>
              )}
            </div>
          </div>
        </div>
        {created.error && !issues.length && <Banner kind="error">{describeError(created.error).detail}</Banner>}
        {issues.filter((i) => !['name', 'cron', 'timezone'].some((f) => i.path.startsWith(f))).length > 0 && (
          <Banner kind="error">
            <ul>
              {issues.map((i, k) => (
                <li key={k}>
                  {i.path && <code>{i.path}</code>} {i.message}
                </li>
              ))}
            </ul>
          </Banner>
        )}
        <div className="row" style={{ marginTop: 12 }}>
          <Button type="submit" variant="primary" disabled={!canSave}>
            {created.fetching ? 'Saving…' : 'Save schedule'}
          </Button>
        </div>
      </form>
    </Card>
  );
}
