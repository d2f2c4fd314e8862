import { createHash, randomBytes } from 'node:crypto';
import type { ApiToken, PrismaClient, TokenRole } from '../generated/prisma/client.js';
import { NotFoundError } from '../errors.js';

/** Secrets look like `esw_<43 base64url chars>` (256 random bits). */
const PREFIX = 'esw_';

export class TokenRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** sha256 (hex) of a secret: what the table stores. */
  static hash(secret: string): string {
    return createHash('sha256').update(secret, 'utf8').digest('hex');
  }

  /** Creates a token. The secret is returned once and never stored. */
  async create(input: { name: string; role: TokenRole }): Promise<{ token: ApiToken; secret: string }> {
    const secret = PREFIX + randomBytes(32).toString('base64url');
    const token = await this.prisma.apiToken.create({ data: { name: input.name, role: input.role, hash: TokenRepository.hash(secret) } });
    return { token, secret };
  }

  /** The live (not revoked) token for a secret, or null; stamps lastUsedAt (at most once a minute). */
  async verify(secret: string): Promise<ApiToken | null> {
    if (!secret.startsWith(PREFIX)) return null;
    const token = await this.prisma.apiToken.findUnique({ where: { hash: TokenRepository.hash(secret) } });
    if (!token || token.revokedAt) return null;
    const now = new Date();
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > 60_000) {
      await this.prisma.apiToken.updateMany({ where: { id: token.id }, data: { lastUsedAt: now } });
      token.lastUsedAt = now;
    }
    return token;
  }

  /** Revokes a token (idempotent: the first revocation time is kept). */
  async revoke(id: string): Promise<ApiToken> {
    await this.prisma.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    const t = await this.get(id);
    if (!t) throw new NotFoundError('api token', id);
    return t;
  }

  get(id: string): Promise<ApiToken | null> {
    return this.prisma.apiToken.findUnique({ where: { id } });
  }

  list(opts: { includeRevoked?: boolean } = {}): Promise<ApiToken[]> {
    return this.prisma.apiToken.findMany({ where: opts.includeRevoked ? {} : { revokedAt: null }, orderBy: { createdAt: 'asc' } });
  }
}
