import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { DatasetsQuery, SweepQuery } from '../api/ops';
import { draftFromSpecText, PRESETS } from '../lib/draft';
import { groupsOf, totalOf } from '../lib/datasets';
import { ErrorState, Loading, PageHead } from '../ui';
import { LaunchEditor, type DatasetOption } from './launch/LaunchEditor';

export function LaunchPage() {
  const [params] = useSearchParams();
  const from = params.get('from');
  const preset = params.get('preset') ?? undefined;
  const nav = useNavigate();
  const [ds] = useQuery({ query: DatasetsQuery });
  const [src] = useQuery({ query: SweepQuery, variables: { id: from ?? '' }, pause: !from });

  const datasets = useMemo<DatasetOption[]>(
    () =>
      (ds.data?.datasets ?? []).map((d) => ({
        id: d.id,
        name: `${d.name} (${d.format}, ${d.classes})`,
        choice: { format: d.format, root: d.root, classes: /all/i.test(d.classes) ? 'all' : 4 },
        groups: groupsOf(d.counts),
        total: totalOf(d.counts),
      })),
    [ds.data],
  );

  const head = <PageHead title="Launch a sweep" sub="Pick a dataset and the values of each axis; the trial × fold count updates as you type." />;
  if (ds.fetching && !ds.data) return (<>{head}<Loading what="Loading datasets" /></>);
  if (from && src.fetching && !src.data) return (<>{head}<Loading what="Loading the sweep's spec" /></>);
  const initial = from && src.data?.sweep?.specText ? draftFromSpecText(src.data.sweep.specText) : undefined;
  return (
    <>
      {head}
      {ds.error && <ErrorState error={ds.error} title="Could not load the registered datasets" />}
      <LaunchEditor
        key={`${from ?? ''}-${datasets.length}`}
        datasets={datasets}
        initial={initial}
        initialPreset={preset && PRESETS[preset] ? preset : 'quick-check'}
        onLaunched={(id) => nav(`/sweeps/${id}`)}
      />
    </>
  );
}
