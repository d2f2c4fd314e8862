/**
 * The API server process: `emosweep serve` runs it (see cli/token.ts), as does `npm run -w @emosweep/api start`.
 * Options: --port, --host, --no-worker, --concurrency.
 */
import { Command, InvalidArgumentError } from 'commander';
import { serve } from './serve.js';

const program = new Command('emosweep-serve')
  .option('--port <port>', 'port (default: $PORT or 4000)', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number');
    return n;
  })
  .option('--host <host>', 'address to listen on (default: $HOST or 127.0.0.1)')
  .option('--no-worker', 'do not run a sweep worker in this process')
  .option('--concurrency <n>', 'folds the in-process worker trains at once', (v) => Math.max(1, Number(v) || 1), 1)
  .parse();
const o = program.opts<{ port?: number; host?: string; worker: boolean; concurrency: number }>();

try {
  const server = await serve({ port: o.port, host: o.host, worker: o.worker, concurrency: o.concurrency });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: shutting down\n`);
    server.close().then(
      () => process.exit(0),
      (e) => {
        process.stderr.write(`shutdown failed: ${(e as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (e) {
  const err = e as Error;
  const known = ['ServiceUnavailableError', 'InputError'].includes(err.name) || (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
  process.stderr.write(`emosweep serve: ${known ? err.message : (err.stack ?? err.message)}\n`);
  process.exit(2);
}
