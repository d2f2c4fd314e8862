import os from 'node:os';
import path from 'node:path';

/** Where the project keeps service data; ignored by git. */
export const repoRoot = path.resolve(new URL('../../..', import.meta.url).pathname);

/**
 * Service endpoints and credentials. Defaults are loopback development values only;
 * every one is overridable from the environment (deployments set them all).
 */
export interface ServiceConfig {
  databaseUrl: string | undefined;
  temporalAddress: string | undefined;
  temporalNamespace: string;
  s3: {
    endpoint: string | undefined;
    bucket: string;
    accessKeyId: string;
    secretAccessKey: string;
    region: string;
  };
  dataDir: string;
  cacheDir: string;
}

export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    temporalAddress: env.TEMPORAL_ADDRESS || undefined,
    temporalNamespace: env.TEMPORAL_NAMESPACE || 'default',
    s3: {
      endpoint: env.S3_ENDPOINT || undefined,
      bucket: env.S3_BUCKET || 'emosweep',
      accessKeyId: env.S3_ACCESS_KEY_ID || env.MINIO_ROOT_USER || 'emosweep',
      secretAccessKey: env.S3_SECRET_ACCESS_KEY || env.MINIO_ROOT_PASSWORD || 'emosweep-dev-secret',
      region: env.S3_REGION || 'us-east-1',
    },
    dataDir: env.EMOSWEEP_DATA_DIR || path.join(repoRoot, '.data'),
    cacheDir: env.EMOSWEEP_CACHE_DIR || path.join(os.homedir(), '.cache', 'emosweep'),
  };
}

/** Connection strings for the services `npm run infra:up` starts (same env names as infra/infra.sh). */
export function localServiceUrls(env: NodeJS.ProcessEnv = process.env) {
  const pgPort = env.EMOSWEEP_PG_PORT || '55432';
  const pgUser = env.EMOSWEEP_PG_USER || 'emosweep';
  const pgPassword = env.EMOSWEEP_PG_PASSWORD || 'emosweep';
  const pgDb = env.EMOSWEEP_PG_DB || 'emosweep';
  return {
    databaseUrl: `postgresql://${pgUser}:${pgPassword}@127.0.0.1:${pgPort}/${pgDb}`,
    adminDatabaseUrl: `postgresql://${pgUser}:${pgPassword}@127.0.0.1:${pgPort}/postgres`,
    temporalAddress: `127.0.0.1:${env.EMOSWEEP_TEMPORAL_PORT || '7233'}`,
    s3Endpoint: `http://127.0.0.1:${env.EMOSWEEP_MINIO_PORT || '9000'}`,
  };
}
