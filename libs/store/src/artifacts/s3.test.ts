/** S3ArtifactStore against the MinIO of `npm run infra:up` (fails, never skips, when it is down). */
import { randomUUID } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServiceConfig, localServiceUrls, ServiceUnavailableError } from '@emosweep/common';
import { artifactStoreContract } from './contract.js';
import { S3ArtifactStore } from './s3.js';

const cfg = loadServiceConfig();
const endpoint = cfg.s3.endpoint ?? localServiceUrls().s3Endpoint;
const store = new S3ArtifactStore({ ...cfg.s3, endpoint });
const prefix = `test/${randomUUID()}`;

beforeAll(async () => {
  try {
    await store.check();
  } catch (e) {
    throw new Error(`MinIO/S3 is needed for these tests and is not usable at ${endpoint} (bucket ${cfg.s3.bucket}): run \`npm run infra:up\`. ${(e as Error).message}`);
  }
});
afterAll(async () => {
  for (const o of await store.list(`${prefix}/`).catch(() => [])) await store.delete(o.key).catch(() => {});
  await store.close();
});

describe('S3ArtifactStore (MinIO)', () => {
  artifactStoreContract({
    store: () => store,
    prefix,
    // Overwrite the bytes with a raw PutObject that keeps the old metadata (and its sha256).
    corrupt: async (key) => {
      const head = await store.client.send(new HeadObjectCommand({ Bucket: cfg.s3.bucket, Key: key }));
      const res = await store.client.send(new GetObjectCommand({ Bucket: cfg.s3.bucket, Key: key }));
      const bytes = Buffer.from(await res.Body!.transformToByteArray());
      bytes[bytes.length - 1] ^= 0x01;
      await store.client.send(new PutObjectCommand({ Bucket: cfg.s3.bucket, Key: key, Body: bytes, Metadata: head.Metadata, ContentType: head.ContentType }));
    },
  });

  it('records the checksum as x-amz-meta-sha256', async () => {
    const put = await store.put(`${prefix}/meta.bin`, new Uint8Array([1, 2, 3]));
    const head = await store.client.send(new HeadObjectCommand({ Bucket: cfg.s3.bucket, Key: `${prefix}/meta.bin` }));
    expect(head.Metadata?.sha256).toBe(put.sha256);
  });

  it('presigned GET URLs download the object without credentials', async () => {
    await store.put(`${prefix}/shared.txt`, new TextEncoder().encode('presigned'));
    const url = await store.presignGet(`${prefix}/shared.txt`, 60);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('presigned');
  });

  it('an unreachable endpoint is a ServiceUnavailableError naming MinIO/S3 and the address', async () => {
    const down = new S3ArtifactStore({ ...cfg.s3, endpoint: 'http://127.0.0.1:1' });
    try {
      for (const op of [() => down.check(), () => down.get('a/b'), () => down.put('a/b', new Uint8Array(3)), () => down.list('a/')]) {
        const err = await op().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ServiceUnavailableError);
        expect(String(err)).toMatch(/MinIO\/S3 is not reachable at http:\/\/127\.0\.0\.1:1.*infra:up/);
      }
    } finally {
      await down.close();
    }
  });

  it('a missing bucket is named', async () => {
    const nob = new S3ArtifactStore({ ...cfg.s3, endpoint, bucket: `missing-${Date.now()}` });
    await expect(nob.check()).rejects.toThrow(/bucket missing-\d+ does not exist|not reachable/);
    await nob.close();
  });
});
