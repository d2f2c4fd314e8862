import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import {
  ArtifactNotFoundError,
  ChecksumMismatchError,
  hashingTap,
  sha256Hex,
  toReadable,
  validateKey,
  type ArtifactBody,
  type ArtifactInfo,
  type ArtifactStore,
  type ListedArtifact,
  type PutOptions,
  type PutResult,
} from './types.js';

interface Sidecar {
  sha256: string;
  size: number;
  contentType?: string;
  metadata: Record<string, string>;
  writtenAt: string;
}

const META_DIR = '.meta';
const TMP_DIR = '.tmp';

/**
 * A local folder (the embedded default). Object bytes live at `<root>/<key>`, their checksum and
 * metadata in a sidecar `<root>/.meta/<key>.json`. Writes go to `<root>/.tmp/` first (hashed as
 * they stream, fsynced) and are renamed into place, object then sidecar, so a reader never sees a
 * partial object; a reader that catches an overwrite between the two renames re-reads once.
 */
export class FsArtifactStore implements ArtifactStore {
  readonly kind = 'fs' as const;
  readonly location: string;

  constructor(readonly root: string) {
    this.root = path.resolve(root);
    this.location = this.root;
  }

  private objectPath(key: string): string {
    validateKey(key);
    if (key === META_DIR || key.startsWith(`${META_DIR}/`) || key === TMP_DIR || key.startsWith(`${TMP_DIR}/`)) {
      throw new Error(`invalid artifact key ${JSON.stringify(key)}: ${META_DIR}/ and ${TMP_DIR}/ are reserved by the folder store`);
    }
    return path.join(this.root, key);
  }

  private metaPath(key: string): string {
    return path.join(this.root, META_DIR, `${key}.json`);
  }

  private async tmpFile(): Promise<string> {
    const dir = path.join(this.root, TMP_DIR);
    await mkdir(dir, { recursive: true });
    return path.join(dir, randomUUID());
  }

  private async writeAtomic(dest: string, data: Uint8Array | string): Promise<void> {
    const tmp = await this.tmpFile();
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await mkdir(path.dirname(dest), { recursive: true });
    await rename(tmp, dest);
  }

  async check(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await writeFile(await this.tmpFile(), '').catch((e: Error) => {
      throw new Error(`artifact folder ${this.root} is not writable: ${e.message}`);
    });
  }

  async put(key: string, body: ArtifactBody, opts: PutOptions = {}): Promise<PutResult> {
    const dest = this.objectPath(key);
    let sha256: string;
    let size: number;
    if (body instanceof Uint8Array) {
      sha256 = sha256Hex(body);
      size = body.byteLength;
      if (opts.sha256 && opts.sha256 !== sha256) throw new ChecksumMismatchError(key, opts.sha256, sha256);
      await this.writeAtomic(dest, body);
    } else {
      const tmp = await this.tmpFile();
      const tap = hashingTap((actual) => (opts.sha256 && actual !== opts.sha256 ? new ChecksumMismatchError(key, opts.sha256, actual) : undefined));
      try {
        await pipelineAsync(toReadable(body), tap, createWriteStream(tmp));
        const fh = await open(tmp, 'r+');
        await fh.sync().finally(() => fh.close());
      } catch (e) {
        await rm(tmp, { force: true });
        throw e;
      }
      ({ sha256, size } = tap.digest());
      await mkdir(path.dirname(dest), { recursive: true });
      await rename(tmp, dest);
    }
    const sidecar: Sidecar = { sha256, size, contentType: opts.contentType, metadata: opts.metadata ?? {}, writtenAt: new Date().toISOString() };
    await this.writeAtomic(this.metaPath(key), JSON.stringify(sidecar));
    return { key, sha256, size };
  }

  private async sidecar(key: string): Promise<Sidecar | null> {
    try {
      return JSON.parse(await readFile(this.metaPath(key), 'utf8')) as Sidecar;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  private async exists(p: string): Promise<boolean> {
    return stat(p).then(
      (s) => s.isFile(),
      () => false,
    );
  }

  async get(key: string): Promise<Uint8Array> {
    const p = this.objectPath(key);
    for (let attempt = 0; ; attempt++) {
      const meta = await this.sidecar(key);
      let data: Buffer;
      try {
        data = await readFile(p);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new ArtifactNotFoundError(key, this.location);
        throw e;
      }
      const actual = sha256Hex(data);
      if (meta && meta.sha256 === actual) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      // An overwrite may have landed between reading the sidecar and the bytes: look once more.
      const again = await this.sidecar(key);
      if (attempt === 0 && again?.sha256 !== meta?.sha256) continue;
      throw new ChecksumMismatchError(key, again?.sha256 ?? null, actual);
    }
  }

  async getStream(key: string): Promise<Readable> {
    const p = this.objectPath(key);
    const meta = await this.sidecar(key);
    if (!(await this.exists(p))) throw new ArtifactNotFoundError(key, this.location);
    const expected = meta?.sha256 ?? null;
    const tap = hashingTap((actual) => (expected !== actual ? new ChecksumMismatchError(key, expected, actual) : undefined));
    return pipeline(createReadStream(p), tap, () => {});
  }

  async head(key: string): Promise<ArtifactInfo | null> {
    const p = this.objectPath(key);
    const st = await stat(p).catch(() => null);
    if (!st?.isFile()) return null;
    const meta = await this.sidecar(key);
    return { key, size: st.size, sha256: meta?.sha256 ?? null, contentType: meta?.contentType, lastModified: st.mtime, metadata: meta?.metadata ?? {} };
  }

  async list(prefix = ''): Promise<ListedArtifact[]> {
    // Walk only the folder the prefix lies in.
    const slash = prefix.lastIndexOf('/');
    const base = slash >= 0 ? prefix.slice(0, slash) : '';
    const out: ListedArtifact[] = [];
    const walk = async (rel: string): Promise<void> => {
      const entries = await readdir(path.join(this.root, rel), { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        const k = rel ? `${rel}/${e.name}` : e.name;
        if (!rel && (e.name === META_DIR || e.name === TMP_DIR)) continue;
        if (e.isDirectory()) {
          if (prefix.startsWith(`${k}/`) || k.startsWith(prefix) || `${k}/`.startsWith(prefix)) await walk(k);
        } else if (e.isFile() && k.startsWith(prefix)) {
          const st = await stat(path.join(this.root, k));
          out.push({ key: k, size: st.size, lastModified: st.mtime });
        }
      }
    };
    await walk(base);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    await rm(this.objectPath(key), { force: true });
    await rm(this.metaPath(key), { force: true });
  }

  async close(): Promise<void> {}
}
