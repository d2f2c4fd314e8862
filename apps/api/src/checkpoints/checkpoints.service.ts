import { Inject, Injectable } from '@nestjs/common';
import type { ArtifactStore, FoldRun as FoldRow } from '@emosweep/store';
import type { ApiConfig } from '../config.js';
import { API_CONFIG, ARTIFACTS } from '../core/tokens.js';
import { ApiError, notFound } from '../errors.js';
import { Metric } from '../graphql/common.types.js';
import type { Loaders } from '../graphql/loaders.js';
import { ArtifactLinks } from './artifact-links.js';
import { toCheckpoint, type CheckpointUrl } from './checkpoint.types.js';

@Injectable()
export class CheckpointsService {
  constructor(
    @Inject(ARTIFACTS) private readonly artifacts: ArtifactStore,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(ArtifactLinks) private readonly links: ArtifactLinks,
  ) {}

  /**
   * The fold whose best checkpoint stands for the trial: `heldOut` when given, else the completed
   * fold with the highest `metric` that has a best checkpoint.
   */
  async bestFold(trialId: string, heldOut: string | null | undefined, metric: Metric, loaders: Loaders) {
    const trial = await loaders.trial.load(trialId);
    if (!trial) throw notFound('trial', trialId);
    const folds = (await loaders.foldsByTrial.load(trial.id))
      .filter((f) => f.status === 'completed' && (heldOut == null || f.heldOut === heldOut))
      .sort((x, y) => (y[metric] ?? -Infinity) - (x[metric] ?? -Infinity));
    for (const fold of folds) {
      const checkpoint = await loaders.bestCheckpointByFold.load(fold.id);
      if (checkpoint) return { trial, fold: fold as FoldRow, checkpoint };
    }
    throw new ApiError('NOT_FOUND', heldOut ? `trial ${trialId} has no completed fold ${heldOut} with a checkpoint` : `trial ${trialId} has no completed fold with a checkpoint yet`);
  }

  async bestCheckpointUrl(trialId: string, heldOut: string | null, metric: Metric, loaders: Loaders, baseUrl: string): Promise<CheckpointUrl> {
    const { fold, checkpoint } = await this.bestFold(trialId, heldOut, metric, loaders);
    const ttl = this.config.checkpointUrlTtlSec;
    let url: string;
    let expiresAt: Date;
    if (this.artifacts.presignGet) {
      url = await this.artifacts.presignGet(checkpoint.objectKey, ttl);
      expiresAt = new Date(Date.now() + ttl * 1000);
    } else {
      const link = this.links.sign(checkpoint.objectKey, ttl);
      url = `${baseUrl}${link.path}`;
      expiresAt = link.expiresAt;
    }
    return { url, expiresAt, heldOut: fold.heldOut, checkpoint: toCheckpoint(checkpoint) };
  }
}
