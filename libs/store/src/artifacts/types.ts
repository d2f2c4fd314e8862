import { createHash, type Hash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';

export type ArtifactBody = Uint8Array | Readable | AsyncIterable<Uint8Array>;

export interface PutOptions {
  contentType?: string;
  /** User metadata (string values; keys lower-case letters, digits and dashes). */
  metadata?: Record<string, string>;
  /** Expected sha256 (hex) of the body: the put fails (and leaves nothing) if the bytes differ. */
  sha256?: string;
}

export interface PutResult {
  key: string;
  /** sha256 (hex) of the stored bytes, also recorded with the object. */
  sha256: string;
  size: number;
}

export interface ArtifactInfo {
  key: string;
  size: number;
  /** The recorded sha256, or null for an object not written through an ArtifactStore. */
  sha256: string | null;
  contentType?: string;
  lastModified?: Date;
  metadata: Record<string, string>;
}

export interface ListedArtifact {
  key: string;
  size: number;
  lastModified?: Date;
}

/**
 * Objects (feature sets, checkpoints, reports) by key. Every object carries the sha256 of its bytes,
 * recorded at put time, and every read verifies it: corruption is an {@link ChecksumMismatchError}
 * naming the key, never silently wrong data.
 */
export interface ArtifactStore {
  readonly kind: 's3' | 'fs';
  /** Human-readable location (endpoint + bucket, or folder). */
  readonly location: string;
  /** Stores `body` under `key` (streams are not buffered; large ones go up in parts). */
  put(key: string, body: ArtifactBody, opts?: PutOptions): Promise<PutResult>;
  /** The whole object, checksum verified. */
  get(key: string): Promise<Uint8Array>;
  /**
   * The object as a stream; the checksum is verified as it flows and a mismatch is emitted as an
   * error at the end of the stream (consumers must treat the data as unverified until 'end').
   */
  getStream(key: string): Promise<Readable>;
  /** Size, checksum and metadata, or null when there is no such object. */
  head(key: string): Promise<ArtifactInfo | null>;
  /** Every object whose key starts with `prefix`, in key order. */
  list(prefix?: string): Promise<ListedArtifact[]>;
  /** Removes the object (no error if it does not exist). */
  delete(key: string): Promise<void>;
  /** A time-limited URL for downloading the object without credentials (S3 only). */
  presignGet?(key: string, ttlSec: number): Promise<string>;
  /** Throws ServiceUnavailableError (or a clear Error) unless the store is usable. */
  check(): Promise<void>;
  close(): Promise<void>;
}

export class ArtifactNotFoundError extends Error {
  constructor(
    readonly key: string,
    readonly location: string,
  ) {
    super(`artifact ${key} not found in ${location}`);
    this.name = 'ArtifactNotFoundError';
  }
}

/** The bytes read do not match the checksum recorded when the object was written. */
export class ChecksumMismatchError extends Error {
  constructor(
    readonly key: string,
    readonly expected: string | null,
    readonly actual: string,
  ) {
    super(
      expected
        ? `artifact ${key} is corrupt: sha256 of the stored bytes is ${actual}, recorded ${expected}`
        : `artifact ${key} has no recorded sha256 (not written through the artifact store, or its upload did not finish)`,
    );
    this.name = 'ChecksumMismatchError';
  }
}

/** Keys are relative, '/'-separated, without empty, '.' or '..' segments. */
export function validateKey(key: string): string {
  if (
    typeof key !== 'string' ||
    key.length === 0 ||
    key.length > 900 ||
    key.startsWith('/') ||
    key.includes('\\') ||
    key.includes('\0') ||
    key.split('/').some((s) => s === '' || s === '.' || s === '..')
  ) {
    throw new Error(`invalid artifact key ${JSON.stringify(key)}: use a relative path like "features/<hash>.f32"`);
  }
  return key;
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function toReadable(body: Readable | AsyncIterable<Uint8Array>): Readable {
  return body instanceof Readable ? body : Readable.from(body, { objectMode: false });
}

/**
 * A pass-through that hashes and counts the bytes; `onEnd` runs before the stream ends and may
 * return an error to fail the stream instead (checksum verification).
 */
export function hashingTap(onEnd?: (sha256: string, size: number) => Error | undefined): Transform & { digest(): { sha256: string; size: number } } {
  const hash: Hash = createHash('sha256');
  let size = 0;
  let result: { sha256: string; size: number } | undefined;
  const t = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      size += chunk.length;
      cb(null, chunk);
    },
    flush(cb) {
      result = { sha256: hash.digest('hex'), size };
      cb(onEnd?.(result.sha256, result.size) ?? null);
    },
  }) as Transform & { digest(): { sha256: string; size: number } };
  t.digest = () => {
    if (!result) throw new Error('stream not finished');
    return result;
  };
  return t;
}
