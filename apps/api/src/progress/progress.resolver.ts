import { Inject } from '@nestjs/common';
import { Args, ID, Subscription } from '@nestjs/graphql';
import { GqlResolver } from '../graphql/decorators.js';
import { ProgressHub } from './progress.hub.js';
import { SweepProgressEvent } from './progress.types.js';

@GqlResolver()
export class ProgressResolver {
  constructor(@Inject(ProgressHub) private readonly service: ProgressHub) {}

  @Subscription(() => SweepProgressEvent, {
    description: 'Fold status changes, trial aggregates and per-epoch metrics of one sweep as the workers write them; starts with a SNAPSHOT and completes when the sweep finishes.',
    resolve: (event: SweepProgressEvent) => event,
  })
  sweepProgress(@Args('id', { type: () => ID }) id: string) {
    return this.service.subscribe(id);
  }
}
