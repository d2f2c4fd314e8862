import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Parent, Query, ResolveField } from '@nestjs/graphql';
import { GqlResolver } from '../graphql/decorators.js';
import type { GqlContext } from '../graphql/context.js';
import { Metric } from '../graphql/common.types.js';
import { FOLDS_ESTIMATE, fixedListComplexity, listComplexity } from '../graphql/limits.js';
import { pageSize } from '../errors.js';
import { Sweep, toSweep } from '../sweeps/sweep.types.js';
import { Checkpoint, toCheckpoint } from '../checkpoints/checkpoint.types.js';
import { EpochMetric, FoldRun, LeaderboardEntry, LeaderboardFilter, Trial, TrialComparison, toEpoch, toFoldRun } from './trial.types.js';
import { LEADERBOARD_MAX, TrialsService } from './trials.service.js';

export const EPOCHS_DEFAULT = 100;
export const EPOCHS_MAX = 1000;

@GqlResolver(() => Trial)
export class TrialsResolver {
  constructor(@Inject(TrialsService) private readonly service: TrialsService) {}

  @Query(() => Trial, { nullable: true })
  trial(@Args('id', { type: () => ID }) id: string, @Context() ctx: GqlContext) {
    return this.service.get(id, ctx.loaders);
  }

  @Query(() => [LeaderboardEntry], {
    description: 'Trials ranked by the mean of `metric` over folds (ties: lower std first), within one sweep, all sweeps of a dataset, or everywhere.',
    complexity: listComplexity(20),
  })
  leaderboard(
    @Context() ctx: GqlContext,
    @Args('sweepId', { type: () => ID, nullable: true }) sweepId: string | null,
    @Args('datasetId', { type: () => ID, nullable: true }) datasetId: string | null,
    @Args('metric', { type: () => Metric, nullable: true, defaultValue: Metric.UA }) metric: Metric,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20, description: `At most ${LEADERBOARD_MAX}.` }) first: number,
    @Args('offset', { type: () => Int, nullable: true, defaultValue: 0 }) offset: number,
    @Args('filter', { type: () => LeaderboardFilter, nullable: true }) filter: LeaderboardFilter | null,
  ) {
    return this.service.leaderboard({ sweepId, datasetId, metric, first, offset, filter }, ctx.loaders);
  }

  @Query(() => TrialComparison, { description: 'Paired comparison of two trials over the held-out groups both completed (differences are a − b).' })
  compareTrials(
    @Context() ctx: GqlContext,
    @Args('a', { type: () => ID }) a: string,
    @Args('b', { type: () => ID }) b: string,
    @Args('metric', { type: () => Metric, nullable: true, defaultValue: Metric.UA }) metric: Metric,
  ) {
    return this.service.compare(a, b, metric, ctx.loaders);
  }

  @ResolveField('folds', () => [FoldRun], { description: 'Fold runs by held-out group.', complexity: fixedListComplexity(FOLDS_ESTIMATE) })
  async folds(@Parent() trial: Trial, @Context() ctx: GqlContext) {
    return (await ctx.loaders.foldsByTrial.load(trial.id)).map(toFoldRun);
  }

  @ResolveField('sweep', () => Sweep)
  async sweep(@Parent() trial: Trial, @Context() ctx: GqlContext) {
    const row = await ctx.loaders.sweep.load(trial.sweepId);
    return row && toSweep(row);
  }
}

@GqlResolver(() => FoldRun)
export class FoldRunsResolver {
  @ResolveField('epochs', () => [EpochMetric], { description: 'The learning curve, by epoch.', complexity: listComplexity(EPOCHS_DEFAULT) })
  async epochs(
    @Parent() fold: FoldRun,
    @Context() ctx: GqlContext,
    @Args('first', { type: () => Int, nullable: true, defaultValue: EPOCHS_DEFAULT, description: `At most ${EPOCHS_MAX}.` }) first: number,
    @Args('after', { type: () => Int, nullable: true, description: 'Only epochs after this one (live curves).' }) after: number | null,
  ) {
    const n = pageSize(first, EPOCHS_DEFAULT, EPOCHS_MAX);
    const rows = await ctx.loaders.epochsByFold.load(fold.id);
    return rows.filter((e) => after === null || after === undefined || e.epoch > after).slice(0, n).map(toEpoch);
  }

  @ResolveField('bestCheckpoint', () => Checkpoint, { nullable: true })
  async bestCheckpoint(@Parent() fold: FoldRun, @Context() ctx: GqlContext) {
    const row = await ctx.loaders.bestCheckpointByFold.load(fold.id);
    return row && toCheckpoint(row);
  }
}
