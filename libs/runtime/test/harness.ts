import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadServiceConfig, localServiceUrls, repoRoot } from '@emosweep/common';
import { generateSyntheticCorpus } from '@emosweep/datasets';
import { S3ArtifactStore } from '@emosweep/store';
import { createTestDatabase, type TestDatabase } from '@emosweep/store/testing';

/** Real services for orchestration tests: a fresh database, MinIO, the infra Temporal server. */
export interface Services {
  db: TestDatabase;
  artifacts: S3ArtifactStore;
  connection: Connection;
  client: Client;
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export async function openServices(): Promise<Services> {
  const urls = localServiceUrls();
  const db = await createTestDatabase();
  // The infra MinIO, with the bucket and credentials the apps read (loopback defaults).
  const artifacts = new S3ArtifactStore({ ...loadServiceConfig().s3, endpoint: urls.s3Endpoint });
  await artifacts.check();
  let connection: Connection;
  try {
    connection = await Connection.connect({ address: urls.temporalAddress, connectTimeout: '3s' });
  } catch (err) {
    throw new Error(`Temporal is not reachable at ${urls.temporalAddress} (run \`npm run infra:up\`): ${(err as Error).message}`);
  }
  const env = {
    ...process.env,
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: urls.temporalAddress,
    S3_ENDPOINT: urls.s3Endpoint,
  };
  return {
    db,
    artifacts,
    connection,
    client: new Client({ connection }),
    env,
    async close() {
      await connection.close();
      await artifacts.close();
      await db.drop();
    },
  };
}

/** A small synthetic corpus (5 sessions × 2 speakers × `perSpeaker`), generated once per machine. */
export async function smallCorpus(perSpeaker = 4): Promise<string> {
  const root = path.join(os.tmpdir(), `emosweep-test-corpus-${perSpeaker}`);
  if (!fs.existsSync(path.join(root, 'emosweep-synthetic.json'))) {
    await generateSyntheticCorpus(root, { groups: 5, perSpeaker, seed: 7 });
  }
  return root;
}

/** The worker app in its own process (so a test can SIGKILL it). */
export function spawnWorker(env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const log = fs.openSync(logFile, 'a');
  return spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'apps/worker/src/main.ts')], {
    env: { ...env, EMOSWEEP_LOG_LEVEL: 'warn', EMOSWEEP_SHUTDOWN_GRACE: '1s' },
    stdio: ['ignore', log, log],
    cwd: repoRoot,
  });
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 120_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Stops or starts one of the infra services (infra/infra.sh), e.g. to test outages. */
export function infra(action: 'up' | 'down', service: 'postgres' | 'temporal' | 'minio'): void {
  execFileSync('bash', [path.join(repoRoot, 'infra', 'infra.sh'), action, service], { stdio: 'pipe' });
}
