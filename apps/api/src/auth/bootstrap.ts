import fs from 'node:fs/promises';
import path from 'node:path';
import type { Store } from '@emosweep/store';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.');
}

/**
 * The first start on loopback creates an operator token when the database has none, and saves it in
 * `file` (mode 0600), so the embedded default stays one command. Returns what it did, for the
 * start-up message; never prints the secret itself.
 */
export async function ensureBootstrapToken(store: Store, file: string, host: string): Promise<{ file: string; created: boolean } | null> {
  if (!isLoopback(host)) return null;
  const existing = await fs.readFile(file, 'utf8').catch(() => null);
  if (existing && (await store.tokens.verify(existing.trim()))) return { file, created: false };
  if ((await store.tokens.list()).length > 0) return null;
  const { secret } = await store.tokens.create({ name: 'bootstrap (first start on loopback)', role: 'operator' });
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `${secret}\n`, { mode: 0o600 });
  return { file, created: true };
}
