import { Field, Float, GraphQLISODateTime, ID, InputType, ObjectType } from '@nestjs/graphql';
import type { Schedule as ScheduleRow } from '@emosweep/store';
import { RunStatus } from '../graphql/common.types.js';
import { JSONScalar } from '../graphql/scalars.js';

@ObjectType('Schedule', { description: 'A sweep re-run on a cron schedule (a Temporal Schedule).' })
export class Schedule {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'Cron expression (5 fields: minute hour day-of-month month day-of-week).' }) cron!: string;
  @Field(() => String, { description: 'IANA time zone the cron expression is read in.' }) timezone!: string;
  @Field(() => Boolean) paused!: boolean;
  @Field(() => JSONScalar) spec!: unknown;
  @Field(() => String) specText!: string;
  @Field(() => String) temporalScheduleId!: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
}

export const toSchedule = (r: ScheduleRow): Schedule => ({ ...r });

@InputType('CreateScheduleInput')
export class CreateScheduleInput {
  @Field(() => String, { description: 'Unique name.' }) name!: string;
  @Field(() => String, { description: 'The sweep spec (YAML or JSON) each run launches.' }) spec!: string;
  @Field(() => String, { description: 'Cron expression, e.g. "0 2 * * *" (02:00 every day).' }) cron!: string;
  @Field(() => String, { nullable: true, defaultValue: 'UTC', description: 'IANA time zone, e.g. Europe/Paris.' }) timezone?: string;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Create it paused.' }) paused?: boolean;
}

@ObjectType('MetricPoint', { description: "One run of a schedule: its best trial's mean metric." })
export class MetricPoint {
  @Field(() => ID) sweepId!: string;
  @Field(() => GraphQLISODateTime) at!: Date;
  @Field(() => RunStatus) status!: RunStatus;
  @Field(() => Float, { nullable: true }) value!: number | null;
  @Field(() => ID, { nullable: true }) trialId!: string | null;
}
