import { Inject } from '@nestjs/common';
import { Args, Context, ID, Query } from '@nestjs/graphql';
import { GqlResolver } from '../graphql/decorators.js';
import type { GqlContext } from '../graphql/context.js';
import { Metric } from '../graphql/common.types.js';
import { CheckpointUrl } from './checkpoint.types.js';
import { CheckpointsService } from './checkpoints.service.js';

export function baseUrlOf(ctx: GqlContext): string {
  const req = ctx.req;
  return req ? `${req.protocol}://${req.get('host')}` : '';
}

@GqlResolver()
export class CheckpointsResolver {
  constructor(@Inject(CheckpointsService) private readonly service: CheckpointsService) {}

  @Query(() => CheckpointUrl, { description: "A short-lived (presigned) URL of the best checkpoint of the trial's best fold (or of fold `heldOut`)." })
  bestCheckpointUrl(
    @Context() ctx: GqlContext,
    @Args('trialId', { type: () => ID }) trialId: string,
    @Args('heldOut', { type: () => String, nullable: true }) heldOut: string | null,
    @Args('metric', { type: () => Metric, nullable: true, defaultValue: Metric.UA, description: 'Which fold is best.' }) metric: Metric,
  ) {
    return this.service.bestCheckpointUrl(trialId, heldOut, metric, ctx.loaders, baseUrlOf(ctx));
  }
}
