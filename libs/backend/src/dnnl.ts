import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createLogger } from '@emosweep/common';

/**
 * oneDNN's fused LSTM primitive (Debian libdnnl-dev 2.6) as a small N-API addon
 * (libs/backend/native/dnnl-lstm, built by infra/native-tfjs.sh into
 * node_modules/.emosweep/dnnl-lstm). One call runs the whole sequence forward (training, keeping a
 * workspace, or inference) and one the whole backward pass, on host Float32Arrays in tfjs's own
 * layouts (x [N, T, C], kernel [C, 4U], recurrent kernel [U, 4U], bias [4U], gates i, f, c, o).
 *
 * EMOSWEEP_LSTM_KERNEL=tensorflow disables it (FusedLSTM then uses TensorFlow's BlockLSTM ops);
 * EMOSWEEP_DNNL_LSTM=<path to dnnl_lstm.node> points at another build.
 *
 * Threads: Debian's oneDNN runs on OpenMP, whose barriers collapse when another thread wants the
 * same core — TensorFlow's own thread pool in this very process, or any other process: on the
 * 2-core dev machine with other work running, 2 OpenMP threads gave 60–300 V1 samples/s and one
 * thread ≈ 1,700. So the addon runs ONE OpenMP thread unless EMOSWEEP_DNNL_THREADS (or
 * OMP_NUM_THREADS) says otherwise, or setDnnlThreads(n) at run time; try <cores> on a dedicated,
 * idle worker.
 */

/** The context of one training forward pass; give it to backward() exactly once. */
export type DnnlLstmContext = object & { readonly __dnnlLstmContext: unique symbol };

export interface DnnlLstmKernel {
  /** forward_inference; writes h at each sequence's last valid step into out [N, U]. */
  infer(x: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array, bias: Float32Array, lengths: Int32Array | null, out: Float32Array): void;
  /** forward_training; like infer, and returns the context backward() needs. */
  forward(x: Float32Array, kernel: Float32Array, recurrentKernel: Float32Array, bias: Float32Array, lengths: Int32Array | null, out: Float32Array): DnnlLstmContext;
  /** Gradients for dy = dL/d(out) [N, U]: dx [N, T, C], dKernel, dRecurrentKernel, dBias (overwritten). */
  backward(ctx: DnnlLstmContext, dy: Float32Array, dx: Float32Array, dKernel: Float32Array, dRecurrentKernel: Float32Array, dBias: Float32Array): void;
}

interface Addon {
  Kernel: new (T: number, N: number, C: number, U: number) => DnnlLstmKernel;
  dnnlVersion: string;
  setThreads(n: number): void;
  getThreads(): number;
}

const log = createLogger('backend');
const require = createRequire(import.meta.url);
let loaded: { addon?: Addon; problem?: string } | undefined;

/** Where infra/native-tfjs.sh builds the addon. */
export function dnnlAddonPath(): string {
  if (process.env.EMOSWEEP_DNNL_LSTM) return process.env.EMOSWEEP_DNNL_LSTM;
  let nodeModules: string;
  try {
    nodeModules = dirname(dirname(dirname(require.resolve('@tensorflow/tfjs/package.json'))));
  } catch {
    nodeModules = join(process.cwd(), 'node_modules');
  }
  return join(nodeModules, '.emosweep', 'dnnl-lstm', 'build', 'Release', 'dnnl_lstm.node');
}

function load(): { addon?: Addon; problem?: string } {
  if (loaded) return loaded;
  if (process.env.EMOSWEEP_LSTM_KERNEL === 'tensorflow') {
    loaded = { problem: 'disabled by EMOSWEEP_LSTM_KERNEL=tensorflow' };
    return loaded;
  }
  const path = dnnlAddonPath();
  if (!existsSync(path)) {
    loaded = { problem: `not built (${path} missing; bash infra/native-tfjs.sh builds it when libdnnl-dev is installed)` };
    return loaded;
  }
  // libgomp reads OMP_NUM_THREADS when it is loaded (with the addon), not later; the variable is
  // put back afterwards so that child processes (e.g. PyTorch peers) do not inherit it.
  const before = process.env.OMP_NUM_THREADS;
  const threads = Number(process.env.EMOSWEEP_DNNL_THREADS ?? before ?? '1');
  process.env.OMP_NUM_THREADS = String(threads);
  try {
    const addon = require(path) as Addon;
    loaded = { addon };
    log.info({ path, dnnl: addon.dnnlVersion, threads }, `oneDNN ${addon.dnnlVersion} LSTM kernel loaded`);
  } catch (err) {
    loaded = { problem: `does not load: ${(err as Error).message.split('\n')[0]}` };
    log.warn({ path, err: loaded.problem }, `oneDNN LSTM addon ${loaded.problem}`);
  } finally {
    if (before === undefined) delete process.env.OMP_NUM_THREADS;
    else process.env.OMP_NUM_THREADS = before;
  }
  return loaded;
}

/** oneDNN's version when the addon loads, else undefined. */
export function dnnlVersion(): string | undefined {
  return load().addon?.dnnlVersion;
}

/** OpenMP threads the oneDNN kernel runs, or undefined when it is not loaded. */
export function dnnlThreads(): number | undefined {
  return load().addon?.getThreads();
}

/** Sets the oneDNN kernel's OpenMP threads for the following calls (no-op when it is not loaded). */
export function setDnnlThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`setDnnlThreads: needs a positive integer, got ${n}`);
  load().addon?.setThreads(n);
}

/** Why the oneDNN LSTM kernel is not available (undefined when it is). */
export function dnnlUnavailable(): string | undefined {
  return load().problem;
}

const kernels = new Map<string, DnnlLstmKernel>();

/** A kernel for these shapes (primitives are created once per shape and cached), or undefined. */
export function dnnlLstmKernel(T: number, N: number, C: number, U: number): DnnlLstmKernel | undefined {
  const addon = load().addon;
  if (!addon) return undefined;
  const key = `${T},${N},${C},${U}`;
  let k = kernels.get(key);
  if (!k) {
    k = new addon.Kernel(T, N, C, U);
    kernels.set(key, k);
  }
  return k;
}
