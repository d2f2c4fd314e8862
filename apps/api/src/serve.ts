import { createLogger, type Logger } from '@emosweep/common';
import { initBackend } from '@emosweep/backend';
import { createSweepWorker, openRuntime, type Runtime } from '@emosweep/runtime';
import { createApiApp, type ApiApp } from './app.js';
import { ensureBootstrapToken } from './auth/bootstrap.js';
import { loadApiConfig } from './config.js';
import { PGliteNotificationSource, PgNotificationSource, type NotificationSource } from './progress/notifications.js';

export interface ServeOptions {
  port?: number;
  host?: string;
  /** Start a sweep worker in this process (default true). */
  worker?: boolean;
  /** Folds the in-process worker trains at once. */
  concurrency?: number;
  /** Where start-up messages go (default stderr). */
  say?: (line: string) => void;
}

export interface Server {
  url: string;
  api: ApiApp;
  runtime: Runtime;
  close(): Promise<void>;
}

function notificationsFor(runtime: Runtime, log: Logger): NotificationSource {
  if (runtime.store.pglite) return new PGliteNotificationSource(runtime.store.pglite);
  return new PgNotificationSource(runtime.config.databaseUrl!, log);
}

/**
 * `emosweep serve`: the API on 127.0.0.1:${PORT:-4000} over the services named by env (DATABASE_URL,
 * TEMPORAL_ADDRESS, S3_ENDPOINT) or the embedded default (PGlite, a local folder, a Temporal dev
 * server started for this process), with a sweep worker in-process unless `worker: false`.
 */
export async function serve(opts: ServeOptions = {}): Promise<Server> {
  const say = opts.say ?? ((l: string) => process.stderr.write(`${l}\n`));
  const log = createLogger('api');
  const config = loadApiConfig(process.env, { ...(opts.port !== undefined ? { port: opts.port } : {}), ...(opts.host ? { host: opts.host } : {}) });
  const runtime = await openRuntime();
  let stopWorker = async () => {};
  let api: ApiApp | undefined;
  try {
    if (opts.worker !== false) {
      const backend = await initBackend();
      const { worker, connection } = await createSweepWorker({
        address: runtime.temporalAddress,
        namespace: runtime.config.temporalNamespace,
        store: runtime.store,
        artifacts: runtime.artifacts,
        concurrency: opts.concurrency ?? 1,
      });
      const running = worker.run().catch((e) => log.error({ err: e }, 'in-process worker stopped'));
      stopWorker = async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
        await connection.close().catch(() => {});
      };
      say(`worker: in-process (backend ${backend}, ${opts.concurrency ?? 1} fold(s) at a time)`);
    } else {
      say('worker: none in this process (--no-worker): sweeps run on separate workers');
    }
    api = await createApiApp({ store: runtime.store, artifacts: runtime.artifacts, temporal: runtime.client, notifications: notificationsFor(runtime, log), log }, config);
    const bootstrap = await ensureBootstrapToken(runtime.store, config.tokenFile, config.host);
    const url = await api.listen(config.port, config.host);
    say(`emosweep API: ${url}/graphql (GraphQL over HTTP and graphql-ws), ${url}/readyz`);
    say(`services: database ${runtime.mode.database}, artifacts ${runtime.mode.artifacts} (${runtime.artifacts.location}), temporal ${runtime.temporalAddress} (${runtime.mode.temporal})`);
    if (bootstrap?.created) say(`first start: created an operator token, saved in ${bootstrap.file} (send it as "Authorization: Bearer <token>")`);
    else if (bootstrap) say(`operator token: ${bootstrap.file}`);
    else say('tokens: create one with `emosweep token create --role operator|viewer`');
    let closing: Promise<void> | undefined;
    const server: Server = {
      url,
      api,
      runtime,
      close: () =>
        (closing ??= (async () => {
          await api!.close();
          await stopWorker();
          await runtime.close();
        })()),
    };
    return server;
  } catch (e) {
    await api?.close().catch(() => {});
    await stopWorker().catch(() => {});
    await runtime.close().catch(() => {});
    throw e;
  }
}
