import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/**
 * Long-lived Python peers (PyTorch, Keras) for the training benchmark: one process per framework,
 * imported once, asked for one measurement at a time so the contenders run one after another
 * (never concurrently) and interleave with tfjs. The venv comes from scripts/dev-venv.sh.
 */

export type PeerName = 'torch' | 'keras';

export interface PeerRequest {
  op: 'train' | 'infer' | 'matmul';
  seq?: number;
  dims?: number;
  batch?: number;
  classes?: number;
  units?: number;
  hidden?: number;
  seconds: number;
  minSteps: number;
  warmup: number;
  n?: number;
  /** PyTorch only: torch.set_num_threads for this request (default: all cores). */
  threads?: number;
}

export interface PeerResult {
  samplesPerSec?: number;
  gflops?: number;
  steps?: number;
  seconds?: number;
  loss?: number;
  params?: number;
  version?: string;
  error?: string;
}

const here = dirname(fileURLToPath(import.meta.url));

/** The peers choose their own threads: never pass our OpenMP settings on. */
function withoutOmp(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { OMP_NUM_THREADS: _omp, ...rest } = env;
  return rest;
}

export function venvPython(): string {
  const venv = process.env.EMOSWEEP_VENV ?? join(homedir(), '.cache', 'emosweep', 'venv');
  return join(venv, 'bin', 'python');
}

export class Peer {
  private proc?: ChildProcessWithoutNullStreams;
  private lines?: AsyncIterator<string>;
  /** Why the peer cannot run (set when it is unavailable). */
  unavailable?: string;
  version?: string;

  constructor(readonly name: PeerName) {}

  async start(timeoutMs = 120_000): Promise<void> {
    const python = venvPython();
    if (!existsSync(python)) {
      this.unavailable = `no Python venv at ${python} (bash scripts/dev-venv.sh --torch --keras)`;
      return;
    }
    const proc = spawn(python, [join(here, 'peers', 'v1_peer.py'), this.name], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...withoutOmp(process.env), TF_CPP_MIN_LOG_LEVEL: '2' },
    });
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    this.proc = proc;
    this.lines = createInterface({ input: proc.stdout })[Symbol.asyncIterator]();
    const first = await this.next(timeoutMs);
    if (!first || first.error || !(first as { ready?: boolean }).ready) {
      this.unavailable = first?.error ?? `peer did not start: ${stderr.trim().split('\n').slice(-3).join(' | ')}`;
      this.stop();
      return;
    }
    this.version = first.version;
  }

  private async next(timeoutMs: number): Promise<(PeerResult & { ready?: boolean }) | undefined> {
    if (!this.lines) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
    try {
      const r = await Promise.race([this.lines.next(), timeout]);
      if (!r || r.done) return undefined;
      return JSON.parse(r.value);
    } finally {
      clearTimeout(timer);
    }
  }

  async ask(req: PeerRequest): Promise<PeerResult> {
    if (this.unavailable || !this.proc) return { error: this.unavailable ?? 'not started' };
    this.proc.stdin.write(JSON.stringify(req) + '\n');
    const r = await this.next(Math.max(120_000, req.seconds * 1000 * 10));
    return r ?? { error: 'no answer from the peer (crashed or timed out)' };
  }

  stop(): void {
    if (this.proc && this.proc.exitCode === null) {
      this.proc.stdin.end(JSON.stringify({ op: 'quit' }) + '\n');
      const p = this.proc;
      setTimeout(() => p.exitCode === null && p.kill(), 2000).unref();
    }
    this.proc = undefined;
  }
}
