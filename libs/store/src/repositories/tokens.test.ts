import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing.js';
import { TokenRepository } from './tokens.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.drop());

describe('TokenRepository', () => {
  it('stores only the hash; verifies, stamps lastUsedAt, revokes', async () => {
    const { token, secret } = await db.store.tokens.create({ name: 'console', role: 'viewer' });
    expect(secret).toMatch(/^esw_[A-Za-z0-9_-]{43}$/);
    expect(token.hash).toBe(TokenRepository.hash(secret));
    expect(JSON.stringify(await db.store.prisma.apiToken.findMany())).not.toContain(secret);
    const v = await db.store.tokens.verify(secret);
    expect(v).toMatchObject({ id: token.id, role: 'viewer' });
    expect(v!.lastUsedAt).toBeInstanceOf(Date);
    expect(await db.store.tokens.verify(`${secret}x`)).toBeNull();
    expect(await db.store.tokens.verify('nope')).toBeNull();
    const r1 = await db.store.tokens.revoke(token.id);
    const r2 = await db.store.tokens.revoke(token.id);
    expect(r2.revokedAt).toEqual(r1.revokedAt);
    expect(await db.store.tokens.verify(secret)).toBeNull();
    expect(await db.store.tokens.list()).toEqual([]);
    expect(await db.store.tokens.list({ includeRevoked: true })).toHaveLength(1);
  });

  it('role is an enum: anything but viewer/operator is rejected', async () => {
    await expect(db.store.tokens.create({ name: 'x', role: 'admin' as 'viewer' })).rejects.toThrow();
    await expect(db.store.prisma.$executeRawUnsafe(`INSERT INTO "ApiToken" (name, hash, role) VALUES ('x', 'h', 'admin')`)).rejects.toThrow(/invalid input value for enum/);
  });
});
