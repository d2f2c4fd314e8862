import { Inject } from '@nestjs/common';
import { Args, ID, Int, Mutation, Parent, Query, ResolveField } from '@nestjs/graphql';
import { GqlResolver } from '../graphql/decorators.js';
import { listComplexity } from '../graphql/limits.js';
import { Dataset, GroupLabels } from './dataset.types.js';
import { DatasetsService } from './datasets.service.js';

@GqlResolver(() => Dataset)
export class DatasetsResolver {
  constructor(@Inject(DatasetsService) private readonly service: DatasetsService) {}

  @Query(() => [Dataset], { description: 'Registered datasets, newest first.', complexity: listComplexity(50) })
  datasets(
    @Args('name', { type: () => String, nullable: true }) name: string | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50, description: 'At most 200.' }) first: number,
  ) {
    return this.service.list({ name, first });
  }

  @Query(() => Dataset, { nullable: true })
  dataset(@Args('id', { type: () => ID }) id: string) {
    return this.service.get(id);
  }

  @Mutation(() => Dataset, { description: 'Imports a corpus that is on the server (iemocap release, CSV manifest, or a synthetic corpus generated there) and records it.' })
  registerDataset(
    @Args('format', { type: () => String, description: 'iemocap | manifest | synthetic' }) format: string,
    @Args('root', { type: () => String, description: 'Path on the server: the IEMOCAP release, the manifest CSV, or the folder for a synthetic corpus.' }) root: string,
    @Args('classes', { type: () => String, nullable: true, defaultValue: '4', description: '4 or all' }) classes: string,
  ) {
    return this.service.register(format, root, classes);
  }

  @ResolveField('labelsByGroup', () => [GroupLabels], { description: 'Label counts within each cross-validation group.', complexity: 20 })
  labelsByGroup(@Parent() d: Dataset) {
    return this.service.labelsByGroup(d.id);
  }
}
