import * as tf from '@tensorflow/tfjs';

/**
 * Direct access to TensorFlow ops through tfjs-node's binding, for the few places (fused recurrent
 * kernels) where one TensorFlow op replaces hundreds of tfjs kernels. Only meaningful when the
 * active backend is `tensorflow`.
 */

/** Output metadata the binding returns for each op output. */
interface NativeTensorMeta {
  id: number;
  shape: number[];
  dtype: number;
}

/** The parts of tfjs-node's N-API binding used here. */
export interface NativeBinding {
  executeOp(name: string, attrs: NativeOpAttr[], inputIds: number[], numOutputs: number): NativeTensorMeta[];
  createTensor(shape: number[], dtype: number, values: Int32Array | Float32Array | Uint8Array): number;
  deleteTensor(id: number): void;
  TF_Version: string;
  TF_FLOAT: number;
  TF_INT32: number;
  TF_INT64: number;
  TF_ATTR_TYPE: number;
  TF_ATTR_BOOL: number;
  TF_ATTR_FLOAT: number;
  TF_ATTR_INT: number;
}

/** The parts of tfjs-node's NodeJSKernelBackend used here. */
export interface NativeBackend {
  binding: NativeBinding;
  getInputTensorIds(tensors: tf.Tensor[]): number[];
  createOutputTensor(meta: NativeTensorMeta): tf.Tensor;
}

export interface NativeOpAttr {
  name: string;
  type: number;
  value: unknown;
}

/** tfjs-node's backend object when `tensorflow` is the active backend, else undefined. */
export function nativeBackend(): NativeBackend | undefined {
  if (tf.getBackend() !== 'tensorflow') return undefined;
  const backend = tf.backend() as unknown as Partial<NativeBackend>;
  return backend.binding && typeof backend.binding.executeOp === 'function' ? (backend as NativeBackend) : undefined;
}

function requireNative(what: string): NativeBackend {
  const b = nativeBackend();
  if (!b) {
    throw new Error(
      `${what} needs the native 'tensorflow' backend (tfjs-node built by infra/native-tfjs.sh); ` +
        `the active backend is '${tf.getBackend()}'`,
    );
  }
  return b;
}

/** Attribute builders for {@link runNativeOp}. */
export const nativeAttr = {
  dtype(name: string, dtype: 'float32' | 'int32' = 'float32'): NativeOpAttr {
    const b = requireNative('nativeAttr').binding;
    return { name, type: b.TF_ATTR_TYPE, value: dtype === 'float32' ? b.TF_FLOAT : b.TF_INT32 };
  },
  bool(name: string, value: boolean): NativeOpAttr {
    return { name, type: requireNative('nativeAttr').binding.TF_ATTR_BOOL, value };
  },
  float(name: string, value: number): NativeOpAttr {
    return { name, type: requireNative('nativeAttr').binding.TF_ATTR_FLOAT, value };
  },
  int(name: string, value: number): NativeOpAttr {
    return { name, type: requireNative('nativeAttr').binding.TF_ATTR_INT, value };
  },
};

/** An int64 scalar op input (tfjs has no int64 dtype). */
export interface Int64Input {
  int64: number;
}

// int64 scalars are cached per value for the life of the process (a handful of sequence lengths).
// (There is one tfjs-node binding per process.)
const int64Ids = new Map<number, number>();

function int64Id(b: NativeBinding, value: number): number {
  let id = int64Ids.get(value);
  if (id === undefined) {
    if (!Number.isInteger(value) || Math.abs(value) > 0x7fffffff) throw new Error(`int64 input out of range: ${value}`);
    id = b.createTensor([], b.TF_INT64, new Int32Array([value, value < 0 ? -1 : 0]));
    int64Ids.set(value, id);
  }
  return id;
}

/**
 * Runs one TensorFlow op eagerly and returns its outputs as tfjs tensors (tracked by the engine,
 * so tidy/dispose work as usual). Like the backend's executeMultipleOutputs, plus int64 scalar
 * inputs without leaking their TensorFlow handles.
 */
export function runNativeOp(
  name: string,
  attrs: NativeOpAttr[],
  inputs: Array<tf.Tensor | Int64Input>,
  numOutputs: number,
): tf.Tensor[] {
  const backend = requireNative(name);
  const ids: number[] = [];
  for (const input of inputs) {
    if (input instanceof tf.Tensor) ids.push(backend.getInputTensorIds([input])[0]);
    else ids.push(int64Id(backend.binding, input.int64));
  }
  const meta = backend.binding.executeOp(name, attrs, ids, numOutputs);
  return meta.map((m) => backend.createOutputTensor(m));
}

/**
 * Counts the kernels `fn` dispatches: on `tensorflow`, the TensorFlow ops executed through the
 * binding (every tfjs kernel plus direct ops such as the fused LSTM); elsewhere, the tfjs kernels
 * the engine runs. This is the per-op overhead count the training benchmarks report.
 */
export async function countKernels<T>(fn: () => T | Promise<T>): Promise<{ kernels: number; result: T }> {
  const native = nativeBackend();
  if (native) {
    // The binding's properties are read-only (N-API exports): count through an object that
    // inherits from it and shadows executeOp.
    const original = native.binding;
    let kernels = 0;
    const executeOp: NativeBinding['executeOp'] = (...args) => {
      kernels++;
      return original.executeOp(...args);
    };
    native.binding = Object.create(original, { executeOp: { value: executeOp } }) as NativeBinding;
    try {
      const result = await fn();
      return { kernels, result };
    } finally {
      native.binding = original;
    }
  }
  let result!: T;
  const info = await tf.profile(async () => {
    result = await fn();
    return [] as tf.Tensor[];
  });
  return { kernels: info.kernels.length, result };
}
