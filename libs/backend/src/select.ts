import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { createLogger } from '@emosweep/common';
import { dnnlThreads, dnnlUnavailable, dnnlVersion } from './dnnl.js';
import { nativeBackend, nativeAttr, runNativeOp } from './native.js';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
const log = createLogger('backend');
const require = createRequire(import.meta.url);

let chosen: Promise<BackendName> | undefined;

/**
 * Picks the TensorFlow.js backend once per process: EMOSWEEP_BACKEND if set, else the native
 * `tensorflow` backend when tfjs-node's binding is built, else `wasm`, else `cpu`.
 */
export function initBackend(preferred = process.env.EMOSWEEP_BACKEND as BackendName | undefined): Promise<BackendName> {
  chosen ??= choose(preferred);
  return chosen;
}

export interface BackendInfo {
  /** The active TensorFlow.js backend. */
  name: BackendName;
  /** True on `tensorflow` (tfjs-node's binding on the TensorFlow C library). */
  native: boolean;
  /** Version of the TensorFlow library under the binding (native only). */
  tensorflowVersion?: string;
  /** Version of TensorFlow.js. */
  tfjsVersion: string;
  /** Whether TensorFlow's fused recurrent kernels (BlockLSTMV2 / BlockLSTMGradV2) run here. */
  fusedKernels: boolean;
  /** oneDNN's version when its LSTM addon is loaded (FusedLSTM's fastest CPU kernel). */
  onednn?: string;
  /** OpenMP threads of the oneDNN kernel. */
  onednnThreads?: number;
  /** Why the oneDNN LSTM addon is not used, when it is not. */
  onednnUnavailable?: string;
  /** The kernel FusedLSTM runs here: 'onednn', 'tensorflow' (BlockLSTMV2) or 'none' (use the reference LSTM). */
  lstmKernel: 'onednn' | 'tensorflow' | 'none';
}

let info: BackendInfo | undefined;

/** True when the active backend is the native `tensorflow` one. */
export function isNative(): boolean {
  return nativeBackend() !== undefined;
}

/** What runs: backend name, TensorFlow library version, fused kernels. Call after initBackend(). */
export function backendInfo(): BackendInfo {
  const name = tf.getBackend() as BackendName;
  if (info?.name === name) return info;
  const native = nativeBackend();
  const fusedKernels = native !== undefined && probeFusedKernels();
  const onednn = native ? dnnlVersion() : undefined;
  info = {
    name,
    native: native !== undefined,
    tensorflowVersion: native?.binding.TF_Version,
    tfjsVersion: tf.version_core,
    fusedKernels,
    onednn,
    onednnThreads: onednn ? dnnlThreads() : undefined,
    onednnUnavailable: native && !onednn ? dnnlUnavailable() : undefined,
    lstmKernel: onednn ? 'onednn' : fusedKernels ? 'tensorflow' : 'none',
  };
  return info;
}

/** Runs BlockLSTMV2 once on a tiny problem (even sizes: odd ones make TensorFlow warn): true when it has the kernel. */
function probeFusedKernels(): boolean {
  try {
    return tf.tidy(() => {
      const [T, B, D, U] = [1, 2, 2, 2];
      const state = tf.zeros([B, U]);
      const peep = tf.zeros([U]);
      const outs = runNativeOp(
        'BlockLSTMV2',
        [nativeAttr.float('cell_clip', 0), nativeAttr.bool('use_peephole', false), nativeAttr.dtype('T')],
        [{ int64: T }, tf.zeros([T, B, D]), state, state, tf.zeros([D + U, 4 * U]), peep, peep, peep, tf.zeros([4 * U])],
        7,
      );
      return outs.length === 7 && outs[6].shape.join() === [T, B, U].join();
    });
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'TensorFlow fused LSTM kernels unavailable');
    return false;
  }
}

async function tryBackend(name: BackendName): Promise<string | undefined> {
  try {
    if (name === 'tensorflow') require('@tensorflow/tfjs-node');
    if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
    if (!(await tf.setBackend(name))) return 'setBackend returned false';
    await tf.ready();
    return undefined;
  } catch (err) {
    return (err as Error).message.split('\n')[0];
  }
}

/**
 * Switches the active backend (benchmarks and tests that compare backends in one process).
 * Returns undefined on success, else why the backend is unavailable. Tensors and models made on
 * another backend should not be reused after the switch.
 */
export async function useBackend(name: BackendName): Promise<string | undefined> {
  const problem = await tryBackend(name);
  if (!problem) log.info(backendInfo(), `TensorFlow.js backend switched to ${name}`);
  return problem;
}

async function choose(preferred: BackendName | undefined): Promise<BackendName> {
  const order: BackendName[] = preferred ? [preferred] : ['tensorflow', 'wasm', 'cpu'];
  const failures: string[] = [];
  for (const name of order) {
    const problem = await tryBackend(name);
    if (!problem) {
      const i = backendInfo();
      const what = `TensorFlow.js backend: ${name}` +
        (i.native ? ` (TensorFlow ${i.tensorflowVersion}, fused LSTM kernel: ${i.lstmKernel}${i.onednn ? ` ${i.onednn}` : ''})` : '');
      if (failures.length) {
        log.warn({ ...i, failures }, `${what}; ${failures.join('; ')}` +
          (name !== 'tensorflow' ? ' (bash infra/native-tfjs.sh builds the native backend)' : ''));
      } else log.info(i, what);
      return name;
    }
    failures.push(`${name} unavailable: ${problem}`);
  }
  throw new Error(`EMOSWEEP_BACKEND=${preferred}: ${failures.join('; ')}`);
}

export { tf };
