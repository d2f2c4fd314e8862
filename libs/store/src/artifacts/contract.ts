/**
 * The behaviour every ArtifactStore must have; run against S3/MinIO (s3.test.ts) and the folder
 * store (fs.test.ts). `corrupt(key)` changes the stored bytes behind the store's back, keeping the
 * recorded checksum.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { ArtifactNotFoundError, ChecksumMismatchError, type ArtifactStore } from './types.js';

export interface ContractOptions {
  store: () => ArtifactStore;
  /** A fresh key prefix for this run (objects under it are deleted afterwards by the caller). */
  prefix: string;
  corrupt: (key: string) => Promise<void>;
  bigObjectMiB?: number;
}

async function drain(r: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of r) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export function artifactStoreContract(o: ContractOptions): void {
  const k = (name: string) => `${o.prefix}/${name}`;

  it('put / head / get / list / delete', async () => {
    const s = o.store();
    const body = new TextEncoder().encode('hello emosweep');
    const put = await s.put(k('a/one.txt'), body, { contentType: 'text/plain', metadata: { sweep: 's1' } });
    expect(put).toEqual({ key: k('a/one.txt'), sha256: sha(body), size: body.byteLength });
    await s.put(k('a/two.bin'), randomBytes(100));
    await s.put(k('b/three.bin'), randomBytes(10));
    const head = await s.head(k('a/one.txt'));
    expect(head).toMatchObject({ key: k('a/one.txt'), size: 14, sha256: sha(body), contentType: 'text/plain', metadata: { sweep: 's1' } });
    expect(Buffer.from(await s.get(k('a/one.txt'))).toString()).toBe('hello emosweep');
    expect((await s.list(k('a/'))).map((x) => [x.key, x.size])).toEqual([
      [k('a/one.txt'), 14],
      [k('a/two.bin'), 100],
    ]);
    expect((await s.list(k(''))).map((x) => x.key)).toEqual([k('a/one.txt'), k('a/two.bin'), k('b/three.bin')]);
    expect((await s.list(k('a/o'))).map((x) => x.key)).toEqual([k('a/one.txt')]);
    await s.delete(k('a/one.txt'));
    await s.delete(k('a/one.txt')); // idempotent
    expect(await s.head(k('a/one.txt'))).toBeNull();
    await expect(s.get(k('a/one.txt'))).rejects.toBeInstanceOf(ArtifactNotFoundError);
    await expect(s.getStream(k('a/one.txt'))).rejects.toBeInstanceOf(ArtifactNotFoundError);
    expect((await s.list(k('a/'))).map((x) => x.key)).toEqual([k('a/two.bin')]);
  });

  it('overwrites a key; rejects invalid keys', async () => {
    const s = o.store();
    await s.put(k('over'), new TextEncoder().encode('v1'));
    await s.put(k('over'), new TextEncoder().encode('version 2'));
    expect(Buffer.from(await s.get(k('over'))).toString()).toBe('version 2');
    for (const bad of ['', '/abs', 'a//b', 'a/../b', './a']) {
      await expect(s.put(bad, new Uint8Array(1))).rejects.toThrow(/invalid artifact key/);
    }
  });

  it(`streams a ${o.bigObjectMiB ?? 50} MiB object from a generator (multipart) and back, sha256 intact`, async () => {
    const s = o.store();
    const mib = o.bigObjectMiB ?? 50;
    const hash = createHash('sha256');
    async function* gen() {
      for (let i = 0; i < mib; i++) {
        const chunk = randomBytes(1024 * 1024);
        hash.update(chunk);
        yield chunk;
      }
    }
    const put = await s.put(k('big.bin'), gen());
    const expected = hash.digest('hex');
    expect(put).toMatchObject({ sha256: expected, size: mib * 1024 * 1024 });
    expect((await s.head(k('big.bin')))?.sha256).toBe(expected);
    const streamed = createHash('sha256');
    let size = 0;
    for await (const c of await s.getStream(k('big.bin'))) {
      streamed.update(c as Buffer);
      size += (c as Buffer).length;
    }
    expect([streamed.digest('hex'), size]).toEqual([expected, mib * 1024 * 1024]);
    expect(sha(await s.get(k('big.bin')))).toBe(expected);
  });

  it('a stream with a known sha256 is verified on the way in (a mismatch stores nothing)', async () => {
    const s = o.store();
    const body = randomBytes(6 * 1024 * 1024 + 17);
    const ok = await s.put(k('known.bin'), Readable.from([body.subarray(0, 1000), body.subarray(1000)]), { sha256: sha(body) });
    expect(ok.size).toBe(body.length);
    expect(sha(await s.get(k('known.bin')))).toBe(sha(body));
    const err = await s.put(k('wrong.bin'), Readable.from([body]), { sha256: '0'.repeat(64) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChecksumMismatchError);
    expect(await s.head(k('wrong.bin'))).toBeNull();
    await expect(s.put(k('wrong2.bin'), body, { sha256: '1'.repeat(64) })).rejects.toBeInstanceOf(ChecksumMismatchError);
  });

  it('detects an object corrupted behind its back, on get and at the end of getStream', async () => {
    const s = o.store();
    const body = randomBytes(64 * 1024);
    await s.put(k('victim.bin'), body);
    await o.corrupt(k('victim.bin'));
    const err = (await s.get(k('victim.bin')).catch((e: unknown) => e)) as ChecksumMismatchError;
    expect(err).toBeInstanceOf(ChecksumMismatchError);
    expect(err.key).toBe(k('victim.bin'));
    expect(err.message).toContain(k('victim.bin'));
    expect(err.message).toMatch(/corrupt/);
    await expect(drain(await s.getStream(k('victim.bin')))).rejects.toBeInstanceOf(ChecksumMismatchError);
  });
}
