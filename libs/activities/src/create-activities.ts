import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Context, ApplicationFailure } from '@temporalio/activity';
import { createLogger } from '@emosweep/common';
import { loadAudio } from '@emosweep/audio';
import { isNative } from '@emosweep/backend';
import { EXTRACTOR_VERSION, extractFeatures, resolveFeatureParams, type Representation } from '@emosweep/features';
import { aggregateFolds, expandTrials, featureSetKey, foldSeed, neededFeatureSets, planSweepFolds } from '@emosweep/sweeps';
import { trainFold as runTrainFold, type ResumeOptions, type Sample, type TrainerState } from '@emosweep/training';
import type { ArtifactStore, Store } from '@emosweep/store';
import { importAndRecordDataset } from './dataset-source.js';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint-container.js';
import { blobMatrix, decodeFeatureBlob, encodeFeatureBlob, type FeatureBlob } from './feature-blob.js';
import type { SweepActivities, TrainFoldInput, TrainFoldResult } from './types.js';

export interface ActivityDeps {
  store: Store;
  artifacts: ArtifactStore;
  /** Identity recorded on claims and fold runs. */
  workerId?: string;
  /** Feature sets kept decoded in memory (LRU by key) so folds of one trial share them. */
  featureCacheSize?: number;
}

const log = createLogger('activities');

/** Heartbeats only when running inside an activity (the functions are also called directly in tests). */
function heartbeat(details?: unknown): void {
  try {
    Context.current().heartbeat(details);
  } catch {
    /* not in an activity context */
  }
}

function activityIdentity(): string {
  try {
    const info = Context.current().info;
    return `${info.workflowExecution?.workflowId ?? "standalone"}/${info.activityId}`;
  } catch {
    return randomUUID();
  }
}

function cancellationSignal(): AbortSignal | undefined {
  try {
    return Context.current().cancellationSignal;
  } catch {
    return undefined;
  }
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** Errors a retry cannot fix (bad input) are non-retryable so the sweep reports them at once. */
function nonRetryableIfInput(err: unknown): never {
  const e = err as Error;
  if (e?.name === 'InputError' || e?.name === 'SpecError') throw ApplicationFailure.nonRetryable(e.message, e.name);
  throw err;
}

export function createActivities(deps: ActivityDeps): SweepActivities {
  const { store, artifacts } = deps;
  const workerId = deps.workerId ?? `${os.hostname()}:${process.pid}`;
  const cache = new Map<string, FeatureBlob>();
  const cacheSize = deps.featureCacheSize ?? 2;

  async function loadFeatureBlob(key: string): Promise<FeatureBlob> {
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const row = await store.featureSets.getOrThrow(key);
    const blob = decodeFeatureBlob(await artifacts.get(row.objectKey), row.objectKey);
    cache.set(key, blob);
    while (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
    return blob;
  }

  async function putCheckpoint(foldRunId: string, kind: 'latest' | 'best', key: string, epoch: number, sections: Record<string, Uint8Array>, meta: Record<string, unknown>) {
    const put = await artifacts.put(key, encodeCheckpoint({ sections, meta }), { contentType: 'application/x-emosweep-checkpoint' });
    await store.checkpoints.put(foldRunId, kind, { epoch, objectKey: put.key, sha256: put.sha256, sizeBytes: put.size });
  }

  async function loadResume(foldRunId: string): Promise<ResumeOptions | undefined> {
    const latest = await store.checkpoints.get(foldRunId, 'latest');
    if (!latest) return undefined;
    const c = decodeCheckpoint(await artifacts.get(latest.objectKey), latest.objectKey);
    const best = await store.checkpoints.get(foldRunId, 'best');
    const bestWeights = best && best.epoch < latest.epoch ? decodeCheckpoint(await artifacts.get(best.objectKey), best.objectKey).sections.weights : undefined;
    return { weights: c.sections.weights, epoch: latest.epoch, optimizerState: c.sections.optimizer, state: c.meta.state as TrainerState, bestWeights };
  }

  return {
    async prepareSweep(input) {
      try {
        const { spec } = input;
        const { dataset, row, summary } = await importAndRecordDataset(store, spec.dataset, (d, t) => heartbeat({ importing: d, of: t }));
        const { trials } = expandTrials(spec);
        const folds = planSweepFolds(spec, Object.keys(summary.groups), summary.groups);
        const sweepRow = input.sweepId
          ? await store.sweeps.getOrThrow(input.sweepId)
          : await store.sweeps.create({
              name: spec.name,
              spec: spec as never,
              specText: input.specText,
              scheduleId: input.scheduleId ?? null,
              workflowId: input.workflowId,
              seed: spec.seed,
              device: spec.device,
              trialCount: trials.length,
              foldCount: folds.length,
            });
        await store.sweeps.update(sweepRow.id, { datasetId: row.id, trialCount: trials.length, foldCount: folds.length, workflowId: input.workflowId });
        await store.sweeps.setStatus(sweepRow.id, 'running');
        const trialRows = await store.trials.upsertMany(
          sweepRow.id,
          trials.map((t) => ({
            index: t.index,
            paramsKey: t.key,
            params: t.params as never,
            representation: t.params.representation,
            model: t.params.model,
            lr: t.params.lr,
            seqLen: t.params.seqLen,
            fcLayers: t.params.fcLayers,
          })),
        );
        const byIndex = new Map(trialRows.map((r) => [r.index, r]));
        for (const t of trials) {
          await store.foldRuns.upsertMany(
            byIndex.get(t.index)!.id,
            folds.map((f) => ({ heldOut: f.heldOut, seed: foldSeed(spec.seed, t.key, f.heldOut) })),
          );
        }
        return {
          sweepId: sweepRow.id,
          datasetId: row.id,
          labels: dataset.labels,
          folds,
          trials: trials.map((t) => ({ trialId: byIndex.get(t.index)!.id, index: t.index, key: t.key, params: t.params })),
          featureSets: neededFeatureSets(spec, trials) as { representation: string; params: Record<string, unknown> }[],
        };
      } catch (err) {
        nonRetryableIfInput(err);
      }
    },

    async importDataset({ dataset }) {
      try {
        const { row, created } = await importAndRecordDataset(store, dataset, (d, t) => heartbeat({ importing: d, of: t }));
        return { datasetId: row.id, created };
      } catch (err) {
        nonRetryableIfInput(err);
      }
    },

    async ensureFeatureSet(input) {
      const representation = input.representation as Representation;
      const dataset = await store.datasets.getOrThrow(input.datasetId);
      const params = resolveFeatureParams(representation, input.params);
      const key = featureSetKey({ datasetVersion: dataset.version, representation, params, extractorVersion: EXTRACTOR_VERSION });
      const objectKey = `features/${key}.f32`;
      // One claimant per activity (not per worker: two sweeps in one worker must not share a claim);
      // a retry of the same activity gets its own claim back.
      const owner = `${workerId}:${activityIdentity()}`;
      for (;;) {
        const claim = await store.featureSets.claim(
          key,
          { datasetId: dataset.id, representation, params: params as never, extractorVersion: EXTRACTOR_VERSION, objectKey, creatorSweepId: input.sweepId },
          { owner, staleAfterMs: 10 * 60_000 },
        );
        if (claim.state === 'ready') {
          await store.featureSets.incrementReuse(key);
          return { key, computed: false };
        }
        if (claim.state === 'busy') {
          // Another worker computes it: wait (heartbeating, so cancellation still reaches us).
          heartbeat({ waitingFor: key });
          if (cancellationSignal()?.aborted) throw new Error('cancelled while waiting for feature set');
          await sleep(1000);
          continue;
        }
        try {
          const started = Date.now();
          const utterances = await store.datasets.utterances(dataset.id);
          const items = [];
          for (const [i, u] of utterances.entries()) {
            const audio = await loadAudio(u.path);
            const m = await extractFeatures(representation, audio, params, { weightsPath: input.wav2vecWeights });
            items.push({ id: u.uttId, ...m });
            heartbeat({ featureSet: key, done: i + 1, of: utterances.length });
          }
          const put = await artifacts.put(objectKey, encodeFeatureBlob(items), { contentType: 'application/x-emosweep-features' });
          await store.featureSets.markReady(
            key,
            {
              sizeBytes: put.size,
              sha256: put.sha256,
              utteranceCount: items.length,
              totalFrames: items.reduce((s, m) => s + m.frames, 0),
              dims: items[0]?.dims,
              computeMs: Date.now() - started,
            },
            { owner },
          );
          log.info({ key, representation, utterances: items.length, ms: Date.now() - started }, 'feature set computed');
          return { key, computed: true };
        } catch (err) {
          await store.featureSets.markFailed(key, String((err as Error).message), { owner });
          nonRetryableIfInput(err);
        }
      }
    },

    async trainFold(input: TrainFoldInput): Promise<TrainFoldResult> {
      const foldRun = await store.foldRuns.upsert(input.trialId, input.fold.heldOut, { seed: input.seed });
      if (foldRun.status === 'completed') {
        // A retry after the result was written but before Temporal recorded it: nothing to redo.
        return { foldRunId: foldRun.id, ua: foldRun.ua!, wa: foldRun.wa!, macroF1: foldRun.macroF1!, epochsRun: foldRun.epochsRun ?? 0, resumedFromEpoch: null };
      }
      let attempt = 1;
      try {
        attempt = Context.current().info.attempt;
      } catch {
        /* direct call */
      }
      await store.foldRuns.start(foldRun.id, { worker: workerId, attempt });

      const blob = await loadFeatureBlob(input.featureSetKey);
      const utterances = await store.datasets.utterances(input.datasetId);
      const index = new Map(blob.ids.map((id, i) => [id, i]));
      const testGroups = new Set(input.fold.testGroups);
      const train: Sample[] = [];
      const test: Sample[] = [];
      for (const u of utterances) {
        const i = index.get(u.uttId);
        if (i === undefined) throw new Error(`feature set ${input.featureSetKey} has no features for utterance ${u.uttId}`);
        const sample: Sample = { id: u.uttId, features: blobMatrix(blob, i), label: input.labels.indexOf(u.label), group: u.group, speaker: u.speaker };
        if (testGroups.has(u.group)) test.push(sample);
        else if (input.fold.trainGroups.includes(u.group)) train.push(sample);
      }

      // Resume from the last checkpoint of an earlier attempt: weights, Adam's moments, trainer state.
      const prefix = `checkpoints/${input.sweepId}/${input.trialId}/${input.fold.heldOut}`;
      const resume = await loadResume(foldRun.id);
      await store.foldRuns.markResumed(foldRun.id, resume?.epoch ?? null);
      const { params, training } = input;
      // The fused LSTM (one TensorFlow/oneDNN kernel per sequence) on the native backend; the
      // tfjs-layers reference elsewhere. Same weights either way, so checkpoints move between them.
      const modelConfig = {
        kind: params.model,
        inputDim: blob.dims,
        numClasses: input.labels.length,
        fcLayers: (params.fcLayers ?? 2) as 2 | 3,
        lstmImpl: (isNative() ? 'fused' : 'reference') as 'fused' | 'reference',
      };
      const signal = cancellationSignal();
      // Heartbeat on a timer too, so a long epoch does not look like a dead worker.
      let lastProgress: unknown = { epoch: resume?.epoch ?? 0 };
      const ticker = setInterval(() => heartbeat(lastProgress), 1000);
      try {
        const result = await runTrainFold({
          train,
          test,
          labels: input.labels,
          model: modelConfig,
          lr: params.lr,
          seqLen: params.seqLen ?? 1,
          batchSize: training.batchSize,
          epochs: training.epochs,
          schedule: training.schedule,
          earlyStopping: training.earlyStopping || undefined,
          classWeights: training.classWeights === 'balanced' ? 'balanced' : undefined,
          validation: training.validation,
          seed: input.seed,
          signal,
          resume,
          onEpoch: async (m) => {
            await store.epochs.record(foldRun.id, m.epoch, { trainLoss: m.trainLoss, valLoss: m.valLoss, valUa: m.valUa, valWa: m.valWa, lr: m.lr });
            lastProgress = { epoch: m.epoch, trainLoss: m.trainLoss, valUa: m.valUa };
            heartbeat(lastProgress);
          },
          onCheckpoint: async (c) => {
            if (c.best) await putCheckpoint(foldRun.id, 'best', `${prefix}/best.ckpt`, c.epoch, { weights: c.weights }, { epoch: c.epoch, model: modelConfig, labels: input.labels });
            await putCheckpoint(foldRun.id, 'latest', `${prefix}/latest.ckpt`, c.epoch, { weights: c.weights, optimizer: c.optimizerState }, { epoch: c.epoch, state: c.state });
          },
        });
        const m = result.metrics;
        // The best checkpoint gets the normaliser too: with it the checkpoint alone can predict.
        await putCheckpoint(foldRun.id, 'best', `${prefix}/best.ckpt`, result.bestEpoch, { weights: result.bestWeights }, {
          epoch: result.bestEpoch,
          model: modelConfig,
          labels: input.labels,
          normalizer: result.normalizer,
          representation: params.representation,
          seqLen: params.seqLen,
        });
        await store.foldRuns.complete(foldRun.id, {
          wa: m.wa,
          ua: m.ua,
          macroF1: m.macroF1,
          perClass: m.perClass as never,
          confusion: m.confusion,
          bestEpoch: result.bestEpoch,
          epochsRun: result.epochs.length,
        });
        return { foldRunId: foldRun.id, ua: m.ua, wa: m.wa, macroF1: m.macroF1, epochsRun: result.epochs.length, resumedFromEpoch: resume?.epoch ?? null };
      } catch (err) {
        if (signal?.aborted) {
          await store.foldRuns.fail(foldRun.id, 'cancelled', { status: 'cancelled' });
        }
        nonRetryableIfInput(err);
      } finally {
        clearInterval(ticker);
      }
    },

    async aggregateTrial({ trialId }) {
      const all = await store.foldRuns.listByTrial(trialId);
      const folds = all.filter((f) => f.status === 'completed');
      const failed = all.some((f) => f.status === 'failed');
      if (!folds.length) {
        await store.trials.setStatus(trialId, 'failed');
        return;
      }
      const agg = aggregateFolds(folds.map((f) => ({ ua: f.ua!, wa: f.wa!, macroF1: f.macroF1! })));
      await store.trials.setAggregate(trialId, {
        meanUa: agg.mean.ua,
        meanWa: agg.mean.wa,
        meanMacroF1: agg.mean.macroF1,
        stdUa: agg.std.ua,
        stdWa: agg.std.wa,
        stdMacroF1: agg.std.macroF1,
        foldsDone: folds.length,
        status: failed ? 'failed' : 'completed',
      });
    },

    async markFoldFailed({ trialId, heldOut, error }) {
      const fr = await store.foldRuns.upsert(trialId, heldOut, { seed: 0 });
      await store.foldRuns.fail(fr.id, error);
    },

    async finishSweep({ sweepId, status, error }) {
      await store.sweeps.setStatus(sweepId, status, { error: error ?? null });
    },
  };
}
