import { Inject, Injectable } from '@nestjs/common';
import { Args, Context, Field, Float, GraphQLISODateTime, ID, Int, ObjectType, Parent, Query, ResolveField, registerEnumType } from '@nestjs/graphql';
import type { FeatureSet as FeatureSetRow, Store } from '@emosweep/store';
import { STORE } from '../core/tokens.js';
import { isUuid } from '../errors.js';
import type { GqlContext } from '../graphql/context.js';
import { GqlResolver } from '../graphql/decorators.js';
import { fixedListComplexity } from '../graphql/limits.js';
import { JSONScalar } from '../graphql/scalars.js';
import { Sweep, toSweep } from '../sweeps/sweep.types.js';

export enum FeatureSetStatus {
  PENDING = 'pending',
  COMPUTING = 'computing',
  READY = 'ready',
  FAILED = 'failed',
}
registerEnumType(FeatureSetStatus, { name: 'FeatureSetStatus' });

@ObjectType('FeatureSet', { description: 'Features of one dataset version × representation × parameters, computed once and reused.' })
export class FeatureSet {
  @Field(() => String, { description: 'Content key: sha256 of (dataset version, representation, parameters, extractor version).' }) key!: string;
  @Field(() => ID) datasetId!: string;
  @Field(() => String) representation!: string;
  @Field(() => JSONScalar) params!: unknown;
  @Field(() => String) extractorVersion!: string;
  @Field(() => FeatureSetStatus) status!: FeatureSetStatus;
  @Field(() => String) objectKey!: string;
  @Field(() => Float, { nullable: true, description: 'Bytes in the object store.' }) sizeBytes!: number | null;
  @Field(() => String, { nullable: true }) sha256!: string | null;
  @Field(() => Int, { nullable: true }) utteranceCount!: number | null;
  @Field(() => Float, { nullable: true }) totalFrames!: number | null;
  @Field(() => Int, { nullable: true }) dims!: number | null;
  @Field(() => ID, { nullable: true }) creatorSweepId!: string | null;
  @Field(() => Int, { description: 'Sweeps that reused it instead of computing it.' }) reuseCount!: number;
  @Field(() => Int, { nullable: true }) computeMs!: number | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

const toFeatureSet = (r: FeatureSetRow): FeatureSet => ({
  ...r,
  status: r.status as FeatureSetStatus,
  sizeBytes: r.sizeBytes === null ? null : Number(r.sizeBytes),
  totalFrames: r.totalFrames === null ? null : Number(r.totalFrames),
});

@Injectable()
export class FeatureSetsService {
  constructor(@Inject(STORE) private readonly store: Store) {}

  async list(args: { datasetId?: string | null; representation?: string | null; status?: FeatureSetStatus | null }): Promise<FeatureSet[]> {
    if (args.datasetId && !isUuid(args.datasetId)) return [];
    const rows = await this.store.featureSets.list({ datasetId: args.datasetId ?? undefined, representation: args.representation ?? undefined, status: args.status ?? undefined });
    return rows.map(toFeatureSet);
  }

  async get(key: string): Promise<FeatureSet | null> {
    const row = await this.store.featureSets.get(key);
    return row && toFeatureSet(row);
  }
}

@GqlResolver(() => FeatureSet)
export class FeatureSetsResolver {
  constructor(@Inject(FeatureSetsService) private readonly service: FeatureSetsService) {}

  @Query(() => [FeatureSet], { description: 'Feature sets, newest first.', complexity: fixedListComplexity(50) })
  featureSets(
    @Args('datasetId', { type: () => ID, nullable: true }) datasetId: string | null,
    @Args('representation', { type: () => String, nullable: true }) representation: string | null,
    @Args('status', { type: () => FeatureSetStatus, nullable: true }) status: FeatureSetStatus | null,
  ) {
    return this.service.list({ datasetId, representation, status });
  }

  @Query(() => FeatureSet, { nullable: true })
  featureSet(@Args('key', { type: () => String }) key: string) {
    return this.service.get(key);
  }

  @ResolveField('creatorSweep', () => Sweep, { nullable: true, description: 'The sweep that computed it (null once that sweep is deleted).' })
  async creatorSweep(@Parent() fs: FeatureSet, @Context() ctx: GqlContext) {
    if (!fs.creatorSweepId) return null;
    const row = await ctx.loaders.sweep.load(fs.creatorSweepId);
    return row && toSweep(row);
  }
}
