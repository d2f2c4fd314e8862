/** The launch form: fields ⇄ draft ⇄ YAML, live counts, field-level errors, submit. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useMutation } from 'urql';
import {
  CLASS_WEIGHTS,
  CV_STRATEGIES,
  DATASET_FORMATS,
  DEVICES,
  EARLY_STOPPING_METRICS,
  METRICS,
  MODELS,
  REPRESENTATIONS,
  SCHEDULE_FIELDS,
  SCHEDULE_KINDS,
  VALIDATION_BY,
  type ScheduleKind,
} from '@emosweep/sweeps';
import { DryRunMutation, LaunchMutation } from '../../api/ops';
import { apiIssues, describeError } from '../../api/errors';
import {
  AXIS_DEFAULTS,
  PRESETS,
  countingSpec,
  draftToYaml,
  getPath,
  issuesAt,
  localDryRun,
  locateIssues,
  presetDraft,
  setPath,
  unclaimedIssues,
  validateDraft,
  yamlToDraft,
  type DatasetChoice,
  type Draft,
} from '../../lib/draft';
import { duration, lrLabel } from '../../lib/format';
import { Badge, Banner, Button, Card, Field, Group, Stat, Tabs } from '../../ui';
import { ChipAxis, CheckAxis, NumberField, SelectField, TextField, bindOf } from './fields';

export interface DatasetOption {
  id: string;
  name: string;
  choice: DatasetChoice;
  groups?: string[];
  total?: number;
}

/** Every field path the form shows (issues elsewhere are listed in the summary). */
const FIELD_PATHS = [
  'name', 'description', 'dataset', 'grid.representation', 'grid.model', 'grid.lr', 'grid.seqLen', 'grid.fcLayers', 'wav2vecWeights',
  'training.epochs', 'training.batchSize', 'training.schedule', 'training.earlyStopping', 'training.validation', 'training.classWeights',
  'search', 'cv', 'seed', 'device', 'maxConcurrentFolds', 'metric',
];

const MODEL_LABELS: Record<string, string> = { mlp: 'mlp (V0)', lstm: 'lstm + FC (V1)', q2l: 'Query2Label (V2)' };

export function LaunchEditor({ datasets, initial, onLaunched, initialPreset = 'quick-check' }: { datasets: DatasetOption[]; initial?: Draft; onLaunched: (id: string) => void; initialPreset?: string }) {
  const [draft, setDraftState] = useState<Draft>(() => initial ?? presetDraft(initialPreset, datasets[0]?.choice));
  const [preset, setPreset] = useState(initial ? '' : initialPreset);
  const [tab, setTab] = useState<'form' | 'yaml'>('form');
  const source = useRef<'form' | 'yaml'>('form');
  const [yamlText, setYamlText] = useState(() => draftToYaml(draft));
  const [yamlSyntax, setYamlSyntax] = useState<{ path: string; message: string; line?: number }[]>([]);

  const setDraft = (f: (d: Draft) => Draft) => {
    source.current = 'form';
    setDraftState(f);
  };
  // the form changed the draft: the YAML view follows (YAML edits leave the text as typed)
  useEffect(() => {
    if (source.current === 'form') {
      setYamlText(draftToYaml(draft));
      setYamlSyntax([]);
    }
  }, [draft]);

  const validation = useMemo(() => validateDraft(draft), [draft]);
  const b = bindOf(draft, validation.issues, setDraft);

  const datasetIdx = datasets.findIndex((d) => d.choice.root === getPath(draft, 'dataset.root') && d.choice.format === getPath(draft, 'dataset.format'));
  const selected = datasetIdx >= 0 ? datasets[datasetIdx] : undefined;
  const local = useMemo(() => localDryRun(validation.spec ?? countingSpec(draft), selected?.groups), [validation.spec, draft, selected?.groups]);

  // authoritative counts from the API (knows the dataset's groups), debounced while typing
  const specText = validation.spec ? draftToYaml(draft) : undefined;
  const [remote, dryRunSweep] = useMutation(DryRunMutation);
  const [remoteFor, setRemoteFor] = useState<string | undefined>();
  useEffect(() => {
    if (!specText) return;
    const t = setTimeout(() => {
      void dryRunSweep({ spec: specText }).then(() => setRemoteFor(specText));
    }, 300);
    return () => clearTimeout(t);
  }, [specText, dryRunSweep]);
  const remoteCurrent = remoteFor === specText && remote.data?.dryRunSweep && !remote.fetching ? remote.data.dryRunSweep : undefined;
  const remoteErrors = remoteFor === specText && !remote.fetching ? apiIssues(remote.error) : [];
  const remoteFailed = remoteFor === specText && !remote.fetching && remote.error && !remoteErrors.length ? describeError(remote.error) : undefined;

  const [launch, launchSweep] = useMutation(LaunchMutation);
  const launchIssues = apiIssues(launch.error);
  const allIssues = [...validation.issues, ...remoteErrors.map((i) => ({ ...i })), ...launchIssues];
  const bAll = { ...b, issues: allIssues };

  const counts = remoteCurrent ?? local;
  const submit = async () => {
    if (!specText) return;
    const r = await launchSweep({ spec: specText });
    const id = r.data?.launchSweep?.id;
    if (id) onLaunched(id);
  };

  const applyPreset = (name: string) => {
    setPreset(name);
    if (!name) return;
    const ds = getPath(draft, 'dataset') as DatasetChoice | undefined;
    setDraft(() => presetDraft(name, ds && typeof ds === 'object' ? ds : datasets[0]?.choice));
  };

  const onYaml = (text: string) => {
    setYamlText(text);
    const r = yamlToDraft(text);
    if (r.draft) {
      source.current = 'yaml';
      setDraftState(r.draft);
      setYamlSyntax([]);
      setPreset('');
    } else setYamlSyntax(r.issues);
  };

  const scheduleKind = (getPath(draft, 'training.schedule.kind') as ScheduleKind | undefined) ?? 'cosine';
  const es = getPath(draft, 'training.earlyStopping');
  const searchKind = (typeof getPath(draft, 'search') === 'string' ? getPath(draft, 'search') : getPath(draft, 'search.kind')) ?? 'grid';
  const cvStrategy = (typeof getPath(draft, 'cv') === 'string' ? getPath(draft, 'cv') : getPath(draft, 'cv.strategy')) ?? 'leave-one-group-out';
  const reps = getPath(draft, 'grid.representation');
  const hasWav2vec = Array.isArray(reps) ? reps.includes('wav2vec') : reps === 'wav2vec';
  const format = getPath(draft, 'dataset.format');
  const located = tab === 'yaml' ? locateIssues(yamlText, validation.issues) : [];
  const unclaimed = unclaimedIssues(allIssues, FIELD_PATHS);

  return (
    <div className="grid-2">
      <div className="stack">
        <Tabs
          label="Spec editor"
          value={tab}
          onChange={setTab}
          tabs={[
            { key: 'form', label: 'Form' },
            { key: 'yaml', label: 'YAML' },
          ]}
        >
          {tab === 'form' ? (
            <div className="stack">
              <Card title="Sweep">
                <div className="form-grid">
                  <Field id="f-preset" label="Preset" desc={preset && PRESETS[preset]?.description}>
                    {(p) => (
                      <select {...p} value={preset} onChange={(e) => applyPreset(e.target.value)}>
                        <option value="">(custom)</option>
                        {Object.keys(PRESETS).map((k) => (
                          <option key={k} value={k}>
                            {k}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  <TextField b={bAll} path="name" label="Name" desc="letters, digits, . _ -" />
                </div>
                <div style={{ marginTop: 12 }}>
                  <TextField b={bAll} path="description" label="Description" />
                </div>
              </Card>

              <Card title="Dataset">
                <div className="form-grid">
                  <Field id="f-dataset-pick" label="Registered dataset" desc={selected ? `${selected.total ?? '?'} utterances, ${selected.groups?.length ?? '?'} groups` : 'or describe one below'}>
                    {(p) => (
                      <select
                        {...p}
                        value={datasetIdx >= 0 ? datasets[datasetIdx].id : ''}
                        onChange={(e) => {
                          const d = datasets.find((x) => x.id === e.target.value);
                          if (d) setDraft((cur) => setPath(cur, 'dataset', { ...d.choice }));
                        }}
                      >
                        <option value="">(other)</option>
                        {datasets.map((d) => (
                          <option key={d.id} value={d.id}>
                            {d.name}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  <SelectField b={bAll} path="dataset.format" label="Format" options={DATASET_FORMATS} placeholder="(choose)" />
                  <TextField b={bAll} path="dataset.root" label="Root" desc="release root, manifest CSV or output folder" />
                  <SelectField b={bAll} path="dataset.classes" label="Classes" options={[4, 'all']} placeholder="4 (default)" />
                </div>
                {format === 'synthetic' && (
                  <div className="form-grid" style={{ marginTop: 12 }}>
                    <NumberField b={bAll} path="dataset.synthetic.groups" label="Synthetic groups" placeholder="5" />
                    <NumberField b={bAll} path="dataset.synthetic.perSpeaker" label="Utterances per speaker" />
                  </div>
                )}
                {issuesAt(allIssues, 'dataset').length > 0 && !['dataset.format', 'dataset.root', 'dataset.classes', 'dataset.synthetic'].some((p) => issuesAt(allIssues, p).length) && (
                  <p className="field-error">{issuesAt(allIssues, 'dataset').join('; ')}</p>
                )}
              </Card>

              <Card title="Grid">
                <div className="stack">
                  <CheckAxis b={bAll} path="grid.representation" legend="Representation" options={REPRESENTATIONS} desc="pooled = means of MFCC, chroma and mel (V0)" />
                  <CheckAxis b={bAll} path="grid.model" legend="Model" options={MODELS} labels={MODEL_LABELS} desc="mlp runs on pooled only; pooled only with mlp (other pairs are dropped)" />
                  <ChipAxis b={bAll} path="grid.lr" legend="Learning rate" inputLabel="learning rate" suggestions={[1e-2, 1e-3, 1e-4, 1e-5, 1e-6]} fallback={AXIS_DEFAULTS.lr} format={lrLabel} />
                  <ChipAxis b={bAll} path="grid.seqLen" legend="Sequence length (frames)" inputLabel="sequence length" suggestions={[10, 50, 100, 150, 200]} fallback={AXIS_DEFAULTS.seqLen} />
                  <CheckAxis b={bAll} path="grid.fcLayers" legend="FC layers after the LSTM" options={[2, 3]} fallback={AXIS_DEFAULTS.fcLayers} />
                  {hasWav2vec && <TextField b={bAll} path="wav2vecWeights" label="wav2vec 2.0 weights" desc="path to the weights (required for wav2vec)" />}
                </div>
              </Card>

              <Card title="Training">
                <div className="form-grid">
                  <NumberField b={bAll} path="training.epochs" label="Epochs" placeholder="30" />
                  <NumberField b={bAll} path="training.batchSize" label="Batch size" placeholder="32" />
                  <SelectField b={bAll} path="training.classWeights" label="Class weights" options={CLASS_WEIGHTS} placeholder="none (default)" />
                  <SelectField b={bAll} path="training.schedule.kind" label="LR schedule" options={SCHEDULE_KINDS} placeholder="cosine (default)" />
                  {SCHEDULE_FIELDS[scheduleKind]?.includes('stepSize') && <NumberField b={bAll} path="training.schedule.stepSize" label="Step size (epochs)" />}
                  {SCHEDULE_FIELDS[scheduleKind]?.includes('gamma') && <NumberField b={bAll} path="training.schedule.gamma" label="Gamma" />}
                  {SCHEDULE_FIELDS[scheduleKind]?.includes('patience') && <NumberField b={bAll} path="training.schedule.patience" label="Plateau patience" />}
                  {SCHEDULE_FIELDS[scheduleKind]?.includes('minLr') && <NumberField b={bAll} path="training.schedule.minLr" label="Minimum LR" />}
                  <NumberField b={bAll} path="training.validation.fraction" label="Validation fraction" placeholder="0.1" />
                  <SelectField b={bAll} path="training.validation.by" label="Validation split by" options={VALIDATION_BY} placeholder="speaker (default)" />
                </div>
                <div style={{ marginTop: 12 }}>
                  <Group id="f-training-earlyStopping" legend="Early stopping" errors={issuesAt(allIssues, 'training.earlyStopping').filter((m) => !/^(patience|metric)/.test(m))}>
                    <div className="row">
                      <label>
                        <input type="checkbox" checked={es !== false} onChange={(e) => b.set('training.earlyStopping', e.target.checked ? undefined : false)} /> on
                      </label>
                    </div>
                    {es !== false && (
                      <div className="form-grid" style={{ marginTop: 8 }}>
                        <NumberField b={bAll} path="training.earlyStopping.patience" label="Patience (epochs)" placeholder="5" />
                        <SelectField b={bAll} path="training.earlyStopping.metric" label="Monitor" options={EARLY_STOPPING_METRICS} placeholder="valLoss (default)" />
                      </div>
                    )}
                  </Group>
                </div>
              </Card>

              <Card title="Search and cross-validation">
                <div className="form-grid">
                  <Field id="f-search-kind" label="Search" errors={issuesAt(allIssues, 'search.kind')}>
                    {(p) => (
                      <select {...p} value={String(searchKind)} onChange={(e) => b.set('search', e.target.value === 'grid' ? { kind: 'grid' } : { kind: 'random', samples: 10 })}>
                        <option value="grid">grid (every point)</option>
                        <option value="random">random (sample points)</option>
                      </select>
                    )}
                  </Field>
                  {searchKind === 'random' && <NumberField b={bAll} path="search.samples" label="Samples" />}
                  {searchKind === 'random' && <NumberField b={bAll} path="search.seed" label="Sampling seed" placeholder="sweep seed" />}
                  <Field id="f-cv-strategy" label="CV strategy" errors={issuesAt(allIssues, 'cv.strategy')}>
                    {(p) => (
                      <select
                        {...p}
                        value={String(cvStrategy)}
                        onChange={(e) => b.set('cv', e.target.value === 'group-k-fold' ? { strategy: 'group-k-fold', k: 5 } : { strategy: 'leave-one-group-out' })}
                      >
                        {CV_STRATEGIES.map((c) => (
                          <option key={c} value={c}>
                            {c}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  {cvStrategy === 'group-k-fold' && <NumberField b={bAll} path="cv.k" label="k" />}
                  <Field
                    id="f-cv-folds"
                    label="Held-out folds (optional)"
                    desc={selected?.groups?.length ? `groups: ${selected.groups.join(', ')}` : 'comma-separated; empty = all'}
                    errors={issuesAt(allIssues, 'cv.folds')}
                  >
                    {(p) => {
                      const f = getPath(draft, 'cv.folds');
                      return (
                        <input
                          {...p}
                          type="text"
                          value={Array.isArray(f) ? f.join(', ') : ''}
                          onChange={(e) => {
                            const parts = e.target.value.split(',').map((s) => s.trim());
                            const cv = typeof getPath(draft, 'cv') === 'string' ? { strategy: getPath(draft, 'cv') } : getPath(draft, 'cv') ?? { strategy: 'leave-one-group-out' };
                            const next: Record<string, unknown> = { ...(cv as object) };
                            if (e.target.value.trim() === '') delete next.folds;
                            else next.folds = parts.filter((x, i) => x !== '' || i < parts.length - 1);
                            b.set('cv', next);
                          }}
                        />
                      );
                    }}
                  </Field>
                  <NumberField b={bAll} path="seed" label="Seed" placeholder="0" />
                  <SelectField b={bAll} path="device" label="Device" options={DEVICES} placeholder="cpu (default)" />
                  <NumberField b={bAll} path="maxConcurrentFolds" label="Concurrent folds" placeholder="2" />
                  <SelectField b={bAll} path="metric" label="Headline metric" options={METRICS} placeholder="ua (default)" />
                </div>
              </Card>
            </div>
          ) : (
            <Card title="Spec (YAML)">
              <p className="hint">Edits here update the form, and the form rewrites this text. Same format as <code>emosweep sweep run</code>.</p>
              <label htmlFor="spec-yaml" className="sr-only">
                Sweep spec YAML
              </label>
              <textarea id="spec-yaml" rows={36} spellCheck={false} value={yamlText} onChange={(e) => onYaml(e.target.value)} aria-invalid={yamlSyntax.length || validation.issues.length ? true : undefined} aria-describedby="spec-yaml-issues" />
              <div id="spec-yaml-issues" aria-live="polite">
                {[...yamlSyntax, ...(yamlSyntax.length ? [] : located)].map((i, k) => (
                  <p key={k} className="field-error">
                    {i.line !== undefined ? `line ${i.line}: ` : ''}
                    {i.path ? `${i.path}: ` : ''}
                    {i.message}
                  </p>
                ))}
              </div>
              <div className="row" style={{ marginTop: 8 }}>
                <Button small disabled={!validation.spec} onClick={() => { source.current = 'form'; setYamlText(draftToYaml(draft)); }}>
                  Reformat
                </Button>
              </div>
            </Card>
          )}
        </Tabs>
        <div className="mobile-summary">
          <span>{counts ? `${counts.trials} trials × ${counts.folds} folds = ${counts.foldRuns} fold runs` : 'the spec has problems'}</span>
          <a className="btn small" href="#launch-summary">Review and launch</a>
        </div>
      </div>

      <aside className="sticky stack" aria-label="Sweep summary" id="launch-summary">
        <Card title="What will run">
          <div aria-live="polite" aria-atomic="true" data-testid="counts">
            {counts ? (
              <>
                <div className="stats">
                  <Stat label="trials" value={<span data-testid="count-trials">{counts.trials}</span>} />
                  <Stat label="folds" value={<span data-testid="count-folds">{counts.folds}</span>} />
                  <Stat label="fold runs" value={<span data-testid="count-foldruns">{counts.foldRuns}</span>} />
                </div>
                <p className="hint" style={{ marginTop: 8 }}>
                  {!validation.spec && 'Counts of the grid as it stands; fix the fields marked below before launching. '}
                  {counts.trials} trials × {counts.folds} folds = {counts.foldRuns} fold runs{counts.gridSize !== counts.trials ? ` (grid of ${counts.gridSize} points)` : ''}.{' '}
                  {remoteCurrent ? 'Checked by the API.' : !validation.spec ? '' : remote.fetching ? 'Checking with the API…' : 'Computed here; the API confirms when reachable.'}
                  {remoteCurrent?.estimatedSeconds != null && ` At most ${duration(remoteCurrent.estimatedSeconds)}.`}
                </p>
                <h3>Feature sets needed</h3>
                <ul data-testid="feature-sets">
                  {counts.featureSets.map((f) => (
                    <li key={f.representation}>
                      <code>{f.representation}</code>
                      {'exists' in f && f.exists === true && <> <Badge kind="ready">cached, reused</Badge></>}
                      {'exists' in f && f.exists === false && <> <Badge>to compute</Badge></>}
                      {f.params != null && Object.keys(f.params as object).length > 0 ? <span className="muted"> {JSON.stringify(f.params)}</span> : null}
                    </li>
                  ))}
                </ul>
                <p className="hint">Feature sets already computed for this dataset are reused, not recomputed.</p>
                {counts.notes.length > 0 && (
                  <ul className="hint">
                    {counts.notes.map((n) => (
                      <li key={n}>{n}</li>
                    ))}
                  </ul>
                )}
              </>
            ) : (
              <p className="muted">Fix the problems in the spec to see the trial × fold count.</p>
            )}
          </div>
          {remoteFailed && remoteFailed.kind === 'network' && <Banner kind="warn">{remoteFailed.detail}</Banner>}
          {unclaimed.length > 0 && (
            <Banner kind="error">
              <strong>{unclaimed.length === 1 ? 'One problem' : `${unclaimed.length} problems`}</strong>
              <ul>
                {unclaimed.map((i, k) => (
                  <li key={k}>
                    {i.path ? <code>{i.path}</code> : 'spec'}: {i.message}
                  </li>
                ))}
              </ul>
            </Banner>
          )}
          {launch.error && !launchIssues.length && <Banner kind="error">{describeError(launch.error).detail}</Banner>}
          {validation.issues.length > 0 && tab === 'form' && (
            <p className="field-error" role="status">
              {validation.issues.length} field{validation.issues.length === 1 ? '' : 's'} to fix before launching.
            </p>
          )}
          <div className="row" style={{ marginTop: 12 }}>
            <Button variant="primary" disabled={!validation.spec || launch.fetching} onClick={submit}>
              {launch.fetching ? 'Launching…' : counts ? `Launch ${counts.foldRuns} fold runs` : 'Launch'}
            </Button>
          </div>
        </Card>
      </aside>
    </div>
  );
}
