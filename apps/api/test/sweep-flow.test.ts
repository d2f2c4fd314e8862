/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are checked field by field against the database */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateFolds } from '@emosweep/sweeps';
import { collect, smallCorpus, startApi, waitFor, type ApiHarness } from './harness.js';

let h: ApiHarness;
let corpus: string;

function spec(name: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    name,
    dataset: { format: 'iemocap', root: corpus, classes: 4 },
    grid: { representation: ['mfcc'], model: ['lstm'], lr: [1e-3, 1e-2], seqLen: [20], fcLayers: [2] },
    training: { epochs: 2, batchSize: 8, earlyStopping: false },
    cv: { strategy: 'leave-one-group-out', folds: ['Session1', 'Session2'] },
    seed: 5,
    maxConcurrentFolds: 2,
    ...extra,
  });
}

const PROGRESS = `subscription($id: ID!) { sweepProgress(id: $id) {
  kind sweepId sweepStatus counts { total completed running }
  fold { id trialId heldOut status metrics { ua wa macroF1 } }
  epoch { foldRunId epoch trainLoss valUa }
  trial { id status foldsDone mean { ua } }
} }`;

const SWEEP = `query($id: ID!) { sweep(id: $id) {
  id name status createdAt trialCount foldCount datasetId progress { completed total }
  trials { id index params status foldsDone mean { ua wa macroF1 } std { ua wa macroF1 }
    folds { id heldOut status metrics { ua wa macroF1 } confusion bestEpoch
      epochs { epoch trainLoss valLoss valUa } } }
} }`;

type Ev = { sweepProgress: { kind: string; sweepStatus: string | null; fold: { heldOut: string; status: string } | null; epoch: { epoch: number } | null } };

describe('sweeps over GraphQL (real HTTP, graphql-ws, Temporal, Postgres, MinIO)', () => {
  beforeAll(async () => {
    corpus = await smallCorpus();
    h = await startApi({ worker: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  let sweepId: string;

  it('launches a sweep, follows it over a subscription to completion, and reads it back as the database has it', async () => {
    const launched = await h.gql<{ launchSweep: { id: string; status: string; trialCount: number; foldCount: number } }>(
      'mutation($spec: String!) { launchSweep(spec: $spec) { id status trialCount foldCount } }',
      { spec: spec('api-flow') },
    );
    expect(launched.errors).toBeUndefined();
    sweepId = launched.data!.launchSweep.id;
    expect(launched.data!.launchSweep).toMatchObject({ status: 'PENDING', trialCount: 2, foldCount: 2 });

    const { events, errors } = await collect<Ev>(h.ws(h.viewer), PROGRESS, { id: sweepId });
    expect(errors).toEqual([]);
    const kinds = events.map((e) => e.sweepProgress.kind);
    expect(kinds[0]).toBe('SNAPSHOT');
    const last = events[events.length - 1].sweepProgress;
    expect(last).toMatchObject({ kind: 'SWEEP', sweepStatus: 'COMPLETED' });
    // every fold reported running and completed, every epoch pushed (2 trials × 2 folds × 2 epochs)
    const folds = events.map((e) => e.sweepProgress.fold).filter(Boolean) as { heldOut: string; status: string }[];
    expect(folds.filter((f) => f.status === 'COMPLETED')).toHaveLength(4);
    expect(folds.filter((f) => f.status === 'RUNNING').length).toBeGreaterThanOrEqual(4);
    expect(events.filter((e) => e.sweepProgress.epoch)).toHaveLength(8);
    expect(kinds).toContain('TRIAL');

    const r = await h.gql<{ sweep: any }>(SWEEP, { id: sweepId });
    expect(r.errors).toBeUndefined();
    const sweep = r.data!.sweep;
    expect(sweep).toMatchObject({ id: sweepId, name: 'api-flow', status: 'COMPLETED', progress: { completed: 4, total: 4 } });
    const { store } = h.db;
    const rows = await store.trials.listBySweep(sweepId);
    expect(sweep.trials.map((t: any) => t.id)).toEqual(rows.map((t) => t.id));
    for (const [i, t] of sweep.trials.entries()) {
      const row = rows[i];
      expect(t.mean).toEqual({ ua: row.meanUa, wa: row.meanWa, macroF1: row.meanMacroF1 });
      expect(t.std).toEqual({ ua: row.stdUa, wa: row.stdWa, macroF1: row.stdMacroF1 });
      expect(t.params).toEqual(row.params);
      const foldRows = await store.foldRuns.listByTrial(row.id);
      expect(t.folds.map((f: any) => f.heldOut)).toEqual(['Session1', 'Session2']);
      for (const [j, f] of t.folds.entries()) {
        const fr = foldRows[j];
        expect(f).toMatchObject({ id: fr.id, status: 'COMPLETED', metrics: { ua: fr.ua, wa: fr.wa, macroF1: fr.macroF1 }, confusion: fr.confusion, bestEpoch: fr.bestEpoch });
        const epochs = await store.epochs.list(fr.id);
        expect(f.epochs).toEqual(epochs.map((e) => ({ epoch: e.epoch, trainLoss: e.trainLoss, valLoss: e.valLoss, valUa: e.valUa })));
      }
      const agg = aggregateFolds(foldRows.map((f) => ({ ua: f.ua!, wa: f.wa!, macroF1: f.macroF1! })));
      expect(t.mean.ua).toBeCloseTo(agg.mean.ua, 12);
    }
  }, 300_000);

  it('ranks the trials on the leaderboard with the stored means', async () => {
    const r = await h.gql<{ leaderboard: any[] }>(
      'query($id: ID!) { leaderboard(sweepId: $id, metric: MACRO_F1, first: 10, filter: { representation: ["mfcc"], model: ["lstm"] }) { rank mean std trial { id mean { macroF1 } std { macroF1 } folds { heldOut } } } }',
      { id: sweepId },
    );
    expect(r.errors).toBeUndefined();
    const rows = (await h.db.store.trials.listBySweep(sweepId)).sort((a, b) => b.meanMacroF1! - a.meanMacroF1! || a.stdMacroF1! - b.stdMacroF1!);
    expect(r.data!.leaderboard.map((e) => e.trial.id)).toEqual(rows.map((t) => t.id));
    expect(r.data!.leaderboard.map((e) => e.rank)).toEqual([1, 2]);
    expect(r.data!.leaderboard.map((e) => e.mean)).toEqual(rows.map((t) => t.meanMacroF1));
    expect(r.data!.leaderboard.map((e) => e.std)).toEqual(rows.map((t) => t.stdMacroF1));
    const none = await h.gql<{ leaderboard: any[] }>('query($id: ID!) { leaderboard(sweepId: $id, filter: { model: ["q2l"] }) { rank } }', { id: sweepId });
    expect(none.data!.leaderboard).toEqual([]);
  });

  it('compares two trials fold by fold (paired differences, t interval and test, exact Wilcoxon)', async () => {
    const [a, b] = await h.db.store.trials.listBySweep(sweepId);
    const r = await h.gql<{ compareTrials: any }>(
      `query($a: ID!, $b: ID!) { compareTrials(a: $a, b: $b, metric: UA) {
        a { id } b { id } metric n folds { heldOut a b difference } meanDifference stdDifference
        confidenceInterval { level low high } tTest { name statistic df pValue note } wilcoxon { name statistic pValue note } unpaired } }`,
      { a: a.id, b: b.id },
    );
    expect(r.errors).toBeUndefined();
    const c = r.data!.compareTrials;
    const fa = await h.db.store.foldRuns.listByTrial(a.id);
    const fb = await h.db.store.foldRuns.listByTrial(b.id);
    expect(c.n).toBe(2);
    expect(c.folds).toEqual(fa.map((f, i) => ({ heldOut: f.heldOut, a: f.ua, b: fb[i].ua, difference: f.ua! - fb[i].ua! })));
    const diffs = c.folds.map((f: any) => f.difference);
    expect(c.meanDifference).toBeCloseTo((diffs[0] + diffs[1]) / 2, 12);
    expect(c.tTest.name).toMatch(/paired t-test/);
    expect(c.wilcoxon.name).toMatch(/Wilcoxon signed-rank/);
    expect(c.unpaired).toEqual([]);
    if (c.tTest.statistic !== null) {
      expect(c.tTest.df).toBe(1);
      expect(c.confidenceInterval.low).toBeLessThanOrEqual(c.meanDifference);
      expect(c.confidenceInterval.high).toBeGreaterThanOrEqual(c.meanDifference);
      expect(c.tTest.pValue).toBeGreaterThan(0);
      expect(c.tTest.pValue).toBeLessThanOrEqual(1);
    }
  });

  it('hands out a short-lived URL of the best checkpoint, and predicts from it', async () => {
    const [t] = await h.db.store.trials.listBySweep(sweepId);
    const r = await h.gql<{ bestCheckpointUrl: any }>('query($t: ID!) { bestCheckpointUrl(trialId: $t) { url expiresAt heldOut checkpoint { sha256 sizeBytes epoch } } }', { t: t.id }, h.viewer);
    expect(r.errors).toBeUndefined();
    const u = r.data!.bestCheckpointUrl;
    expect(new Date(u.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(300_000);
    const res = await fetch(u.url);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(u.checkpoint.sha256);

    const [utt] = await h.db.store.datasets.utterances((await h.db.store.sweeps.getOrThrow(sweepId)).datasetId!, { group: 'Session3' });
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: 'mutation($t: ID!, $a: Upload!) { predict(trialId: $t, audio: $a) { label probabilities { label probability } heldOut frames } }', variables: { t: t.id, a: null } }));
    form.set('map', JSON.stringify({ 0: ['variables.a'] }));
    form.set('0', new Blob([fs.readFileSync(utt.path)], { type: 'audio/wav' }), 'utt.wav');
    const p = await fetch(`${h.url}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${h.operator}`, 'apollo-require-preflight': 'true' }, body: form });
    const body = (await p.json()) as { data?: any; errors?: unknown };
    expect(body.errors).toBeUndefined();
    const pred = body.data.predict;
    expect(pred.probabilities.map((x: any) => x.label)).toEqual(['neutral', 'happy', 'sad', 'angry']);
    expect(pred.probabilities.reduce((s: number, x: any) => s + x.probability, 0)).toBeCloseTo(1, 5);
    expect(pred.probabilities.map((x: any) => x.label)).toContain(pred.label);
    expect(pred.frames).toBeGreaterThan(0);
  }, 120_000);

  it('dry-runs against the registered dataset: known held-out groups and existing feature sets', async () => {
    const r = await h.gql<{ dryRunSweep: any }>('mutation($s: String!) { dryRunSweep(spec: $s) { trials folds foldRuns heldOut datasetId featureSets { representation key exists } notes } }', { s: spec('again') });
    expect(r.errors).toBeUndefined();
    expect(r.data!.dryRunSweep).toMatchObject({ trials: 2, folds: 2, foldRuns: 4, heldOut: ['Session1', 'Session2'] });
    expect(r.data!.dryRunSweep.featureSets).toEqual([{ representation: 'mfcc', key: expect.any(String), exists: true }]);
    const fs = await h.gql<{ featureSets: any[] }>('{ featureSets { key representation status reuseCount sizeBytes creatorSweep { id } } }', {}, h.viewer);
    expect(fs.data!.featureSets).toEqual([{ key: r.data!.dryRunSweep.featureSets[0].key, representation: 'mfcc', status: 'READY', reuseCount: 0, sizeBytes: expect.any(Number), creatorSweep: { id: sweepId } }]);
    const ds = await h.gql<{ datasets: any[] }>('{ datasets { id counts { utterances groups { name count } labels { name count } speakers { name count } } labelsByGroup { group labels { name count } } } }', {}, h.viewer);
    expect(ds.data!.datasets).toHaveLength(1);
    expect(ds.data!.datasets[0].counts.groups.map((g: any) => g.name)).toEqual(['Session1', 'Session2', 'Session3', 'Session4', 'Session5']);
    expect(ds.data!.datasets[0].counts.speakers).toHaveLength(10);
    // registering the same corpus again is the same dataset version
    const reg = await h.gql<{ registerDataset: any }>('mutation($root: String!) { registerDataset(format: "iemocap", root: $root, classes: "4") { id labels counts { utterances } } }', { root: corpus });
    expect(reg.errors).toBeUndefined();
    expect(reg.data!.registerDataset).toMatchObject({ id: ds.data!.datasets[0].id, labels: ['neutral', 'happy', 'sad', 'angry'], counts: { utterances: ds.data!.datasets[0].counts.utterances } });
    const bad = await h.gql('mutation { registerDataset(format: "iemocap", root: "/nonexistent/corpus") { id } }');
    expect(bad.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'root' } });
    const fmt = await h.gql('mutation { registerDataset(format: "wav", root: "/tmp") { id } }');
    expect(fmt.errors![0].message).toMatch(/format: "wav" is not one of iemocap, manifest, synthetic/);
  });

  it('refuses a malformed spec before starting anything, naming the field', async () => {
    const before = await h.db.store.prisma.sweep.count();
    const bad = JSON.parse(spec('bad'));
    bad.grid.representation = ['mfc'];
    bad.training.epochs = -1;
    const r = await h.gql('mutation($s: String!) { launchSweep(spec: $s) { id } }', { s: JSON.stringify(bad) });
    expect(r.data).toBeNull();
    expect(r.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(r.errors![0].message).toMatch(/grid\.representation\[0\].*"mfc"/);
    expect(r.errors![0].extensions!.issues.map((i: any) => i.path)).toEqual(expect.arrayContaining(['grid.representation[0]', 'training.epochs']));
    const yaml = await h.gql('mutation { launchSweep(spec: "name: [unclosed") { id } }');
    expect(yaml.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(await h.db.store.prisma.sweep.count()).toBe(before);
  });

  it('cancels a running sweep (deleting it is refused until then); it reports CANCELLED', async () => {
    const launched = await h.gql<{ launchSweep: { id: string } }>('mutation($s: String!) { launchSweep(spec: $s) { id } }', {
      s: spec('to-cancel', { training: { epochs: 300, batchSize: 8, earlyStopping: false } }),
    });
    const id = launched.data!.launchSweep.id;
    const events: Ev[] = [];
    let running!: () => void;
    const seenRunning = new Promise<void>((r) => (running = r));
    const done = new Promise<void>((resolve, reject) => {
      h.ws(h.viewer).subscribe<Ev>({ query: PROGRESS, variables: { id } }, {
        next: (v) => {
          events.push(v.data as Ev);
          if ((v.data as Ev).sweepProgress.fold?.status === 'RUNNING') running();
        },
        error: reject,
        complete: resolve,
      });
    });
    await seenRunning;
    const del = await h.gql('mutation($id: ID!) { deleteSweep(id: $id) }', { id });
    expect(del.errors![0].extensions!.code).toBe('CONFLICT');
    const c = await h.gql<{ cancelSweep: { id: string } }>('mutation($id: ID!) { cancelSweep(id: $id) { id status } }', { id });
    expect(c.errors).toBeUndefined();
    await done;
    expect(events[events.length - 1].sweepProgress).toMatchObject({ kind: 'SWEEP', sweepStatus: 'CANCELLED' });
    const r = await h.gql<{ sweep: { status: string } }>('query($id: ID!) { sweep(id: $id) { status } }', { id });
    expect(r.data!.sweep.status).toBe('CANCELLED');
    // (its folds stop at their next heartbeat; deleting it waits for that: see the last test)
  }, 240_000);

  it('deletes a finished sweep with its rows and checkpoint objects', async () => {
    const before = await h.artifacts.list(`checkpoints/${sweepId}/`);
    expect(before.length).toBeGreaterThan(0);
    const d = await h.gql<{ deleteSweep: boolean }>('mutation($id: ID!) { deleteSweep(id: $id) }', { id: sweepId });
    expect(d.data!.deleteSweep).toBe(true);
    expect(await h.db.store.sweeps.get(sweepId)).toBeNull();
    expect(await h.db.store.prisma.foldRun.count({ where: { trial: { sweepId } } })).toBe(0);
    expect(await h.artifacts.list(`checkpoints/${sweepId}/`)).toEqual([]);
    const gone = await h.gql<{ sweep: null }>('query($id: ID!) { sweep(id: $id) { id } }', { id: sweepId });
    expect(gone.data!.sweep).toBeNull();
  });

  it('runs a schedule now: the run is a sweep linked to the schedule, with its metric in the history', async () => {
    const s = await h.gql<{ createSchedule: { id: string; paused: boolean } }>(
      'mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { id name cron timezone paused } }',
      { i: { name: 'nightly-mfcc', spec: spec('nightly', { grid: { representation: ['mfcc'], model: ['lstm'], lr: [1e-3], seqLen: [20], fcLayers: [2] }, training: { epochs: 1, batchSize: 8, earlyStopping: false }, cv: { strategy: 'leave-one-group-out', folds: ['Session3'] } }), cron: '30 2 * * *', timezone: 'Europe/Paris' } },
    );
    expect(s.errors).toBeUndefined();
    const id = s.data!.createSchedule.id;
    const badTz = await h.gql('mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { id } }', { i: { name: 'x', spec: spec('x'), cron: '0 1 * * *', timezone: 'Mars/Olympus' } });
    expect(badTz.errors![0].message).toMatch(/timezone/);
    const dup = await h.gql('mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { id } }', { i: { name: 'nightly-mfcc', spec: spec('x'), cron: '0 1 * * *' } });
    expect(dup.errors![0].extensions!.code).toBe('CONFLICT');

    expect((await h.gql<any>('mutation($id: ID!) { pauseSchedule(id: $id) { paused } }', { id })).data.pauseSchedule.paused).toBe(true);
    expect((await h.gql<any>('mutation($id: ID!) { resumeSchedule(id: $id) { paused } }', { id })).data.resumeSchedule.paused).toBe(false);
    const t = await h.gql('mutation($id: ID!) { triggerSchedule(id: $id) { id } }', { id });
    expect(t.errors).toBeUndefined();

    const runs = `query($id: ID!) { schedule(id: $id) { nextRunTimes runs { nodes { id status scheduleId } } metricHistory(metric: UA) { sweepId value trialId status } } }`;
    const run = await waitFor('the triggered run to complete', async () => {
      const r = await h.gql<any>(runs, { id }, h.viewer);
      const node = r.data?.schedule.runs.nodes[0];
      return node && ['COMPLETED', 'FAILED'].includes(node.status) ? r.data.schedule : undefined;
    }, 180_000, 500);
    expect(run.runs.nodes).toHaveLength(1);
    expect(run.runs.nodes[0]).toMatchObject({ status: 'COMPLETED', scheduleId: id });
    expect(run.nextRunTimes.length).toBeGreaterThan(0);
    const [trial] = await h.db.store.trials.listBySweep(run.runs.nodes[0].id);
    expect(run.metricHistory).toEqual([{ sweepId: run.runs.nodes[0].id, value: trial.meanUa, trialId: trial.id, status: 'COMPLETED' }]);
    const sweeps = await h.gql<any>('query($id: ID!) { sweeps(scheduleId: $id) { nodes { id } } }', { id }, h.viewer);
    expect(sweeps.data.sweeps.nodes.map((n: any) => n.id)).toEqual([run.runs.nodes[0].id]);

    expect((await h.gql<any>('mutation($id: ID!) { deleteSchedule(id: $id) }', { id })).data.deleteSchedule).toBe(true);
    expect(await h.db.store.sweeps.get(run.runs.nodes[0].id)).not.toBeNull();
  }, 240_000);
});
