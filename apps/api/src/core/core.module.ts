import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { Logger } from '@emosweep/common';
import { SweepService } from '@emosweep/runtime';
import type { ArtifactStore, Store } from '@emosweep/store';
import type { ApiConfig } from '../config.js';
import type { NotificationSource } from '../progress/notifications.js';
import { NOTIFICATIONS } from '../progress/progress.hub.js';
import { ResponseCache } from '../graphql/response-cache.js';
import { API_CONFIG, ARTIFACTS, LOGGER, RESPONSE_CACHE, STORE, SWEEP_SERVICE, TEMPORAL_CLIENT } from './tokens.js';

/** What the API runs on: opened by the caller (serve command, tests, bench) and closed by it. */
export interface ApiDeps {
  store: Store;
  artifacts: ArtifactStore;
  /** Temporal client (its namespace is where sweeps and schedules are started). */
  temporal: Client;
  /** Source of progress notifications (LISTEN on Postgres, or PGlite's listen). */
  notifications: NotificationSource;
  log: Logger;
}

/** The services every domain module uses, provided once for the whole application. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(deps: ApiDeps, config: ApiConfig): DynamicModule {
    const providers = [
      { provide: STORE, useValue: deps.store },
      { provide: ARTIFACTS, useValue: deps.artifacts },
      { provide: TEMPORAL_CLIENT, useValue: deps.temporal },
      { provide: NOTIFICATIONS, useValue: deps.notifications },
      { provide: LOGGER, useValue: deps.log },
      { provide: API_CONFIG, useValue: config },
      { provide: RESPONSE_CACHE, useValue: config.responseCache ? new ResponseCache() : null },
      { provide: SWEEP_SERVICE, useFactory: (store: Store, client: Client) => new SweepService(store, client), inject: [STORE, TEMPORAL_CLIENT] },
    ];
    return { module: CoreModule, providers, exports: providers.map((p) => p.provide) };
  }
}

export type { ArtifactStore, Client, NotificationSource };
