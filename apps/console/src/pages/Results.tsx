import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { CompareQuery, LeaderboardQuery, SweepsQuery, TrialDetailQuery } from '../api/ops';
import type { LeaderboardQuery as LeaderboardData, Metric } from '../gql/graphql';
import { Chart, PALETTE, type EChartsOption } from '../charts/Chart';
import { toCsv, download } from '../lib/csv';
import { natural } from '../lib/datasets';
import { lrLabel, num, params, pct, pm, trialLabel } from '../lib/format';
import { confusionLabels, rowNormalise, sumMatrices, toMatrix } from '../lib/stats';
import { Button, Card, Empty, ErrorState, Field, Group, Loading, PageHead } from '../ui';

type Entry = LeaderboardData['leaderboard'][number];
const METRIC_KEYS: Record<Metric, 'ua' | 'wa' | 'macroF1'> = { UA: 'ua', WA: 'wa', MACRO_F1: 'macroF1' };
const METRIC_LABEL: Record<Metric, string> = { UA: 'UA', WA: 'WA', MACRO_F1: 'macro-F1' };
const AXES = ['representation', 'model', 'lr', 'seqLen', 'fcLayers'] as const;
type Axis = (typeof AXES)[number];
const AXIS_LABEL: Record<Axis, string> = { representation: 'representation', model: 'model', lr: 'learning rate', seqLen: 'sequence length', fcLayers: 'FC layers' };
const fmtAxis = (a: Axis, v: unknown) => (v === null || v === undefined ? '–' : a === 'lr' ? lrLabel(v) : String(v));

export function ResultsPage() {
  const { id } = useParams();
  const [search, setSearch] = useSearchParams();
  const nav = useNavigate();
  const [metric, setMetric] = useState<Metric>('UA');
  const [filters, setFilters] = useState<Partial<Record<Axis, string[]>>>({});
  const sweepId = id ?? null;

  const [sweeps] = useQuery({ query: SweepsQuery, variables: { first: 50 } });
  const [lb, refetchLb] = useQuery({
    query: LeaderboardQuery,
    variables: {
      sweepId,
      metric,
      first: 200,
      filter: filters.representation?.length || filters.model?.length ? { representation: filters.representation?.length ? filters.representation : null, model: filters.model?.length ? filters.model : null } : null,
    },
  });
  const all = useMemo(() => lb.data?.leaderboard ?? [], [lb.data]);
  const rows = useMemo(
    () =>
      all.filter((e) => {
        const p = params(e.trial.params);
        return (['lr', 'seqLen', 'fcLayers'] as const).every((a) => !filters[a]?.length || filters[a]!.includes(fmtAxis(a, p[a])));
      }),
    [all, filters],
  );
  const axisValues = useMemo(() => {
    const out = {} as Record<Axis, string[]>;
    for (const a of AXES) out[a] = [...new Set(all.map((e) => fmtAxis(a, params(e.trial.params)[a])))].sort(natural);
    return out;
  }, [all]);

  const trialParam = search.get('trial') ?? undefined;
  const [cmTrial, setCmTrial] = useState<string | undefined>(trialParam);
  const [cmFold, setCmFold] = useState<string>(search.get('fold') ?? 'sum');
  const [normalise, setNormalise] = useState(true);
  const [a, setA] = useState<string | undefined>();
  const [b, setB] = useState<string | undefined>();
  useEffect(() => {
    if (!rows.length) return;
    if (!cmTrial) setCmTrial(rows[0].trial.id);
    if (!a) setA(rows[0].trial.id);
    if (!b && rows.length > 1) setB(rows[1].trial.id);
  }, [rows, cmTrial, a, b]);
  useEffect(() => {
    if (window.location.hash === '#confusion') document.getElementById('confusion')?.scrollIntoView();
  }, []);

  const mk = METRIC_KEYS[metric];
  const exportCsv = () => {
    const header = ['rank', 'trial_id', 'sweep_id', ...AXES, 'ua_mean', 'ua_std', 'wa_mean', 'wa_std', 'macro_f1_mean', 'macro_f1_std', 'folds_done'];
    const data = rows.map((e) => {
      const p = params(e.trial.params);
      return [e.rank, e.trial.id, e.trial.sweepId, ...AXES.map((x) => p[x] ?? ''), e.trial.mean?.ua, e.trial.std?.ua, e.trial.mean?.wa, e.trial.std?.wa, e.trial.mean?.macroF1, e.trial.std?.macroF1, e.trial.foldsDone];
    });
    download(`leaderboard-${sweepId ?? 'all'}-${metric.toLowerCase()}.csv`, toCsv(header, data));
  };

  const sweepPicker = (
    <Field id="results-sweep" label="Sweep">
      {(p) => (
        <select {...p} value={sweepId ?? ''} onChange={(e) => nav(e.target.value ? `/sweeps/${e.target.value}/results` : '/results')}>
          <option value="">all sweeps</option>
          {(sweeps.data?.sweeps.edges ?? []).map(({ node }) => (
            <option key={node.id} value={node.id}>
              {node.name} ({node.status.toLowerCase()})
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  const sweepName = sweeps.data?.sweeps.edges.find((e) => e.node.id === sweepId)?.node.name;
  return (
    <>
      <PageHead
        title={sweepName ? `Results: ${sweepName}` : 'Results'}
        sub="Trials ranked by their mean over folds; every number is mean ± std over the held-out groups."
        actions={sweepId && <Link className="btn" to={`/sweeps/${sweepId}`}>Back to the sweep</Link>}
      />
      <div className="stack">
        <Card
          title="Leaderboard"
          actions={
            <>
              {sweepPicker}
              <Button onClick={exportCsv} disabled={!rows.length}>
                Export CSV
              </Button>
            </>
          }
        >
          <div className="row" style={{ marginBottom: 12, alignItems: 'flex-start' }}>
            {AXES.map((ax) =>
              axisValues[ax].length > 1 || filters[ax]?.length ? (
                <Group key={ax} id={`flt-${ax}`} legend={`Filter: ${AXIS_LABEL[ax]}`}>
                  <div className="checks">
                    {axisValues[ax].map((v) => (
                      <label key={v}>
                        <input
                          type="checkbox"
                          checked={filters[ax]?.includes(v) ?? false}
                          onChange={(e) => setFilters((f) => ({ ...f, [ax]: e.target.checked ? [...(f[ax] ?? []), v] : (f[ax] ?? []).filter((x) => x !== v) }))}
                        />
                        {v}
                      </label>
                    ))}
                  </div>
                </Group>
              ) : null,
            )}
          </div>
          {lb.error ? (
            <ErrorState error={lb.error} retry={() => refetchLb({ requestPolicy: 'network-only' })} />
          ) : lb.fetching && !lb.data ? (
            <Loading what="Loading the leaderboard" />
          ) : rows.length === 0 ? (
            <Empty title={all.length ? 'No trial matches the filters' : 'No results yet'}>
              <p>{all.length ? 'Clear a filter to see more trials.' : 'Trials appear here as soon as their first fold finishes.'}</p>
            </Empty>
          ) : (
            <div className="table-wrap">
              <table className="data" data-testid="leaderboard">
                <caption>Sorted by {METRIC_LABEL[metric]} (mean over folds), best first. Percentages.</caption>
                <thead>
                  <tr>
                    <th scope="col" className="num">#</th>
                    <th scope="col">Trial</th>
                    {AXES.map((x) => (
                      <th scope="col" key={x}>
                        {AXIS_LABEL[x]}
                      </th>
                    ))}
                    {(['UA', 'WA', 'MACRO_F1'] as Metric[]).map((m) => (
                      <th scope="col" key={m} className="num" aria-sort={metric === m ? 'descending' : 'none'}>
                        <button type="button" className="sort" onClick={() => setMetric(m)}>
                          {METRIC_LABEL[m]} {metric === m ? '▼' : ''}
                          <span className="sr-only">{metric === m ? ' (sorted, best first)' : ' (sort by this)'}</span>
                        </button>
                      </th>
                    ))}
                    <th scope="col" className="num">folds</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((e) => {
                    const p = params(e.trial.params);
                    return (
                      <tr key={e.trial.id} className={e.trial.id === cmTrial ? 'selected' : undefined}>
                        <td className="num">{e.rank}</td>
                        <td>
                          <Link to={`/sweeps/${e.trial.sweepId}`}>#{e.trial.index}</Link>
                        </td>
                        {AXES.map((x) => (
                          <td key={x}>{fmtAxis(x, p[x])}</td>
                        ))}
                        <td className="num">{pm(e.trial.mean?.ua, e.trial.std?.ua)}</td>
                        <td className="num">{pm(e.trial.mean?.wa, e.trial.std?.wa)}</td>
                        <td className="num">{pm(e.trial.mean?.macroF1, e.trial.std?.macroF1)}</td>
                        <td className="num">{e.trial.foldsDone}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </Card>

        {rows.length > 0 && (
          <div className="cols-2">
            <Card title="Parallel coordinates">
              <Chart label={`Parallel coordinates of axis values against ${METRIC_LABEL[metric]}`} option={parallelOption(rows, mk, METRIC_LABEL[metric])} height={320} />
            </Card>
            <AxisEffect rows={rows} mk={mk} metricLabel={METRIC_LABEL[metric]} />
          </div>
        )}

        {rows.length > 0 && (
          <Confusion
            rows={rows}
            trialId={cmTrial}
            setTrialId={(t) => {
              setCmTrial(t);
              setSearch((s) => { s.set('trial', t); return s; }, { replace: true });
            }}
            fold={cmFold}
            setFold={setCmFold}
            normalise={normalise}
            setNormalise={setNormalise}
          />
        )}

        {rows.length > 1 && <Compare rows={rows} a={a} b={b} setA={setA} setB={setB} metric={metric} />}
      </div>
    </>
  );
}

const fmtP = (p: number | null | undefined) => (p == null ? '–' : p < 0.001 ? p.toExponential(1) : num(p, 3));

function parallelOption(rows: Entry[], mk: 'ua' | 'wa' | 'macroF1', label: string): EChartsOption {
  const cats = (a: Axis) => [...new Set(rows.map((e) => fmtAxis(a, params(e.trial.params)[a])))].sort(natural);
  const reps = cats('representation');
  const models = cats('model');
  const vals = rows.map((e) => e.trial.mean?.[mk] ?? 0);
  return {
    tooltip: { trigger: 'item' },
    parallelAxis: [
      { dim: 0, name: 'representation', type: 'category', data: reps },
      { dim: 1, name: 'model', type: 'category', data: models },
      { dim: 2, name: 'log10 lr', type: 'value', scale: true },
      { dim: 3, name: 'seqLen', type: 'value', scale: true },
      { dim: 4, name: 'FC', type: 'value', min: 1, max: 4 },
      { dim: 5, name: label, type: 'value', scale: true, axisLabel: { formatter: (v: number) => `${(v * 100).toFixed(1)}%` } },
    ],
    parallel: { left: 64, right: 90, top: 44, bottom: 24 },
    visualMap: { show: true, dimension: 5, min: Math.min(...vals), max: Math.max(...vals) + 1e-9, inRange: { color: ['#c6d4f2', '#2456c9', '#0b1f57'] }, right: 0, top: 'middle', calculable: false, itemHeight: 100, text: [label, ''], formatter: (v: unknown) => pct(Number(v)) },
    series: [
      {
        type: 'parallel',
        lineStyle: { width: 2, opacity: 0.75 },
        data: rows.map((e) => {
          const p = params(e.trial.params);
          return [fmtAxis('representation', p.representation), fmtAxis('model', p.model), p.lr ? Math.log10(p.lr) : null, p.seqLen ?? null, p.fcLayers ?? null, e.trial.mean?.[mk] ?? null];
        }),
      },
    ],
  };
}

function AxisEffect({ rows, mk, metricLabel }: { rows: Entry[]; mk: 'ua' | 'wa' | 'macroF1'; metricLabel: string }) {
  const varying = AXES.filter((a) => new Set(rows.map((e) => fmtAxis(a, params(e.trial.params)[a]))).size > 1);
  const [x, setX] = useState<Axis>(varying.includes('seqLen') ? 'seqLen' : varying.find((a) => a !== 'representation') ?? varying[0] ?? 'seqLen');
  const [by, setBy] = useState<Axis>('representation');
  const option = useMemo<EChartsOption>(() => {
    const xs = [...new Set(rows.map((e) => fmtAxis(x, params(e.trial.params)[x])))].sort(natural);
    const groups = [...new Set(rows.map((e) => fmtAxis(by, params(e.trial.params)[by])))].sort(natural);
    const series = groups.map((g, gi) => {
      const data = xs.map((xv) => {
        const m = rows.filter((e) => fmtAxis(x, params(e.trial.params)[x]) === xv && fmtAxis(by, params(e.trial.params)[by]) === g && e.trial.mean?.[mk] != null);
        if (!m.length) return null;
        // best trial at this point (the study reports the best setting), its fold std as the whisker
        const best = m.reduce((p, c) => ((c.trial.mean?.[mk] ?? -1) > (p.trial.mean?.[mk] ?? -1) ? c : p));
        return { value: best.trial.mean?.[mk] ?? null, std: best.trial.std?.[mk] ?? 0, n: m.length };
      });
      return [
        { name: g, type: 'line' as const, data: data.map((d) => d?.value ?? null), connectNulls: true, itemStyle: { color: PALETTE[gi % PALETTE.length] }, symbolSize: 7 },
        {
          name: g,
          type: 'custom' as const,
          renderItem: (_params: unknown, api: { value(i: number): number; coord(p: [number, number]): [number, number] }) => {
            const xi = api.value(0);
            const lo = api.coord([xi, api.value(1)]);
            const hi = api.coord([xi, api.value(2)]);
            const color = PALETTE[gi % PALETTE.length];
            return {
              type: 'group',
              children: [
                { type: 'line', shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style: { stroke: color, lineWidth: 1.5 } },
                { type: 'line', shape: { x1: lo[0] - 4, y1: lo[1], x2: lo[0] + 4, y2: lo[1] }, style: { stroke: color, lineWidth: 1.5 } },
                { type: 'line', shape: { x1: hi[0] - 4, y1: hi[1], x2: hi[0] + 4, y2: hi[1] }, style: { stroke: color, lineWidth: 1.5 } },
              ],
            };
          },
          data: data.map((d, i) => (d?.value != null ? [i, d.value - d.std, d.value + d.std] : null)).filter(Boolean),
          tooltip: { show: false },
          silent: true,
          z: 1,
        },
      ];
    });
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => pct(Number(v)) },
      legend: { top: 0, data: groups },
      grid: { left: 50, right: 16, top: 36, bottom: 40 },
      xAxis: { type: 'category', data: xs, name: AXIS_LABEL[x], nameLocation: 'middle', nameGap: 26 },
      yAxis: { type: 'value', name: metricLabel, scale: true, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
      series: series.flat() as EChartsOption['series'],
    };
  }, [rows, x, by, mk, metricLabel]);
  return (
    <Card
      title="Effect of each axis"
      actions={
        <>
          <label htmlFor="eff-x">x</label>
          <select id="eff-x" value={x} onChange={(e) => setX(e.target.value as Axis)}>
            {AXES.map((a) => (
              <option key={a} value={a}>
                {AXIS_LABEL[a]}
              </option>
            ))}
          </select>
          <label htmlFor="eff-by">per</label>
          <select id="eff-by" value={by} onChange={(e) => setBy(e.target.value as Axis)}>
            {AXES.map((a) => (
              <option key={a} value={a}>
                {AXIS_LABEL[a]}
              </option>
            ))}
          </select>
        </>
      }
    >
      <Chart label={`${metricLabel} by ${AXIS_LABEL[x]} per ${AXIS_LABEL[by]}`} option={option} height={320} />
      <p className="hint">Each point: the best trial at that value (mean over folds), whiskers ± its std over folds.</p>
    </Card>
  );
}

function Confusion({ rows, trialId, setTrialId, fold, setFold, normalise, setNormalise }: { rows: Entry[]; trialId?: string; setTrialId(t: string): void; fold: string; setFold(f: string): void; normalise: boolean; setNormalise(n: boolean): void }) {
  const [q, refetch] = useQuery({ query: TrialDetailQuery, variables: { id: trialId ?? '' }, pause: !trialId });
  const trial = q.data?.trial && q.data.trial.id === trialId ? q.data.trial : undefined;
  const folds = useMemo(() => [...(trial?.folds ?? [])].sort((x, y) => natural(x.heldOut, y.heldOut)), [trial]);
  const mats = folds.map((f) => ({ f, m: toMatrix(f.confusion) })).filter((x): x is { f: (typeof folds)[number]; m: number[][] } => !!x.m);
  const chosen = fold === 'sum' ? sumMatrices(mats.map((x) => x.m)) : mats.find((x) => x.f.heldOut === fold)?.m;
  const first = folds.find((f) => f.confusion);
  const dsLabels = trial?.sweep?.dataset?.labels;
  const labels = (dsLabels?.length && chosen && dsLabels.length === chosen.length ? dsLabels : confusionLabels(first?.confusion)) ?? chosen?.map((_, i) => `class ${i}`) ?? [];
  const shown = chosen ? (normalise ? rowNormalise(chosen) : chosen) : undefined;
  const option: EChartsOption | undefined = shown && {
    tooltip: { formatter: (p: unknown) => { const d = (p as { data: [number, number, number] }).data; return `true ${labels[labels.length - 1 - d[1]]} → predicted ${labels[d[0]]}: ${normalise ? pct(d[2]) : d[2]}`; } },
    grid: { left: 80, right: 20, top: 10, bottom: 60 },
    xAxis: { type: 'category', data: labels, name: 'predicted', nameLocation: 'middle', nameGap: 30, splitArea: { show: true } },
    yAxis: { type: 'category', data: [...labels].reverse(), name: 'true', nameLocation: 'middle', nameGap: 64, splitArea: { show: true } },
    visualMap: { min: 0, max: normalise ? 1 : Math.max(1, ...shown.flat()), calculable: false, orient: 'horizontal', left: 'center', bottom: 0, show: false, inRange: { color: ['#f4f7fd', '#2456c9'] } },
    series: [
      {
        type: 'heatmap',
        data: shown.flatMap((r, i) => r.map((v, j) => [j, labels.length - 1 - i, normalise ? Number(v.toFixed(4)) : v])),
        label: { show: true, formatter: (p: unknown) => { const v = (p as { data: number[] }).data[2]; return normalise ? `${Math.round(v * 100)}%` : String(v); }, color: '#111' },
      },
    ],
  };
  return (
    <Card
      id="confusion"
      title="Confusion matrix"
      actions={
        <>
          <label htmlFor="cm-trial">Trial</label>
          <select id="cm-trial" value={trialId ?? ''} onChange={(e) => setTrialId(e.target.value)}>
            {rows.map((e) => (
              <option key={e.trial.id} value={e.trial.id}>
                {trialLabel(e.trial.params, e.trial.index)}
              </option>
            ))}
          </select>
          <label htmlFor="cm-fold">Fold</label>
          <select id="cm-fold" value={fold} onChange={(e) => setFold(e.target.value)}>
            <option value="sum">all folds summed</option>
            {folds.map((f) => (
              <option key={f.heldOut} value={f.heldOut}>
                held out {f.heldOut}
              </option>
            ))}
          </select>
          <label>
            <input type="checkbox" checked={normalise} onChange={(e) => setNormalise(e.target.checked)} /> row-normalised
          </label>
        </>
      }
    >
      {q.error ? (
        <ErrorState error={q.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
      ) : !trial ? (
        <Loading what="Loading the folds" />
      ) : !shown || !option ? (
        <Empty title="No confusion matrix yet">
          <p>{fold === 'sum' ? 'No fold of this trial has finished.' : `Fold ${fold} has not finished.`}</p>
        </Empty>
      ) : (
        <div className="cols-2">
          <Chart label={`Confusion matrix, ${fold === 'sum' ? 'all folds summed' : `held out ${fold}`}, ${normalise ? 'row-normalised' : 'counts'}`} option={option} height={340} />
          <div className="table-wrap" style={{ alignSelf: 'start' }}>
            <table className="data" data-testid="confusion-table">
              <caption>Rows: true label; columns: predicted. {normalise ? 'Share of each true label.' : 'Counts.'}</caption>
              <thead>
                <tr>
                  <th scope="col">true \ predicted</th>
                  {labels.map((l) => (
                    <th scope="col" key={l} className="num">
                      {l}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {shown.map((r, i) => (
                  <tr key={i}>
                    <th scope="row">{labels[i]}</th>
                    {r.map((v, j) => (
                      <td key={j} className="num" style={i === j ? { fontWeight: 700 } : undefined}>
                        {normalise ? pct(v) : v}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </Card>
  );
}

function Compare({ rows, a, b, setA, setB, metric }: { rows: Entry[]; a?: string; b?: string; setA(x: string): void; setB(x: string): void; metric: Metric }) {
  const [m, setM] = useState<Metric>(metric);
  const ok = a && b && a !== b;
  const [q, refetch] = useQuery({ query: CompareQuery, variables: { a: a ?? '', b: b ?? '', metric: m }, pause: !ok });
  const c = q.data?.compareTrials;
  const label = (id?: string) => {
    const e = rows.find((r) => r.trial.id === id);
    return e ? trialLabel(e.trial.params, e.trial.index) : '?';
  };
  const picker = (id: string, v: string | undefined, set: (x: string) => void, text: string) => (
    <>
      <label htmlFor={id}>{text}</label>
      <select id={id} value={v ?? ''} onChange={(e) => set(e.target.value)}>
        {rows.map((e) => (
          <option key={e.trial.id} value={e.trial.id}>
            {trialLabel(e.trial.params, e.trial.index)}
          </option>
        ))}
      </select>
    </>
  );
  const folds = c ? [...c.folds].sort((x, y) => natural(x.heldOut, y.heldOut)) : [];
  const ci = c?.confidenceInterval;
  const level = ci ? Math.round(ci.level * 100) : 95;
  const p = c?.tTest.pValue;
  const option: EChartsOption | undefined = c && {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${(Number(v) * 100).toFixed(2)} pts` },
    grid: { left: 56, right: 16, top: 20, bottom: 40 },
    xAxis: { type: 'category', data: folds.map((f) => f.heldOut), name: 'held-out group', nameLocation: 'middle', nameGap: 26 },
    yAxis: { type: 'value', name: `A − B (${METRIC_LABEL[m]})`, axisLabel: { formatter: (v: number) => `${(v * 100).toFixed(0)}` } },
    series: [
      {
        type: 'bar',
        name: 'A − B',
        data: folds.map((f) => ({ value: f.difference, itemStyle: { color: f.difference >= 0 ? PALETTE[2] : PALETTE[1] } })),
        markLine: {
          symbol: 'none',
          label: { formatter: (p: unknown) => (p as { name: string }).name, position: 'insideEndTop' },
          data: [
            ...(c.meanDifference != null ? [{ name: 'mean', yAxis: c.meanDifference, lineStyle: { color: '#1b1f24', width: 2 } }] : []),
            ...(ci ? [{ name: `${level}% CI low`, yAxis: ci.low, lineStyle: { color: '#4a5360', type: 'dashed' as const } }, { name: `${level}% CI high`, yAxis: ci.high, lineStyle: { color: '#4a5360', type: 'dashed' as const } }] : []),
          ],
        },
      },
    ],
  };
  return (
    <Card
      title="Compare two trials"
      actions={
        <>
          {picker('cmp-a', a, setA, 'A')}
          {picker('cmp-b', b, setB, 'B')}
          <label htmlFor="cmp-metric">metric</label>
          <select id="cmp-metric" value={m} onChange={(e) => setM(e.target.value as Metric)}>
            {(['UA', 'WA', 'MACRO_F1'] as Metric[]).map((x) => (
              <option key={x} value={x}>
                {METRIC_LABEL[x]}
              </option>
            ))}
          </select>
        </>
      }
    >
      {!ok ? (
        <Empty title="Pick two different trials" />
      ) : q.error ? (
        <ErrorState error={q.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
      ) : !c ? (
        <Loading what="Comparing" />
      ) : (
        <div className="cols-2" data-testid="comparison">
          <div className="stack" style={{ gap: 8 }}>
            <p style={{ margin: 0 }}>
              <strong>A</strong> {label(a)} vs <strong>B</strong> {label(b)}: paired over {c.n} folds.
            </p>
            <dl className="kv">
              <dt>mean difference A − B</dt>
              <dd>{c.meanDifference == null ? '–' : `${(c.meanDifference * 100).toFixed(2)} points`}{c.stdDifference != null ? ` (sd ${(c.stdDifference * 100).toFixed(2)})` : ''}</dd>
              <dt>{level}% confidence interval</dt>
              <dd>{ci ? `[${(ci.low * 100).toFixed(2)}, ${(ci.high * 100).toFixed(2)}] points` : '–'}</dd>
              <dt>{c.tTest.name}</dt>
              <dd>p = {fmtP(c.tTest.pValue)}{c.tTest.statistic != null ? `, t = ${num(c.tTest.statistic, 3)}` : ''}{c.tTest.df != null ? `, df = ${c.tTest.df}` : ''}{c.tTest.note ? ` (${c.tTest.note})` : ''}</dd>
              <dt>{c.wilcoxon.name}</dt>
              <dd>p = {fmtP(c.wilcoxon.pValue)}{c.wilcoxon.statistic != null ? `, W+ = ${num(c.wilcoxon.statistic, 1)}` : ''}{c.wilcoxon.note ? ` (${c.wilcoxon.note})` : ''}</dd>
            </dl>
            <p className="hint" style={{ margin: 0 }}>
              {p == null || c.meanDifference == null
                ? 'Not enough paired folds for a test.'
                : p < 0.05
                  ? `At the 5% level (paired t-test), ${c.meanDifference > 0 ? 'A' : 'B'} is better on ${METRIC_LABEL[m]}.`
                  : `No significant difference at the 5% level (the CI includes 0${c.n < 5 ? '; few folds make the test weak' : ''}).`}
              {c.unpaired.length > 0 && ` Left out (only one trial finished them): ${c.unpaired.join(', ')}.`}
            </p>
            <div className="table-wrap">
              <table className="data">
                <caption>Per-fold {METRIC_LABEL[m]} of A and B and the paired difference.</caption>
                <thead>
                  <tr>
                    <th scope="col">held out</th>
                    <th scope="col" className="num">A</th>
                    <th scope="col" className="num">B</th>
                    <th scope="col" className="num">A − B</th>
                  </tr>
                </thead>
                <tbody>
                  {folds.map((f) => (
                    <tr key={f.heldOut}>
                      <th scope="row">{f.heldOut}</th>
                      <td className="num">{pct(f.a)}</td>
                      <td className="num">{pct(f.b)}</td>
                      <td className="num">{(f.difference * 100).toFixed(2)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
          {option && <Chart label={`Per-fold difference A − B in ${METRIC_LABEL[m]} with mean and confidence interval`} option={option} height={300} />}
        </div>
      )}
    </Card>
  );
}
