/**
 * `emosweep token create|list|revoke` and `emosweep serve`, for apps/cli/src/main.ts:
 *   import { registerServeCommand, registerTokenCommands } from '@emosweep/api/cli';
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, type Command } from 'commander';
import { InputError, loadServiceConfig } from '@emosweep/common';
import { createStore, type Store } from '@emosweep/store';

/** The store the server uses: DATABASE_URL, else the embedded default's PGlite folder. */
async function openStore(): Promise<Store> {
  const config = loadServiceConfig();
  if (config.databaseUrl) return createStore({ databaseUrl: config.databaseUrl });
  return createStore({ embedded: { dir: path.join(config.dataDir, 'embedded', 'pglite') } });
}

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function role(value: string): 'viewer' | 'operator' {
  if (value !== 'viewer' && value !== 'operator') throw new InvalidArgumentError('expected viewer or operator');
  return value;
}

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('API tokens (stored hashed; a secret is shown once, when it is created)');
  token
    .command('create')
    .description('create a token for the GraphQL API')
    .requiredOption('--role <role>', 'viewer (queries, subscriptions) or operator (also mutations)', role)
    .option('--name <name>', 'what the token is for', '')
    .option('--json', 'print {"token": …} as JSON')
    .action(async (o: { role: 'viewer' | 'operator'; name: string; json?: boolean }) => {
      const { token: row, secret } = await withStore((s) => s.tokens.create({ name: o.name || `${o.role} token`, role: o.role }));
      if (o.json) process.stdout.write(`${JSON.stringify({ token: secret, id: row.id, name: row.name, role: row.role })}\n`);
      else {
        process.stdout.write(`${secret}\n`);
        process.stderr.write(`${o.role} token ${row.id} ("${row.name}"): shown once; send it as "Authorization: Bearer <token>"\n`);
      }
    });
  token
    .command('list')
    .description('list live tokens (never their secrets)')
    .option('--all', 'include revoked tokens')
    .option('--json', 'JSON output')
    .action(async (o: { all?: boolean; json?: boolean }) => {
      const rows = await withStore((s) => s.tokens.list({ includeRevoked: o.all }));
      const out = rows.map((t) => ({ id: t.id, name: t.name, role: t.role, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt, revokedAt: t.revokedAt }));
      if (o.json) process.stdout.write(`${JSON.stringify(out)}\n`);
      else for (const t of out) process.stdout.write(`${t.id}  ${t.role.padEnd(8)}  ${t.name}${t.revokedAt ? '  (revoked)' : ''}\n`);
    });
  token
    .command('revoke <id>')
    .description('revoke a token (its requests are refused from now on)')
    .action(async (id: string) => {
      await withStore(async (s) => {
        try {
          await s.tokens.revoke(id);
        } catch (e) {
          if ((e as Error).name === 'NotFoundError' || /uuid/i.test((e as Error).message)) throw new InputError(id, 'no such token');
          throw e;
        }
      });
      process.stderr.write(`revoked ${id}\n`);
    });
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number');
  return n;
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** The API's sources use legacy (parameter) decorators: they must be compiled with apps/api/tsconfig.json. */
export const API_TSCONFIG = path.resolve(here, '../../tsconfig.json');
const MAIN = path.resolve(here, '../main.ts');

/**
 * Runs `emosweep serve` in a child process: tsx compiles each file with the tsconfig it found at
 * start-up (the CLI's is the repository root's, which matches no file), and NestJS needs
 * `experimentalDecorators`, so the server runs under TSX_TSCONFIG_PATH=apps/api/tsconfig.json.
 * Signals are forwarded; the exit code is the server's.
 */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the GraphQL API (and, unless --no-worker, a sweep worker) on 127.0.0.1:${PORT:-4000}')
    .option('--port <port>', 'port (default: $PORT or 4000)', port)
    .option('--host <host>', 'address to listen on (default: $HOST or 127.0.0.1)')
    .option('--no-worker', 'do not run a sweep worker in this process (use separate workers)')
    .option('--concurrency <n>', 'folds the in-process worker trains at once', (v) => Math.max(1, Number(v) || 1), 1)
    .action(async (o: { port?: number; host?: string; worker: boolean; concurrency: number }) => {
      const argv = [
        ...(o.port !== undefined ? ['--port', String(o.port)] : []),
        ...(o.host ? ['--host', o.host] : []),
        ...(o.worker ? [] : ['--no-worker']),
        '--concurrency',
        String(o.concurrency),
      ];
      const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), MAIN, ...argv], {
        stdio: 'inherit',
        env: { ...process.env, TSX_TSCONFIG_PATH: API_TSCONFIG },
      });
      const forward = (signal: NodeJS.Signals) => child.kill(signal);
      process.on('SIGINT', forward);
      process.on('SIGTERM', forward);
      const code = await new Promise<number>((resolve) => child.once('exit', (c, signal) => resolve(c ?? (signal ? 128 + 2 : 1))));
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      process.exitCode = code;
    });
}
