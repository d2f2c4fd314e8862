import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { createLogger } from '@emosweep/common';

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

async function choose(preferred: BackendName | undefined): Promise<BackendName> {
  const order: BackendName[] = preferred ? [preferred] : ['tensorflow', 'wasm', 'cpu'];
  const failures: string[] = [];
  for (const name of order) {
    const problem = await tryBackend(name);
    if (!problem) {
      if (failures.length) log.warn({ backend: name, failures }, `TensorFlow.js backend: ${name} (${failures.join('; ')})`);
      else log.info({ backend: name }, `TensorFlow.js backend: ${name}`);
      return name;
    }
    failures.push(`${name} unavailable: ${problem}`);
  }
  throw new Error(`EMOSWEEP_BACKEND=${preferred}: ${failures.join('; ')}`);
}

export { tf };
