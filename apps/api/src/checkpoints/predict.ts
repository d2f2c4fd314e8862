import { Inject, Injectable } from '@nestjs/common';
import { Args, Context, ID, Mutation } from '@nestjs/graphql';
import { decodeCheckpoint } from '@emosweep/activities';
import { decodeWav, resample } from '@emosweep/audio';
import { initBackend } from '@emosweep/backend';
import { extractFeatures, type Representation } from '@emosweep/features';
import { buildModel, loadWeights, type ModelConfig } from '@emosweep/models';
import { argmax, predictLogits, type Normalizer } from '@emosweep/training';
import type { ArtifactStore } from '@emosweep/store';
import type { SweepSpec } from '@emosweep/sweeps';
import type { ApiConfig } from '../config.js';
import { API_CONFIG, ARTIFACTS } from '../core/tokens.js';
import { badInput } from '../errors.js';
import type { GqlContext } from '../graphql/context.js';
import { GqlResolver } from '../graphql/decorators.js';
import { Metric } from '../graphql/common.types.js';
import { UploadScalar, type UploadedFile } from '../graphql/scalars.js';
import type { Loaders } from '../graphql/loaders.js';
import { CheckpointsService } from './checkpoints.service.js';
import { Prediction } from './checkpoint.types.js';

interface LoadedModel {
  model: { dispose(): void } & Parameters<typeof predictLogits>[0];
  kind: ModelConfig['kind'];
  labels: string[];
  normalizer: Normalizer;
  representation: Representation;
  seqLen: number | undefined;
}

const MODEL_CACHE = 4;
const SAMPLE_RATE = 16000;

/**
 * Class probabilities for one WAV with the best checkpoint of a trial's best fold: the checkpoint
 * carries the model config, labels, feature normaliser, representation and window length
 * (libs/activities encodes it), the sweep's spec the feature parameters.
 */
@Injectable()
export class PredictService {
  private readonly models = new Map<string, Promise<LoadedModel>>();

  constructor(
    @Inject(ARTIFACTS) private readonly artifacts: ArtifactStore,
    @Inject(CheckpointsService) private readonly checkpoints: CheckpointsService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  private load(objectKey: string, sha256: string): Promise<LoadedModel> {
    const cacheKey = `${objectKey}@${sha256}`;
    let m = this.models.get(cacheKey);
    if (!m) {
      m = (async () => {
        await initBackend();
        const c = decodeCheckpoint(await this.artifacts.get(objectKey), objectKey);
        const meta = c.meta as { model?: ModelConfig; labels?: string[]; normalizer?: Normalizer; representation?: Representation; seqLen?: number | null };
        if (!meta.model || !meta.labels || !meta.normalizer || !meta.representation || !c.sections.weights) {
          throw badInput(`checkpoint ${objectKey} was written before checkpoints carried the model config and normaliser: it cannot predict`);
        }
        const model = buildModel(meta.model, 0);
        loadWeights(model, c.sections.weights);
        return { model, kind: meta.model.kind, labels: meta.labels, normalizer: meta.normalizer, representation: meta.representation, seqLen: meta.seqLen ?? undefined };
      })();
      m.catch(() => this.models.delete(cacheKey));
      this.models.set(cacheKey, m);
      while (this.models.size > MODEL_CACHE) {
        const oldest = this.models.keys().next().value!;
        void this.models.get(oldest)!.then((x) => x.model.dispose(), () => {});
        this.models.delete(oldest);
      }
    }
    return m;
  }

  async predict(trialId: string, audio: UploadedFile, loaders: Loaders): Promise<Prediction> {
    if (!audio?.buffer?.length) throw badInput('audio: empty upload');
    if (audio.buffer.length > this.config.maxUploadBytes) throw badInput(`audio: larger than ${this.config.maxUploadBytes} bytes`);
    const { trial, fold, checkpoint } = await this.checkpoints.bestFold(trialId, null, Metric.UA, loaders);
    const sweep = await loaders.sweep.load(trial.sweepId);
    const spec = (sweep?.spec ?? {}) as Partial<SweepSpec>;
    let samples: Float32Array;
    let durationSec: number;
    try {
      const wav = decodeWav(new Uint8Array(audio.buffer.buffer, audio.buffer.byteOffset, audio.buffer.byteLength), audio.filename || 'upload.wav');
      durationSec = wav.samples.length / wav.sampleRate;
      samples = resample(wav.samples, wav.sampleRate, SAMPLE_RATE);
    } catch (e) {
      throw badInput(`audio: ${(e as Error).message}`);
    }
    const m = await this.load(checkpoint.objectKey, checkpoint.sha256);
    const overrides = (spec.features as Record<string, Record<string, unknown>> | undefined)?.[m.representation] ?? {};
    const features = await extractFeatures(m.representation, samples, overrides as never, { weightsPath: spec.wav2vecWeights });
    if (!features.frames) throw badInput('audio: too short to give a single feature frame');
    const [logits] = await predictLogits(m.model, m.kind, [{ id: 'upload', features, label: 0, group: '', speaker: '' }], { seqLen: m.seqLen, normalizer: m.normalizer });
    const probs = m.kind === 'q2l' ? Array.from(logits, (z) => 1 / (1 + Math.exp(-z))) : softmax(logits);
    return {
      label: m.labels[argmax(logits)],
      probabilities: m.labels.map((label, i) => ({ label, probability: probs[i] })),
      trialId: trial.id,
      heldOut: fold.heldOut,
      checkpointEpoch: checkpoint.epoch,
      durationSec,
      frames: features.frames,
    };
  }
}

function softmax(z: ArrayLike<number>): number[] {
  const max = Math.max(...Array.from(z));
  const e = Array.from(z, (v) => Math.exp(v - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

@GqlResolver()
export class PredictResolver {
  constructor(@Inject(PredictService) private readonly service: PredictService) {}

  @Mutation(() => Prediction, {
    description:
      "Class probabilities for one WAV (multipart upload, GraphQL multipart request spec) from the best checkpoint of the trial's best fold. Softmax for mlp/lstm; per-class sigmoid for q2l.",
  })
  predict(@Context() ctx: GqlContext, @Args('trialId', { type: () => ID }) trialId: string, @Args('audio', { type: () => UploadScalar }) audio: UploadedFile) {
    return this.service.predict(trialId, audio, ctx.loaders);
  }
}
