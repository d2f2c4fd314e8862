import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { artifactStoreContract } from './contract.js';
import { FsArtifactStore } from './fs.js';
import { createArtifactStore } from './index.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'emosweep-artifacts-'));
const store = new FsArtifactStore(root);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('FsArtifactStore', () => {
  artifactStoreContract({
    store: () => store,
    prefix: 'run',
    corrupt: async (key) => {
      const p = path.join(root, key);
      const b = readFileSync(p);
      b[0] ^= 0xff;
      writeFileSync(p, b);
    },
  });

  it('keeps the checksum in a sidecar, leaves no temp files, reserves .meta/.tmp', async () => {
    await store.put('x/y.bin', new Uint8Array([1, 2, 3]));
    const sidecar = JSON.parse(readFileSync(path.join(root, '.meta', 'x', 'y.bin.json'), 'utf8'));
    expect(sidecar.sha256).toBe('039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81');
    expect((await store.list('')).some((e) => e.key.startsWith('.'))).toBe(false);
    await expect(store.put('.meta/z', new Uint8Array(1))).rejects.toThrow(/reserved/);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(path.join(root, '.tmp'))).toEqual([]);
    await expect(store.check()).resolves.toBeUndefined();
  });

  it('createArtifactStore picks the folder when S3_ENDPOINT is not set', () => {
    const s = createArtifactStore({ dataDir: root, s3: { endpoint: undefined, bucket: 'b', accessKeyId: 'a', secretAccessKey: 's', region: 'us-east-1' } });
    expect(s.kind).toBe('fs');
    expect(s.location).toBe(path.join(root, 'artifacts'));
    const t = createArtifactStore({ dataDir: root, s3: { endpoint: 'http://127.0.0.1:9000', bucket: 'b', accessKeyId: 'a', secretAccessKey: 's', region: 'us-east-1' } });
    expect(t.kind).toBe('s3');
    expect(t.location).toBe('http://127.0.0.1:9000/b');
  });
});
