import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { FoldCounts, MetricsType, RunStatus } from '../graphql/common.types.js';

export enum ProgressKind {
  SNAPSHOT = 'snapshot',
  SWEEP = 'sweep',
  TRIAL = 'trial',
  FOLD = 'fold',
  EPOCH = 'epoch',
}
registerEnumType(ProgressKind, {
  name: 'ProgressKind',
  description: 'SNAPSHOT: first event (status and fold counts when subscribing); SWEEP: status change; TRIAL: aggregate update; FOLD: fold status or result; EPOCH: one epoch of a fold.',
});

@ObjectType('TrialUpdate')
export class TrialUpdate {
  @Field(() => ID) id!: string;
  @Field(() => RunStatus) status!: RunStatus;
  @Field(() => Int) foldsDone!: number;
  @Field(() => MetricsType, { nullable: true }) mean!: MetricsType | null;
  @Field(() => MetricsType, { nullable: true }) std!: MetricsType | null;
}

@ObjectType('FoldUpdate')
export class FoldUpdate {
  @Field(() => ID) id!: string;
  @Field(() => ID) trialId!: string;
  @Field(() => String) heldOut!: string;
  @Field(() => RunStatus) status!: RunStatus;
  @Field(() => Int) attempt!: number;
  @Field(() => MetricsType, { nullable: true }) metrics!: MetricsType | null;
  @Field(() => Int, { nullable: true }) bestEpoch!: number | null;
  @Field(() => String, { nullable: true }) error!: string | null;
}

@ObjectType('EpochUpdate')
export class EpochUpdate {
  @Field(() => ID) foldRunId!: string;
  @Field(() => ID) trialId!: string;
  @Field(() => String) heldOut!: string;
  @Field(() => Int) epoch!: number;
  @Field(() => Float) trainLoss!: number;
  @Field(() => Float, { nullable: true }) valLoss!: number | null;
  @Field(() => Float, { nullable: true }) valUa!: number | null;
  @Field(() => Float, { nullable: true }) valWa!: number | null;
  @Field(() => Float) lr!: number;
}

@ObjectType('SweepProgressEvent', { description: 'One change to a sweep, pushed as the workers write it (Postgres LISTEN/NOTIFY).' })
export class SweepProgressEvent {
  @Field(() => ProgressKind) kind!: ProgressKind;
  @Field(() => ID) sweepId!: string;
  @Field(() => GraphQLISODateTime, { description: 'When the API received the change.' }) at!: Date;
  @Field(() => RunStatus, { nullable: true, description: 'SNAPSHOT and SWEEP events.' }) sweepStatus!: RunStatus | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => FoldCounts, { nullable: true, description: 'SNAPSHOT events.' }) counts!: FoldCounts | null;
  @Field(() => TrialUpdate, { nullable: true }) trial!: TrialUpdate | null;
  @Field(() => FoldUpdate, { nullable: true }) fold!: FoldUpdate | null;
  @Field(() => EpochUpdate, { nullable: true }) epoch!: EpochUpdate | null;
}
