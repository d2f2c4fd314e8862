import path from 'node:path';
import { loadServiceConfig, type ServiceConfig } from '@emosweep/common';
import { FsArtifactStore } from './fs.js';
import { S3ArtifactStore } from './s3.js';
import type { ArtifactStore } from './types.js';

export * from './types.js';
export { S3ArtifactStore, SHA256_META, type S3Config } from './s3.js';
export { FsArtifactStore } from './fs.js';

/**
 * The artifact store for a configuration: S3/MinIO when `S3_ENDPOINT` is set (bucket and
 * credentials from S3_BUCKET / S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY / S3_REGION), else the
 * folder `<EMOSWEEP_DATA_DIR>/artifacts` (the embedded default).
 */
export function createArtifactStore(config: Pick<ServiceConfig, 's3' | 'dataDir'> = loadServiceConfig()): ArtifactStore {
  const { s3 } = config;
  if (s3.endpoint) {
    return new S3ArtifactStore({ endpoint: s3.endpoint, bucket: s3.bucket, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, region: s3.region });
  }
  return new FsArtifactStore(path.join(config.dataDir, 'artifacts'));
}
