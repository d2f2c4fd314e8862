import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/main.ts');

async function start(env: NodeJS.ProcessEnv) {
  try {
    await promisify(execFile)(process.execPath, ['--import', 'tsx', main], { env: { PATH: process.env.PATH, ...env }, timeout: 60_000 });
    return { code: 0, stderr: '' };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

describe('worker process', () => {
  it('refuses to start without the services it needs, naming them', async () => {
    const r = await start({});
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('TEMPORAL_ADDRESS and DATABASE_URL');
  });
  it('refuses an unknown device', async () => {
    const r = await start({ EMOSWEEP_WORKER_DEVICE: 'tpu' });
    expect(r.stderr).toContain('EMOSWEEP_WORKER_DEVICE: "tpu" is not one of cpu, gpu');
  });
  it('names an unreachable database', async () => {
    const r = await start({ TEMPORAL_ADDRESS: '127.0.0.1:1', DATABASE_URL: 'postgresql://x:y@127.0.0.1:1/db' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/PostgreSQL.*127\.0\.0\.1:1/);
  });
});
