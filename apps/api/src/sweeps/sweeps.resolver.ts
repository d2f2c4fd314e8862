import { Inject } from '@nestjs/common';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField } from '@nestjs/graphql';
import { GqlResolver } from '../graphql/decorators.js';
import type { GqlContext } from '../graphql/context.js';
import { FoldCounts, RunStatus } from '../graphql/common.types.js';
import { listComplexity } from '../graphql/limits.js';
import { badInput, pageSize } from '../errors.js';
import { Dataset, toDataset } from '../datasets/dataset.types.js';
import { Trial, toTrial } from '../trials/trial.types.js';
import { DryRun, Sweep, SweepConnection } from './sweep.types.js';
import { SweepsService } from './sweeps.service.js';

export const SWEEP_TRIALS_DEFAULT = 100;
export const SWEEP_TRIALS_MAX = 1000;

@GqlResolver(() => Sweep)
export class SweepsResolver {
  constructor(@Inject(SweepsService) private readonly service: SweepsService) {}

  @Query(() => Sweep, { nullable: true, description: 'A sweep by id (null when there is none).' })
  sweep(@Args('id', { type: () => ID }) id: string) {
    return this.service.get(id);
  }

  @Query(() => SweepConnection, { description: 'Sweeps, newest first (cursor pagination).', complexity: listComplexity(20) })
  sweeps(
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20, description: 'Page size, at most 100.' }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('status', { type: () => RunStatus, nullable: true }) status: RunStatus | null,
    @Args('scheduleId', { type: () => ID, nullable: true }) scheduleId: string | null,
    @Args('datasetId', { type: () => ID, nullable: true }) datasetId: string | null,
  ) {
    return this.service.list({ first, after, status: status as never, scheduleId, datasetId });
  }

  @Mutation(() => Sweep, { description: 'Validates the spec (YAML or JSON, as `emosweep sweep run` takes it), records the sweep and starts its workflow.' })
  launchSweep(@Args('spec', { type: () => String }) spec: string) {
    return this.service.launch(spec);
  }

  @Mutation(() => DryRun, { description: 'Trials × folds and the feature sets a spec needs, without starting anything.' })
  dryRunSweep(@Args('spec', { type: () => String }) spec: string) {
    return this.service.dryRun(spec);
  }

  @Mutation(() => Sweep, { description: 'Stops a sweep: running folds stop at their next heartbeat and the sweep ends `CANCELLED`.' })
  cancelSweep(@Args('id', { type: () => ID }) id: string) {
    return this.service.cancel(id);
  }

  @Mutation(() => Boolean, { description: 'Deletes a finished sweep and everything recorded for it (refused while it is pending or running).' })
  deleteSweep(@Args('id', { type: () => ID }) id: string) {
    return this.service.delete(id);
  }

  @ResolveField('trials', () => [Trial], { description: 'Trials in grid order.', complexity: listComplexity(SWEEP_TRIALS_DEFAULT) })
  async trials(
    @Parent() sweep: Sweep,
    @Context() ctx: GqlContext,
    @Args('first', { type: () => Int, nullable: true, defaultValue: SWEEP_TRIALS_DEFAULT, description: `At most ${SWEEP_TRIALS_MAX}.` }) first: number,
    @Args('after', { type: () => Int, nullable: true, description: 'Trial index to start after.' }) after: number | null,
  ) {
    const n = pageSize(first, SWEEP_TRIALS_DEFAULT, SWEEP_TRIALS_MAX);
    if (after !== null && after !== undefined && after < -1) throw badInput('after must be a trial index');
    const rows = await ctx.loaders.trialPage.load(`${sweep.id}|${n}|${after ?? -1}`);
    return rows.map(toTrial);
  }

  @ResolveField('progress', () => FoldCounts, { description: 'Fold runs per status.' })
  progress(@Parent() sweep: Sweep, @Context() ctx: GqlContext) {
    return ctx.loaders.countsBySweep.load(sweep.id);
  }

  @ResolveField('dataset', () => Dataset, { nullable: true, description: 'Set once the workflow has imported the dataset.' })
  async dataset(@Parent() sweep: Sweep, @Context() ctx: GqlContext) {
    if (!sweep.datasetId) return null;
    const row = await ctx.loaders.dataset.load(sweep.datasetId);
    return row && toDataset(row);
  }
}
