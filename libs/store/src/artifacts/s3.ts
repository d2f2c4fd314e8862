import { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ServiceUnavailableError } from '@emosweep/common';
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

export interface S3Config {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region?: string;
  /** Multipart part size in bytes (default 8 MiB; S3's minimum is 5 MiB). */
  partSize?: number;
  /** Parts uploaded in parallel (default 4). */
  queueSize?: number;
}

/** The object metadata key holding the sha256 (sent as the `x-amz-meta-sha256` header). */
export const SHA256_META = 'sha256';
const MAX_COPY = 5 * 1024 ** 3;
const COPY_PART = 512 * 1024 ** 2;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);

function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name === 'NotFound' || err?.name === 'NoSuchKey' || err?.$metadata?.httpStatusCode === 404;
}

/** S3 (MinIO in development): path-style addressing, streaming multipart uploads, sha256 in metadata. */
export class S3ArtifactStore implements ArtifactStore {
  readonly kind = 's3' as const;
  readonly location: string;
  readonly client: S3Client;
  private readonly bucket: string;
  private readonly partSize: number;
  private readonly queueSize: number;

  constructor(private readonly config: S3Config) {
    this.bucket = config.bucket;
    this.location = `${config.endpoint.replace(/\/$/, '')}/${config.bucket}`;
    this.partSize = Math.max(config.partSize ?? 8 * 1024 ** 2, 5 * 1024 ** 2);
    this.queueSize = config.queueSize ?? 4;
    this.client = new S3Client({
      endpoint: config.endpoint,
      region: config.region ?? 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 3_000, requestTimeout: 120_000 },
    });
  }

  /** Turns network failures into ServiceUnavailableError naming MinIO/S3 and the address. */
  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw this.mapError(what, e);
    }
  }

  private mapError(what: string, e: unknown): unknown {
    if (e instanceof ChecksumMismatchError || e instanceof ArtifactNotFoundError || e instanceof ServiceUnavailableError) return e;
    const err = e as { code?: string; name?: string; message?: string; errors?: Array<{ code?: string }> };
    const code = err?.code ?? err?.errors?.[0]?.code;
    if ((code && NETWORK_CODES.has(code)) || err?.name === 'TimeoutError' || err?.name === 'AggregateError') {
      return new ServiceUnavailableError('MinIO/S3', this.config.endpoint, `${what} failed: ${code ?? err?.name} ${err?.message ?? ''}`.trim() + ' — start it with `npm run infra:up`');
    }
    if (err?.name === 'NoSuchBucket') {
      return new ServiceUnavailableError('MinIO/S3', this.config.endpoint, `bucket ${this.bucket} does not exist (\`npm run infra:up\` creates it)`);
    }
    if (e instanceof S3ServiceException && (e.name === 'InvalidAccessKeyId' || e.name === 'SignatureDoesNotMatch' || e.name === 'AccessDenied')) {
      return new ServiceUnavailableError('MinIO/S3', this.config.endpoint, `${what}: ${e.name}: check S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY`);
    }
    return e;
  }

  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (e) {
      // HEAD has no error body: a 404 is the bucket missing, a 403 bad credentials
      const status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404) throw this.mapError('HeadBucket', Object.assign(new Error('NoSuchBucket'), { name: 'NoSuchBucket' }));
      if (status === 403) throw this.mapError('HeadBucket', Object.assign(new S3ServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: {} }), {}));
      throw this.mapError('HeadBucket', e);
    }
  }

  async put(key: string, body: ArtifactBody, opts: PutOptions = {}): Promise<PutResult> {
    validateKey(key);
    const metadata = { ...(opts.metadata ?? {}) };
    if (body instanceof Uint8Array) {
      const sha256 = sha256Hex(body);
      if (opts.sha256 && opts.sha256 !== sha256) throw new ChecksumMismatchError(key, opts.sha256, sha256);
      await this.upload(key, body, { ...metadata, [SHA256_META]: sha256 }, opts.contentType);
      return { key, sha256, size: body.byteLength };
    }
    // A stream: hash it on the way up. With a known checksum it goes into the metadata at once
    // (a mismatch fails the stream, so the multipart upload is aborted); otherwise the metadata is
    // set when the hash is known, by copying the object onto itself (server-side, no re-upload).
    const tap = hashingTap((actual) => (opts.sha256 && actual !== opts.sha256 ? new ChecksumMismatchError(key, opts.sha256, actual) : undefined));
    const source = toReadable(body);
    const piped = pipeline(source, tap, () => {});
    if (opts.sha256) {
      await this.upload(key, piped, { ...metadata, [SHA256_META]: opts.sha256 }, opts.contentType);
      const { size } = tap.digest();
      return { key, sha256: opts.sha256, size };
    }
    await this.upload(key, piped, metadata, opts.contentType);
    const { sha256, size } = tap.digest();
    await this.replaceMetadata(key, size, { ...metadata, [SHA256_META]: sha256 }, opts.contentType);
    return { key, sha256, size };
  }

  private async upload(key: string, body: Uint8Array | Readable, metadata: Record<string, string>, contentType?: string): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, Metadata: metadata, ContentType: contentType ?? 'application/octet-stream' },
      partSize: this.partSize,
      queueSize: this.queueSize,
      leavePartsOnError: false,
    });
    await this.call(`upload ${key}`, () => upload.done());
  }

  private async replaceMetadata(key: string, size: number, metadata: Record<string, string>, contentType?: string): Promise<void> {
    const ContentType = contentType ?? 'application/octet-stream';
    if (size <= MAX_COPY) {
      await this.call(`set metadata of ${key}`, () =>
        this.client.send(
          new CopyObjectCommand({ Bucket: this.bucket, Key: key, CopySource: copySource(this.bucket, key), MetadataDirective: 'REPLACE', Metadata: metadata, ContentType }),
        ),
      );
      return;
    }
    // Over CopyObject's 5 GiB limit: a multipart copy onto itself.
    const { UploadId } = await this.call('create multipart copy', () =>
      this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, Metadata: metadata, ContentType })),
    );
    try {
      const parts: { ETag: string; PartNumber: number }[] = [];
      for (let start = 0, n = 1; start < size; start += COPY_PART, n++) {
        const end = Math.min(start + COPY_PART, size) - 1;
        const out = await this.call('upload part copy', () =>
          this.client.send(
            new UploadPartCopyCommand({ Bucket: this.bucket, Key: key, UploadId, PartNumber: n, CopySource: copySource(this.bucket, key), CopySourceRange: `bytes=${start}-${end}` }),
          ),
        );
        parts.push({ ETag: out.CopyPartResult!.ETag!, PartNumber: n });
      }
      await this.call('complete multipart copy', () =>
        this.client.send(new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } })),
      );
    } catch (e) {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId })).catch(() => {});
      throw e;
    }
  }

  private async open(key: string): Promise<{ body: Readable; expected: string | null; size: number | undefined }> {
    validateKey(key);
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return { body: res.Body as Readable, expected: res.Metadata?.[SHA256_META] ?? null, size: res.ContentLength };
    } catch (e) {
      if (isNotFound(e)) throw new ArtifactNotFoundError(key, this.location);
      throw this.mapError(`get ${key}`, e);
    }
  }

  async get(key: string): Promise<Uint8Array> {
    const { body, expected } = await this.open(key);
    const chunks: Buffer[] = [];
    const tap = hashingTap();
    try {
      for await (const chunk of body.pipe(tap)) chunks.push(chunk as Buffer);
    } catch (e) {
      throw this.mapError(`get ${key}`, e);
    }
    const { sha256 } = tap.digest();
    if (!expected || expected !== sha256) throw new ChecksumMismatchError(key, expected, sha256);
    const buf = Buffer.concat(chunks);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  async getStream(key: string): Promise<Readable> {
    const { body, expected } = await this.open(key);
    const tap = hashingTap((actual) => (!expected || expected !== actual ? new ChecksumMismatchError(key, expected, actual) : undefined));
    return pipeline(body, tap, () => {});
  }

  async head(key: string): Promise<ArtifactInfo | null> {
    validateKey(key);
    try {
      const res = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      const { [SHA256_META]: sha256, ...metadata } = res.Metadata ?? {};
      return { key, size: res.ContentLength ?? 0, sha256: sha256 ?? null, contentType: res.ContentType, lastModified: res.LastModified, metadata };
    } catch (e) {
      if (isNotFound(e)) return null;
      throw this.mapError(`head ${key}`, e);
    }
  }

  async list(prefix = ''): Promise<ListedArtifact[]> {
    const out: ListedArtifact[] = [];
    let token: string | undefined;
    do {
      const res = await this.call(`list ${prefix}`, () =>
        this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token })),
      );
      for (const o of res.Contents ?? []) out.push({ key: o.Key!, size: o.Size ?? 0, lastModified: o.LastModified });
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  async delete(key: string): Promise<void> {
    validateKey(key);
    await this.call(`delete ${key}`, () => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })));
  }

  presignGet(key: string, ttlSec: number): Promise<string> {
    validateKey(key);
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: ttlSec });
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
