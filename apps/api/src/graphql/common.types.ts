import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

/** Status of a sweep, trial or fold run (the database's `RunStatus`). */
export enum RunStatus {
  PENDING = 'pending',
  RUNNING = 'running',
  COMPLETED = 'completed',
  FAILED = 'failed',
  CANCELLED = 'cancelled',
}
registerEnumType(RunStatus, { name: 'RunStatus', description: 'pending → running → completed | failed | cancelled' });

/** The headline metrics (decision 7 of the design). */
export enum Metric {
  UA = 'ua',
  WA = 'wa',
  MACRO_F1 = 'macroF1',
}
registerEnumType(Metric, {
  name: 'Metric',
  description: 'UA: unweighted accuracy (mean per-class recall); WA: weighted accuracy; MACRO_F1: macro-averaged F1.',
});

@ObjectType('Metrics', { description: 'UA, WA and macro-F1 (fractions in [0, 1]).' })
export class MetricsType {
  @Field(() => Float) ua!: number;
  @Field(() => Float) wa!: number;
  @Field(() => Float) macroF1!: number;
}

@ObjectType('PageInfo')
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page.' }) endCursor!: string | null;
}

@ObjectType('FoldCounts', { description: 'Fold runs per status.' })
export class FoldCounts {
  @Field(() => Int) pending!: number;
  @Field(() => Int) running!: number;
  @Field(() => Int) completed!: number;
  @Field(() => Int) failed!: number;
  @Field(() => Int) cancelled!: number;
  @Field(() => Int) total!: number;
}

@ObjectType('NamedCount')
export class NamedCount {
  @Field(() => String) name!: string;
  @Field(() => Int) count!: number;
}

export function metricsOrNull(ua: number | null | undefined, wa: number | null | undefined, macroF1: number | null | undefined): MetricsType | null {
  return ua == null || wa == null || macroF1 == null ? null : { ua, wa, macroF1 };
}

export function emptyCounts(): FoldCounts {
  return { pending: 0, running: 0, completed: 0, failed: 0, cancelled: 0, total: 0 };
}
