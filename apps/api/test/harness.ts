/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses are checked field by field against the database */
/**
 * Real services for API tests: a fresh Postgres database (migrated), MinIO, the infra Temporal
 * server in a namespace of its own (so this suite's in-process worker never takes tasks of
 * other suites' workflows on the shared task queues), the API on an ephemeral loopback port.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { createClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { createLogger, loadServiceConfig, localServiceUrls } from '@emosweep/common';
import { initBackend } from '@emosweep/backend';
import { generateSyntheticCorpus } from '@emosweep/datasets';
import { createSweepWorker } from '@emosweep/runtime';
import { S3ArtifactStore, type Store } from '@emosweep/store';
// `@emosweep/store/testing` is not an exported subpath (yet): import the helper by path.
import { createTestDatabase, type TestDatabase } from '../../../libs/store/src/testing.js';
import { createApiApp, type ApiApp } from '../src/app.js';
import { PgNotificationSource } from '../src/progress/notifications.js';

export const TEST_NAMESPACE = process.env.EMOSWEEP_API_TEST_NAMESPACE ?? 'emosweep-api-test';

export interface GqlResult<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, any>; path?: string[] }[];
}

export interface ApiHarness {
  url: string;
  db: TestDatabase;
  artifacts: S3ArtifactStore;
  client: Client;
  api: ApiApp;
  operator: string;
  viewer: string;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlResult<T>>;
  ws(token?: string | null): WsClient;
  close(): Promise<void>;
}

/** Registers the test namespace once (idempotent) and waits until it accepts calls. */
async function ensureNamespace(connection: Connection, namespace: string): Promise<void> {
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return;
  } catch {
    /* not there yet */
  }
  try {
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: { seconds: 24 * 3600 } as never });
  } catch (e) {
    if (!/already exists/i.test((e as Error).message)) throw e;
  }
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await connection.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 });
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

export async function startApi(
  opts: {
    worker?: boolean;
    config?: Parameters<typeof createApiApp>[1];
    /** The store the API uses (default: the test database's own). */
    apiStore?: (databaseUrl: string) => Store;
  } = {},
): Promise<ApiHarness> {
  const urls = localServiceUrls();
  const log = createLogger('api-test', process.env.EMOSWEEP_LOG_LEVEL ?? 'warn');
  const db = await createTestDatabase();
  // The infra MinIO, with the bucket and credentials the apps read (loopback defaults).
  const artifacts = new S3ArtifactStore({ ...loadServiceConfig().s3, endpoint: urls.s3Endpoint });
  await artifacts.check();
  const connection = await Connection.connect({ address: urls.temporalAddress, connectTimeout: '3s' });
  await ensureNamespace(connection, TEST_NAMESPACE);
  const client = new Client({ connection, namespace: TEST_NAMESPACE });

  let stopWorker = async () => {};
  if (opts.worker) {
    // folds still running at the end (a cancelled sweep's) are cut short instead of given 30 s
    process.env.EMOSWEEP_SHUTDOWN_GRACE ??= '1s';
    await initBackend();
    const { worker, connection: wc } = await createSweepWorker({ address: urls.temporalAddress, namespace: TEST_NAMESPACE, store: db.store, artifacts, concurrency: 2 });
    const running = worker.run();
    stopWorker = async () => {
      worker.shutdown();
      await running.catch(() => {});
      await wc.close();
    };
  }

  const apiStore = opts.apiStore ? opts.apiStore(db.url) : db.store;
  const api = await createApiApp(
    { store: apiStore, artifacts, temporal: client, notifications: new PgNotificationSource(db.url, log), log },
    { logLevel: process.env.EMOSWEEP_API_LOG_LEVEL ?? 'warn', ...opts.config },
  );
  const url = await api.listen(0, '127.0.0.1');
  const operator = (await db.store.tokens.create({ name: 'test operator', role: 'operator' })).secret;
  const viewer = (await db.store.tokens.create({ name: 'test viewer', role: 'viewer' })).secret;

  const gql = async <T,>(query: string, variables?: Record<string, unknown>, token: string | null = operator): Promise<GqlResult<T>> => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as Omit<GqlResult<T>, 'status'>;
    return { status: res.status, ...body };
  };
  const wsClients: WsClient[] = [];
  const ws = (token: string | null = viewer) => {
    const c = createClient({
      url: `${url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      retryAttempts: 0,
      lazy: true,
    });
    wsClients.push(c);
    return c;
  };
  return {
    url,
    db,
    artifacts,
    client,
    api,
    operator,
    viewer,
    gql,
    ws,
    async close() {
      for (const c of wsClients) await c.dispose();
      await stopWorker();
      await api.close();
      if (apiStore !== db.store) await apiStore.close();
      await connection.close();
      await artifacts.close();
      await db.drop();
    },
  };
}

/** All events of a subscription until it completes (or `timeoutMs`). */
export function collect<T>(client: WsClient, query: string, variables: Record<string, unknown>, timeoutMs = 240_000): Promise<{ events: T[]; errors: unknown[] }> {
  return new Promise((resolve, reject) => {
    const events: T[] = [];
    const errors: unknown[] = [];
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`subscription did not complete in ${timeoutMs} ms (${events.length} events)`));
    }, timeoutMs);
    const stop = client.subscribe<T>(
      { query, variables },
      {
        next: (v) => {
          if (v.errors) errors.push(...v.errors);
          if (v.data) events.push(v.data as T);
        },
        error: (e) => {
          clearTimeout(timer);
          errors.push(e);
          resolve({ events, errors });
        },
        complete: () => {
          clearTimeout(timer);
          resolve({ events, errors });
        },
      },
    );
  });
}

/** A small synthetic corpus (5 sessions × 2 speakers × `perSpeaker`), generated once per machine. */
export async function smallCorpus(perSpeaker = 4): Promise<string> {
  const root = path.join(os.tmpdir(), `emosweep-test-corpus-${perSpeaker}`);
  if (!fs.existsSync(path.join(root, 'emosweep-synthetic.json'))) {
    await generateSyntheticCorpus(root, { groups: 5, perSpeaker, seed: 7 });
  }
  return root;
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 120_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
