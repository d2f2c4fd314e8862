import { Inject, Injectable } from '@nestjs/common';
import type { Store } from '@emosweep/store';
import { ApiError } from '../errors.js';
import type { Principal } from '../graphql/context.js';
import { STORE } from '../core/tokens.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Bearer tokens: the secret is looked up by its sha256 (the table never holds secrets). A missing,
 * unknown or revoked token is UNAUTHENTICATED (HTTP 401); the role is enforced per operation.
 */
@Injectable()
export class AuthService {
  constructor(@Inject(STORE) private readonly store: Store) {}

  /** `header`: the Authorization header (or graphql-ws connectionParams.authorization). */
  async authenticate(header: string | string[] | undefined | null): Promise<Principal> {
    const value = Array.isArray(header) ? header[0] : header;
    if (!value) throw new ApiError('UNAUTHENTICATED', 'missing token: send `Authorization: Bearer <token>` (create one with `emosweep token create --role viewer|operator`)');
    const m = BEARER.exec(value);
    if (!m) throw new ApiError('UNAUTHENTICATED', 'malformed Authorization header: expected `Bearer <token>`');
    const token = await this.store.tokens.verify(m[1]);
    if (!token) throw new ApiError('UNAUTHENTICATED', 'invalid or revoked token');
    return { tokenId: token.id, name: token.name, role: token.role };
  }
}
