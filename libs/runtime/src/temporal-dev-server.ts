import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { repoRoot, ServiceUnavailableError } from '@emosweep/common';

export interface DevServer {
  address: string;
  stop(): Promise<void>;
}

/** The `temporal` CLI: TEMPORAL_CLI, else the pinned build in the cache (built on first use). */
export function temporalCliPath(env = process.env): string {
  if (env.TEMPORAL_CLI) return env.TEMPORAL_CLI;
  return execFileSync('bash', [path.join(repoRoot, 'infra', 'tools.sh'), 'temporal'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a Temporal dev server for this process only (the embedded default), with the
 * latency flags from ENVIRONMENT.md, its SQLite file in `dataDir` so state survives restarts.
 */
export async function startDevServer(opts: { dataDir: string; port?: number; timeoutMs?: number }): Promise<DevServer> {
  const bin = temporalCliPath();
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const port = opts.port ?? (await freePort());
  const address = `127.0.0.1:${port}`;
  const logPath = path.join(opts.dataDir, 'temporal.log');
  const log = fs.openSync(logPath, 'a');
  const child: ChildProcess = spawn(
    bin,
    [
      'server', 'start-dev', '--headless', '--log-level', 'warn',
      '--ip', '127.0.0.1', '--port', String(port),
      '--db-filename', path.join(opts.dataDir, 'temporal.db'),
      '--dynamic-config-value', 'history.transferProcessorMaxPollRPS=10000',
      '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal',
    ],
    { stdio: ['ignore', log, log] },
  );
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    if (exited) throw new ServiceUnavailableError('Temporal dev server', address, `exited during start-up (log: ${logPath})`);
    try {
      const c = await Connection.connect({ address, connectTimeout: '1s' });
      await c.close();
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new ServiceUnavailableError('Temporal dev server', address, `not serving after ${opts.timeoutMs ?? 30_000} ms (log: ${logPath})`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  return {
    address,
    async stop() {
      if (exited) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([done, new Promise((r) => setTimeout(r, 10_000))]);
      if (!exited) child.kill('SIGKILL');
    },
  };
}
