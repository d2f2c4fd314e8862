import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { DatasetsQuery, FeatureSetsQuery, RegisterDatasetMutation } from '../api/ops';
import { apiIssues, describeError } from '../api/errors';
import { useAuth } from '../auth';
import type { DatasetsQuery as DatasetsData } from '../gql/graphql';
import { Chart, type EChartsOption } from '../charts/Chart';
import { countEntries, natural } from '../lib/datasets';
import { bytes, duration, when } from '../lib/format';
import { Banner, Button, Card, Empty, ErrorState, Field, Loading, PageHead, StatusBadge } from '../ui';

type Dataset = DatasetsData['datasets'][number];

function bars(entries: [string, number][], name: string): EChartsOption {
  const e = [...entries].sort((a, b) => natural(a[0], b[0]));
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 10, top: 10, bottom: 50 },
    xAxis: { type: 'category', data: e.map((x) => x[0]), axisLabel: { rotate: e.length > 6 ? 40 : 0, interval: 0 } },
    yAxis: { type: 'value', name },
    series: [{ type: 'bar', name, data: e.map((x) => x[1]) }],
  };
}

/** Utterances per group, stacked by label (class balance of each held-out fold). */
function stacked(d: Dataset): EChartsOption {
  const groups = [...d.labelsByGroup].sort((a, b) => natural(a.group, b.group));
  const labels = d.labels.length ? d.labels : [...new Set(groups.flatMap((g) => g.labels.map((l) => l.name)))];
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 40, right: 10, top: 36, bottom: 30 },
    xAxis: { type: 'category', data: groups.map((g) => g.group), axisLabel: { rotate: groups.length > 6 ? 40 : 0, interval: 0 } },
    yAxis: { type: 'value' },
    series: labels.map((l) => ({ type: 'bar' as const, name: l, stack: 'labels', data: groups.map((g) => g.labels.find((x) => x.name === l)?.count ?? 0) })),
  };
}

function CountTable({ entries, caption, keyName }: { entries: [string, number][]; caption: string; keyName: string }) {
  const total = entries.reduce((a, [, n]) => a + n, 0);
  return (
    <div className="table-wrap">
      <table className="data">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{keyName}</th>
            <th scope="col" className="num">utterances</th>
            <th scope="col" className="num">share</th>
          </tr>
        </thead>
        <tbody>
          {[...entries].sort((a, b) => natural(a[0], b[0])).map(([k, n]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td className="num">{n}</td>
              <td className="num">{total ? `${((n / total) * 100).toFixed(1)}%` : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DatasetCard({ d }: { d: Dataset }) {
  const groups = countEntries(d.counts.groups);
  const labels = countEntries(d.counts.labels);
  const speakers = countEntries(d.counts.speakers);
  const dropped = countEntries(d.counts.dropped);
  return (
    <Card title={d.name} actions={<span className="muted">{d.format} · {d.classes} · {d.counts.utterances} utterances · version <code>{d.version.slice(0, 10)}</code></span>}>
      <p className="hint">
        <code>{d.root}</code> · classes in order: {d.labels.join(', ')} · registered {when(d.createdAt)}
        {dropped.length > 0 && <> · left out: {dropped.map(([k, n]) => `${n} ${k}`).join(', ')}</>}
      </p>
      <div className="cols-3">
        <div>
          <h3>Per group (CV fold), by label</h3>
          {d.labelsByGroup.length ? (
            <Chart label={`Utterances per group by label in ${d.name}`} option={stacked(d)} height={220} />
          ) : groups.length ? (
            <Chart label={`Utterances per group in ${d.name}`} option={bars(groups, 'utterances')} height={220} />
          ) : (
            <p className="muted">–</p>
          )}
          <CountTable entries={groups} caption="Utterances per cross-validation group" keyName="group" />
        </div>
        <div>
          <h3>Per label</h3>
          {labels.length ? <Chart label={`Utterances per label in ${d.name}`} option={bars(labels, 'utterances')} height={220} /> : <p className="muted">–</p>}
          <CountTable entries={labels} caption="Utterances per emotion label" keyName="label" />
        </div>
        <div>
          <h3>Per speaker</h3>
          {speakers.length ? <Chart label={`Utterances per speaker in ${d.name}`} option={bars(speakers, 'utterances')} height={220} /> : <p className="muted">–</p>}
          <CountTable entries={speakers} caption="Utterances per speaker" keyName="speaker" />
        </div>
      </div>
      <FeatureSets datasetId={d.id} />
    </Card>
  );
}

function FeatureSets({ datasetId }: { datasetId: string }) {
  const [q, refetch] = useQuery({ query: FeatureSetsQuery, variables: { datasetId } });
  const rows = q.data?.featureSets ?? [];
  return (
    <div style={{ marginTop: 16 }}>
      <h3>Feature-set cache</h3>
      {q.error ? (
        <ErrorState error={q.error} retry={() => refetch({ requestPolicy: 'network-only' })} />
      ) : q.fetching && !q.data ? (
        <Loading what="Loading feature sets" />
      ) : !rows.length ? (
        <p className="muted">No feature set computed yet: the first sweep on this dataset computes them, later sweeps reuse them.</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption>Each feature set is computed once per dataset version × representation × parameters and reused by every sweep that needs it.</caption>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Representation</th>
                <th scope="col">Parameters</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">Dims</th>
                <th scope="col" className="num">Size</th>
                <th scope="col" className="num">Compute</th>
                <th scope="col">Created by</th>
                <th scope="col" className="num">Reused</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((f) => (
                <tr key={f.key}>
                  <td>
                    <code title={f.key}>{f.key.slice(0, 12)}</code>
                  </td>
                  <td>{f.representation}</td>
                  <td className="mono" style={{ whiteSpace: 'normal', overflowWrap: 'anywhere', minWidth: 220, maxWidth: 420 }}>
                    {f.params && typeof f.params === 'object' && Object.keys(f.params).length
                      ? Object.entries(f.params as Record<string, unknown>)
                          .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
                          .join(', ')
                      : 'defaults'}
                  </td>
                  <td>
                    <StatusBadge status={f.status} />
                  </td>
                  <td className="num">{f.dims ?? '–'}</td>
                  <td className="num">{bytes(f.sizeBytes)}</td>
                  <td className="num">{f.computeMs == null ? '–' : f.computeMs < 1000 ? `${f.computeMs} ms` : duration(f.computeMs / 1000)}</td>
                  <td>{f.creatorSweepId ? <Link to={`/sweeps/${f.creatorSweepId}`}>sweep</Link> : '–'}</td>
                  <td className="num">{f.reuseCount}×</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function Register({ onDone }: { onDone(): void }) {
  const [format, setFormat] = useState('iemocap');
  const [root, setRoot] = useState('');
  const [classes, setClasses] = useState('4');
  const [r, register] = useMutation(RegisterDatasetMutation);
  const issues = apiIssues(r.error);
  const [done, setDone] = useState<string | undefined>();
  return (
    <Card title="Register a dataset">
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          setDone(undefined);
          void register({ format, root: root.trim(), classes }).then((res) => {
            if (res.data?.registerDataset) {
              setDone(res.data.registerDataset.name);
              onDone();
            }
          });
        }}
      >
        <Field id="reg-format" label="Format" errors={issues.filter((i) => i.path === 'format').map((i) => i.message)}>
          {(p) => (
            <select {...p} value={format} onChange={(e) => setFormat(e.target.value)}>
              <option value="iemocap">IEMOCAP release</option>
              <option value="manifest">CSV manifest</option>
              <option value="synthetic">synthetic (espeak-ng)</option>
            </select>
          )}
        </Field>
        <Field id="reg-root" label="Root" desc="the release root, the manifest CSV or the synthetic output folder (on the API's machine)" errors={issues.filter((i) => i.path === 'root').map((i) => i.message)}>
          {(p) => <input {...p} type="text" value={root} onChange={(e) => setRoot(e.target.value)} required />}
        </Field>
        <Field id="reg-classes" label="Classes">
          {(p) => (
            <select {...p} value={classes} onChange={(e) => setClasses(e.target.value)}>
              <option value="4">4 (neutral, happy+excited, sad, angry)</option>
              <option value="all">all labels</option>
            </select>
          )}
        </Field>
        <div className="field" style={{ justifyContent: 'flex-end' }}>
          <Button type="submit" variant="primary" disabled={!root.trim() || r.fetching}>
            {r.fetching ? 'Importing…' : 'Register'}
          </Button>
        </div>
      </form>
      {r.error && !issues.length && <Banner kind="error">{describeError(r.error).detail}</Banner>}
      {done && <Banner kind="ok" role="status">Registered {done}.</Banner>}
    </Card>
  );
}

export function DatasetsPage() {
  const { canMutate } = useAuth();
  const [q, refetch] = useQuery({ query: DatasetsQuery });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  return (
    <>
      <PageHead title="Datasets and feature sets" sub="Registered corpora with their counts per group, label and speaker, and the feature sets computed from them." />
      <div className="stack">
        {canMutate && <Register onDone={reload} />}
        {q.error ? (
          <ErrorState error={q.error} retry={reload} />
        ) : q.fetching && !q.data ? (
          <Loading what="Loading datasets" />
        ) : !q.data?.datasets.length ? (
          <Card>
            <Empty title="No dataset registered">
              <p>{canMutate ? 'Register one above, or launch a sweep on a synthetic corpus.' : 'An operator can register one.'}</p>
            </Empty>
          </Card>
        ) : (
          q.data.datasets.map((d) => <DatasetCard key={d.id} d={d} />)
        )}
      </div>
    </>
  );
}
