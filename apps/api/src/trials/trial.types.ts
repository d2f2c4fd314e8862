import { Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { EpochMetric as EpochRow, FoldRun as FoldRow, Trial as TrialRow } from '@emosweep/store';
import { Metric, MetricsType, RunStatus, metricsOrNull } from '../graphql/common.types.js';
import { JSONScalar } from '../graphql/scalars.js';

@ObjectType('Trial', { description: 'One grid point of a sweep: mean ± std over its folds.' })
export class Trial {
  @Field(() => ID) id!: string;
  @Field(() => ID) sweepId!: string;
  @Field(() => Int, { description: "Position in the sweep's grid order." }) index!: number;
  @Field(() => JSONScalar, { description: '{ representation, model, lr, seqLen, fcLayers } (null = the model ignores that axis).' }) params!: unknown;
  @Field(() => String, { description: 'Content hash of params (the same grid point has the same key in every sweep).' }) paramsKey!: string;
  @Field(() => String) representation!: string;
  @Field(() => String) model!: string;
  @Field(() => Float) lr!: number;
  @Field(() => Int, { nullable: true }) seqLen!: number | null;
  @Field(() => Int, { nullable: true }) fcLayers!: number | null;
  @Field(() => RunStatus) status!: RunStatus;
  @Field(() => Int) foldsDone!: number;
  @Field(() => MetricsType, { nullable: true, description: 'Mean over completed folds.' }) mean!: MetricsType | null;
  @Field(() => MetricsType, { nullable: true, description: 'Sample standard deviation (n − 1) over completed folds.' }) std!: MetricsType | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime) updatedAt!: Date;
}

export const toTrial = (t: TrialRow): Trial => ({
  id: t.id,
  sweepId: t.sweepId,
  index: t.index,
  params: t.params,
  paramsKey: t.paramsKey,
  representation: t.representation,
  model: t.model,
  lr: t.lr,
  seqLen: t.seqLen,
  fcLayers: t.fcLayers,
  status: t.status as RunStatus,
  foldsDone: t.foldsDone,
  mean: metricsOrNull(t.meanUa, t.meanWa, t.meanMacroF1),
  std: metricsOrNull(t.stdUa, t.stdWa, t.stdMacroF1),
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
});

@ObjectType('FoldRun', { description: 'One held-out group of one trial.' })
export class FoldRun {
  @Field(() => ID) id!: string;
  @Field(() => ID) trialId!: string;
  @Field(() => String, { description: 'The held-out group (IEMOCAP session).' }) heldOut!: string;
  @Field(() => RunStatus) status!: RunStatus;
  @Field(() => Int) seed!: number;
  @Field(() => Int, { description: 'Attempts so far (a retried fold resumes from its last checkpoint).' }) attempt!: number;
  @Field(() => MetricsType, { nullable: true, description: 'Test metrics on the held-out group.' }) metrics!: MetricsType | null;
  @Field(() => JSONScalar, { nullable: true, description: 'Per-class precision, recall, F1 and support.' }) perClass!: unknown;
  @Field(() => [[Int]], { nullable: true, description: 'confusion[i][j]: utterances of true class i predicted as class j (class order: the dataset labels).' })
  confusion!: number[][] | null;
  @Field(() => Int, { nullable: true }) bestEpoch!: number | null;
  @Field(() => Int, { nullable: true }) epochsRun!: number | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) startedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) finishedAt!: Date | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => String, { nullable: true }) worker!: string | null;
}

export const toFoldRun = (f: FoldRow): FoldRun => ({
  id: f.id,
  trialId: f.trialId,
  heldOut: f.heldOut,
  status: f.status as RunStatus,
  seed: f.seed,
  attempt: f.attempt,
  metrics: metricsOrNull(f.ua, f.wa, f.macroF1),
  perClass: f.perClass,
  confusion: (f.confusion as number[][] | null) ?? null,
  bestEpoch: f.bestEpoch,
  epochsRun: f.epochsRun,
  startedAt: f.startedAt,
  finishedAt: f.finishedAt,
  error: f.error,
  worker: f.worker,
});

@ObjectType('EpochMetric', { description: 'One epoch of one fold run.' })
export class EpochMetric {
  @Field(() => Int) epoch!: number;
  @Field(() => Float) trainLoss!: number;
  @Field(() => Float, { nullable: true }) valLoss!: number | null;
  @Field(() => Float, { nullable: true }) valUa!: number | null;
  @Field(() => Float, { nullable: true }) valWa!: number | null;
  @Field(() => Float) lr!: number;
}

export const toEpoch = (e: Omit<EpochRow, 'createdAt'>): EpochMetric => ({ epoch: e.epoch, trainLoss: e.trainLoss, valLoss: e.valLoss, valUa: e.valUa, valWa: e.valWa, lr: e.lr });

@InputType('LeaderboardFilter', { description: 'Each list keeps trials whose value is one of those given.' })
export class LeaderboardFilter {
  @Field(() => [String], { nullable: true }) representation?: string[] | null;
  @Field(() => [String], { nullable: true }) model?: string[] | null;
  @Field(() => [Float], { nullable: true }) lr?: number[] | null;
  @Field(() => [Int], { nullable: true }) seqLen?: number[] | null;
  @Field(() => [Int], { nullable: true }) fcLayers?: number[] | null;
  @Field(() => [RunStatus], { nullable: true }) status?: RunStatus[] | null;
  @Field(() => Int, { nullable: true, description: 'Only trials with at least this many completed folds.' }) minFoldsDone?: number | null;
}

@ObjectType('LeaderboardEntry')
export class LeaderboardEntry {
  @Field(() => Int, { description: '1-based rank within the whole (filtered) board.' }) rank!: number;
  @Field(() => Metric) metric!: Metric;
  @Field(() => Float, { description: 'Mean of the metric over folds.' }) mean!: number;
  @Field(() => Float, { nullable: true }) std!: number | null;
  @Field(() => Trial) trial!: Trial;
}

@ObjectType('PairedFold', { description: 'One held-out group both trials ran.' })
export class PairedFold {
  @Field(() => String) heldOut!: string;
  @Field(() => Float) a!: number;
  @Field(() => Float) b!: number;
  @Field(() => Float, { description: 'a − b' }) difference!: number;
}

@ObjectType('ConfidenceInterval')
export class ConfidenceInterval {
  @Field(() => Float) level!: number;
  @Field(() => Float) low!: number;
  @Field(() => Float) high!: number;
}

@ObjectType('PairedTest')
export class PairedTest {
  @Field(() => String, { description: 'Which test, e.g. "paired t-test (two-sided)".' }) name!: string;
  @Field(() => Float, { nullable: true, description: 't for the t-test; W+ (sum of ranks of positive differences) for Wilcoxon.' }) statistic!: number | null;
  @Field(() => Float, { nullable: true }) df!: number | null;
  @Field(() => Float, { nullable: true, description: 'Two-sided p-value (null when it cannot be computed, see note).' }) pValue!: number | null;
  @Field(() => String, { nullable: true }) note!: string | null;
}

@ObjectType('TrialComparison', {
  description:
    'Paired comparison of two trials over the folds (held-out groups) both completed: differences a − b, their mean with a t-based confidence interval, a paired t-test and an exact Wilcoxon signed-rank test.',
})
export class TrialComparison {
  @Field(() => Trial) a!: Trial;
  @Field(() => Trial) b!: Trial;
  @Field(() => Metric) metric!: Metric;
  @Field(() => [PairedFold]) folds!: PairedFold[];
  @Field(() => Int, { description: 'Number of paired folds.' }) n!: number;
  @Field(() => Float, { nullable: true }) meanDifference!: number | null;
  @Field(() => Float, { nullable: true, description: 'Sample standard deviation of the differences.' }) stdDifference!: number | null;
  @Field(() => ConfidenceInterval, { nullable: true, description: '95 % interval for the mean difference (t distribution, n − 1 df).' }) confidenceInterval!: ConfidenceInterval | null;
  @Field(() => PairedTest, { description: 'Paired t-test, two-sided, H0: mean difference = 0.' }) tTest!: PairedTest;
  @Field(() => PairedTest, { description: 'Wilcoxon signed-rank test, two-sided, exact null distribution (zero differences dropped, tied ranks averaged).' }) wilcoxon!: PairedTest;
  @Field(() => [String], { description: 'Held-out groups only one of the trials completed (left out of the comparison).' }) unpaired!: string[];
}
