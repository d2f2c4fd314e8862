import { Inject } from '@nestjs/common';
import { Args, GraphQLISODateTime, ID, Int, Mutation, Parent, Query, ResolveField } from '@nestjs/graphql';
import { GqlResolver } from '../graphql/decorators.js';
import { Metric } from '../graphql/common.types.js';
import { listComplexity } from '../graphql/limits.js';
import { SweepConnection } from '../sweeps/sweep.types.js';
import { CreateScheduleInput, MetricPoint, Schedule } from './schedule.types.js';
import { SchedulesService } from './schedules.service.js';

@GqlResolver(() => Schedule)
export class SchedulesResolver {
  constructor(@Inject(SchedulesService) private readonly service: SchedulesService) {}

  @Query(() => [Schedule], { complexity: listComplexity(50) })
  schedules(@Args('paused', { type: () => Boolean, nullable: true }) paused: boolean | null) {
    return this.service.list(paused);
  }

  @Query(() => Schedule, { nullable: true })
  schedule(@Args('id', { type: () => ID }) id: string) {
    return this.service.get(id);
  }

  @Mutation(() => Schedule, { description: 'Creates a Temporal Schedule that launches the spec on the cron expression, read in the time zone.' })
  createSchedule(@Args('input', { type: () => CreateScheduleInput }) input: CreateScheduleInput) {
    return this.service.create(input);
  }

  @Mutation(() => Schedule)
  pauseSchedule(@Args('id', { type: () => ID }) id: string) {
    return this.service.pause(id, true);
  }

  @Mutation(() => Schedule)
  resumeSchedule(@Args('id', { type: () => ID }) id: string) {
    return this.service.pause(id, false);
  }

  @Mutation(() => Schedule, { description: 'Starts a run now (also while paused); its sweep appears in `runs` once the workflow has recorded it.' })
  triggerSchedule(@Args('id', { type: () => ID }) id: string) {
    return this.service.trigger(id);
  }

  @Mutation(() => Boolean, { description: 'Deletes the schedule; the sweeps it started stay.' })
  deleteSchedule(@Args('id', { type: () => ID }) id: string) {
    return this.service.delete(id);
  }

  @ResolveField('runs', () => SweepConnection, { description: 'Sweeps this schedule started, newest first.', complexity: listComplexity(20) })
  runs(
    @Parent() s: Schedule,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 20, description: 'At most 100.' }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ) {
    return this.service.runs(s.id, first, after);
  }

  @ResolveField('metricHistory', () => [MetricPoint], { description: "The metric over time: each run's best trial, oldest first.", complexity: listComplexity(50, 'last') })
  metricHistory(
    @Parent() s: Schedule,
    @Args('metric', { type: () => Metric, nullable: true, defaultValue: Metric.UA }) metric: Metric,
    @Args('last', { type: () => Int, nullable: true, defaultValue: 50, description: 'At most 500.' }) last: number,
  ) {
    return this.service.metricHistory(s.id, metric, last);
  }

  @ResolveField('nextRunTimes', () => [GraphQLISODateTime], { description: 'The next (up to 5) times Temporal will start a run.', complexity: 10 })
  nextRunTimes(@Parent() s: Schedule) {
    return this.service.nextRunTimes(s.temporalScheduleId);
  }
}
