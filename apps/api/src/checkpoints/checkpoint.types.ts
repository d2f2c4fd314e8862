import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import type { Checkpoint as CheckpointRow } from '@emosweep/store';

@ObjectType('Checkpoint', { description: "A fold run's best checkpoint (weights + normaliser + model config)." })
export class Checkpoint {
  @Field(() => ID) foldRunId!: string;
  @Field(() => String, { description: 'best | latest' }) kind!: string;
  @Field(() => Int) epoch!: number;
  @Field(() => String) objectKey!: string;
  @Field(() => String) sha256!: string;
  @Field(() => Float) sizeBytes!: number;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

export const toCheckpoint = (c: CheckpointRow): Checkpoint => ({
  foldRunId: c.foldRunId,
  kind: c.kind,
  epoch: c.epoch,
  objectKey: c.objectKey,
  sha256: c.sha256,
  sizeBytes: Number(c.sizeBytes),
  createdAt: c.createdAt,
});

@ObjectType('CheckpointUrl', { description: 'A short-lived download URL for a checkpoint object.' })
export class CheckpointUrl {
  @Field(() => String) url!: string;
  @Field(() => GraphQLISODateTime) expiresAt!: Date;
  @Field(() => String, { description: 'The fold whose checkpoint it is.' }) heldOut!: string;
  @Field(() => Checkpoint) checkpoint!: Checkpoint;
}

@ObjectType('ClassProbability')
export class ClassProbability {
  @Field(() => String) label!: string;
  @Field(() => Float) probability!: number;
}

@ObjectType('Prediction', { description: 'Class probabilities for one utterance.' })
export class Prediction {
  @Field(() => String) label!: string;
  @Field(() => [ClassProbability]) probabilities!: ClassProbability[];
  @Field(() => ID) trialId!: string;
  @Field(() => String, { description: 'Fold whose best checkpoint made the prediction.' }) heldOut!: string;
  @Field(() => Int) checkpointEpoch!: number;
  @Field(() => Float, { description: 'Seconds of audio.' }) durationSec!: number;
  @Field(() => Int, { description: 'Feature frames the model saw.' }) frames!: number;
}
