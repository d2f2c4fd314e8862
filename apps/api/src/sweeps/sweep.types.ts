import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import type { Sweep as SweepRow } from '@emosweep/store';
import { PageInfo, RunStatus } from '../graphql/common.types.js';
import { JSONScalar } from '../graphql/scalars.js';

@ObjectType('Sweep', { description: 'One launched grid: trials × folds, run as a Temporal workflow.' })
export class Sweep {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => RunStatus) status!: RunStatus;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) startedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) finishedAt!: Date | null;
  @Field(() => Int) seed!: number;
  @Field(() => String) device!: string;
  @Field(() => Int) trialCount!: number;
  @Field(() => Int) foldCount!: number;
  @Field(() => ID, { nullable: true }) datasetId!: string | null;
  @Field(() => ID, { nullable: true }) scheduleId!: string | null;
  @Field(() => String, { nullable: true }) workflowId!: string | null;
  @Field(() => JSONScalar, { description: 'The validated spec, defaults filled in.' }) spec!: unknown;
  @Field(() => String, { description: 'The spec as submitted.' }) specText!: string;
}

export const toSweep = (row: SweepRow): Sweep => ({ ...row, status: row.status as RunStatus });

@ObjectType('SweepEdge')
export class SweepEdge {
  @Field(() => String) cursor!: string;
  @Field(() => Sweep) node!: Sweep;
}

@ObjectType('SweepConnection')
export class SweepConnection {
  @Field(() => [SweepEdge]) edges!: SweepEdge[];
  @Field(() => [Sweep], { description: 'The nodes of `edges`, for clients that do not need cursors.' }) nodes!: Sweep[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType('FeatureSetNeed', { description: 'A feature set a sweep needs; `exists` when it is already computed for the registered dataset.' })
export class FeatureSetNeed {
  @Field(() => String) representation!: string;
  @Field(() => JSONScalar, { description: "The spec's parameter overrides ({} = the study's defaults)." }) params!: unknown;
  @Field(() => String, { nullable: true, description: 'Content key (known when the dataset is registered).' }) key!: string | null;
  @Field(() => Boolean, { nullable: true }) exists!: boolean | null;
}

@ObjectType('DroppedTrial', { description: 'A grid point that will not run, and why.' })
export class DroppedTrial {
  @Field(() => JSONScalar) params!: unknown;
  @Field(() => String, { description: 'invalid | duplicate' }) kind!: string;
  @Field(() => String) reason!: string;
}

@ObjectType('DryRun', { description: 'What launchSweep would start, without starting it.' })
export class DryRun {
  @Field(() => String) name!: string;
  @Field(() => Int) trials!: number;
  @Field(() => Int) folds!: number;
  @Field(() => Int, { description: 'trials × folds' }) foldRuns!: number;
  @Field(() => Int, { description: 'Points in the full cartesian product.' }) gridSize!: number;
  @Field(() => [String], { nullable: true, description: 'Held-out groups, when the dataset is registered (or cv.folds names them).' }) heldOut!: string[] | null;
  @Field(() => ID, { nullable: true, description: 'The registered dataset the spec points at, if any.' }) datasetId!: string | null;
  @Field(() => [FeatureSetNeed]) featureSets!: FeatureSetNeed[];
  @Field(() => [DroppedTrial]) dropped!: DroppedTrial[];
  @Field(() => [String]) notes!: string[];
  @Field(() => Float, { nullable: true }) estimatedSeconds!: number | null;
}
