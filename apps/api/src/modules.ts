/** One Nest module per domain: resolvers stay thin, services hold the logic. */
import { Module } from '@nestjs/common';
import { AuthResolver } from './auth/auth.resolver.js';
import { AuthService } from './auth/auth.service.js';
import { ArtifactLinks, ArtifactLinksController } from './checkpoints/artifact-links.js';
import { CheckpointsResolver } from './checkpoints/checkpoints.resolver.js';
import { CheckpointsService } from './checkpoints/checkpoints.service.js';
import { PredictResolver, PredictService } from './checkpoints/predict.js';
import { DatasetsResolver } from './datasets/datasets.resolver.js';
import { DatasetsService } from './datasets/datasets.service.js';
import { FeatureSetsResolver, FeatureSetsService } from './feature-sets/feature-sets.js';
import { HealthController } from './health/health.controller.js';
import { ProgressHub } from './progress/progress.hub.js';
import { ProgressResolver } from './progress/progress.resolver.js';
import { SchedulesResolver } from './schedules/schedules.resolver.js';
import { SchedulesService } from './schedules/schedules.service.js';
import { SweepsResolver } from './sweeps/sweeps.resolver.js';
import { SweepsService } from './sweeps/sweeps.service.js';
import { FoldRunsResolver, TrialsResolver } from './trials/trials.resolver.js';
import { TrialsService } from './trials/trials.service.js';

@Module({ providers: [AuthService, AuthResolver], exports: [AuthService] })
export class AuthModule {}

@Module({ providers: [DatasetsService, DatasetsResolver] })
export class DatasetsModule {}

@Module({ providers: [FeatureSetsService, FeatureSetsResolver] })
export class FeatureSetsModule {}

@Module({ providers: [SweepsService, SweepsResolver], exports: [SweepsService] })
export class SweepsModule {}

@Module({ providers: [TrialsService, TrialsResolver, FoldRunsResolver] })
export class TrialsModule {}

@Module({ providers: [SchedulesService, SchedulesResolver] })
export class SchedulesModule {}

@Module({ providers: [ArtifactLinks, CheckpointsService, CheckpointsResolver, PredictService, PredictResolver], controllers: [ArtifactLinksController] })
export class CheckpointsModule {}

@Module({ providers: [ProgressHub, ProgressResolver], exports: [ProgressHub] })
export class ProgressModule {}

@Module({ imports: [ProgressModule], controllers: [HealthController] })
export class HealthModule {}

export const DOMAIN_MODULES = [AuthModule, DatasetsModule, FeatureSetsModule, SweepsModule, TrialsModule, SchedulesModule, CheckpointsModule, ProgressModule, HealthModule];

/** Every resolver class: the code-first schema is generated from these. */
export const RESOLVERS = [
  AuthResolver,
  DatasetsResolver,
  FeatureSetsResolver,
  SweepsResolver,
  TrialsResolver,
  FoldRunsResolver,
  SchedulesResolver,
  CheckpointsResolver,
  PredictResolver,
  ProgressResolver,
];
