import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Inject, Injectable, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { ArtifactStore } from '@emosweep/store';
import { ARTIFACTS } from '../core/tokens.js';

/**
 * Short-lived download links for artifact stores that cannot presign (the embedded default's folder):
 * `/artifacts/<payload>.<hmac>`, signed with a key that lives as long as this process.
 * S3/MinIO stores get presigned S3 URLs instead (see CheckpointsService).
 */
@Injectable()
export class ArtifactLinks {
  private readonly key = randomBytes(32);

  sign(objectKey: string, ttlSec: number): { path: string; expiresAt: Date } {
    const expiresAt = new Date(Date.now() + ttlSec * 1000);
    const payload = Buffer.from(JSON.stringify({ k: objectKey, e: expiresAt.getTime() })).toString('base64url');
    return { path: `/artifacts/${payload}.${this.mac(payload)}`, expiresAt };
  }

  /** The object key of a valid, unexpired token, else null. */
  verify(token: string): string | null {
    const [payload, mac] = token.split('.');
    if (!payload || !mac) return null;
    const want = Buffer.from(this.mac(payload));
    const got = Buffer.from(mac);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
    try {
      const { k, e } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { k: string; e: number };
      return Date.now() <= e ? k : null;
    } catch {
      return null;
    }
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

@Controller('artifacts')
export class ArtifactLinksController {
  constructor(
    @Inject(ArtifactLinks) private readonly links: ArtifactLinks,
    @Inject(ARTIFACTS) private readonly artifacts: ArtifactStore,
  ) {}

  @Get(':token')
  async download(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const key = this.links.verify(token);
    if (!key) {
      res.status(403).json({ error: 'link invalid or expired' });
      return;
    }
    const head = await this.artifacts.head(key);
    if (!head) {
      res.status(404).json({ error: 'object not found' });
      return;
    }
    res.setHeader('content-type', head.contentType ?? 'application/octet-stream');
    res.setHeader('content-length', String(head.size));
    res.setHeader('content-disposition', `attachment; filename="${key.split('/').pop()}"`);
    (await this.artifacts.getStream(key)).on('error', () => res.destroy()).pipe(res);
  }
}
