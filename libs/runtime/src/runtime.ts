import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadServiceConfig, ServiceUnavailableError, createLogger, type ServiceConfig } from '@emosweep/common';
import { createArtifactStore, createStore, type ArtifactStore, type Store } from '@emosweep/store';
import { startDevServer, type DevServer } from './temporal-dev-server.js';

const log = createLogger('runtime');

export interface Runtime {
  /** 'services' when env names running services, 'embedded' for the newcomer's default. */
  mode: { database: 'postgres' | 'pglite'; artifacts: 's3' | 'fs'; temporal: 'server' | 'dev-server' };
  config: ServiceConfig;
  store: Store;
  artifacts: ArtifactStore;
  temporalAddress: string;
  connection: Connection;
  client: Client;
  close(): Promise<void>;
}

/**
 * Opens what a command needs: Postgres/S3/Temporal when DATABASE_URL / S3_ENDPOINT /
 * TEMPORAL_ADDRESS are set, else the embedded default (PGlite, a local folder, and a Temporal dev
 * server started for this process with its state under .data/embedded).
 */
export async function openRuntime(opts: { needTemporal?: boolean; requireServices?: boolean; config?: ServiceConfig } = {}): Promise<Runtime> {
  const config = opts.config ?? loadServiceConfig();
  if (opts.requireServices && !config.temporalAddress) {
    // A sweep started in the background outlives this command, so it needs a Temporal server that does too.
    throw new ServiceUnavailableError('Temporal', '(TEMPORAL_ADDRESS unset)', 'this command needs running services: `npm run infra:up`, then export TEMPORAL_ADDRESS, DATABASE_URL and S3_ENDPOINT (see README), or use `emosweep sweep run` for the embedded default');
  }
  const embeddedDir = path.join(config.dataDir, 'embedded');
  const store = await createStore(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { embedded: { dir: path.join(embeddedDir, 'pglite') } });
  const artifacts = createArtifactStore(config.s3.endpoint ? config : { ...config, dataDir: embeddedDir });
  let devServer: DevServer | undefined;
  let connection: Connection | undefined;
  try {
    await artifacts.check();
    let temporalAddress = config.temporalAddress ?? '';
    if (opts.needTemporal !== false) {
      if (!temporalAddress) {
        devServer = await startDevServer({ dataDir: path.join(embeddedDir, 'temporal') });
        temporalAddress = devServer.address;
      }
      try {
        connection = await Connection.connect({ address: temporalAddress, connectTimeout: '5s' });
      } catch (err) {
        throw new ServiceUnavailableError('Temporal', temporalAddress, `${(err as Error).message} (start it with \`npm run infra:up\` or unset TEMPORAL_ADDRESS for the embedded default)`);
      }
    }
    log.info({ database: store.kind, artifacts: artifacts.kind, temporal: temporalAddress }, 'runtime opened');
    return {
      mode: { database: store.kind, artifacts: artifacts.kind, temporal: devServer ? 'dev-server' : 'server' },
      config,
      store,
      artifacts,
      temporalAddress,
      connection: connection!,
      client: connection ? new Client({ connection, namespace: config.temporalNamespace }) : (undefined as never),
      async close() {
        await connection?.close().catch(() => {});
        await devServer?.stop();
        await artifacts.close();
        await store.close();
      },
    };
  } catch (err) {
    await connection?.close().catch(() => {});
    await devServer?.stop();
    await store.close();
    throw err;
  }
}
