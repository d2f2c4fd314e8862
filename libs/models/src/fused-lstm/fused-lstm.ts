import { dnnlLstmKernel, dnnlUnavailable, isNative, nativeAttr, runNativeOp, tf } from '@emosweep/backend';

/**
 * LSTM layer whose forward pass over the whole sequence is ONE TensorFlow op (`BlockLSTMV2`) and
 * whose gradient is ONE op (`BlockLSTMGradV2`), joined with `tf.customGrad`. It replaces the
 * thousands of small eager kernels tfjs-layers' LSTM runs per batch (one matmul, split,
 * activations… per time step, forward and backward) on the native `tensorflow` backend.
 *
 * Same weights as `tf.layers.lstm({ units, recurrentActivation: 'sigmoid', returnSequences:
 * false })`: `kernel` [inputDim, 4u], `recurrent_kernel` [u, 4u], `bias` [4u], gate order i, f,
 * c, o, one bias vector; weight names `<layer>/kernel`… So checkpoints move between this layer
 * and the reference one. BlockLSTMV2 uses that same IFCO gate layout (unlike BlockLSTM and
 * LSTMBlockCell, which use ICFO), so the weights are passed as they are: w = [kernel;
 * recurrent_kernel] ([inputDim + u, 4u]), no forget bias, no peephole, no cell clip.
 * Activations are fixed: sigmoid gates, tanh cell (Keras 3 / PyTorch; tfjs-layers' default
 * recurrent activation is hardSigmoid, so the reference must be built with 'sigmoid').
 *
 * Masking: pass the frame mask [batch, time] (1 = frame, 0 = padding, padding at the END of each
 * sequence) either as a second input (`layer.apply([x, mask])`) or as the Keras-style mask a
 * previous layer computes (kwargs.mask, e.g. `SequenceMask`). The output is then the hidden
 * state at each sequence's last valid step (as tfjs-layers, which carries the state over
 * padded steps), and no gradient flows from padded steps. A sequence with no valid step gives
 * zeros. Masks with holes (0 before a later 1) are not supported: the count of valid frames
 * decides the step taken.
 *
 * Kernels: where the oneDNN addon is built (infra/native-tfjs.sh with Debian's libdnnl-dev),
 * the sequence runs on oneDNN's fused LSTM primitive instead (forward_training + backward in one
 * call each, on the host copies of the tensors; same layouts, same gate order, no conversion);
 * it is several times faster than BlockLSTM on CPU. `kernel: 'tensorflow' | 'onednn'` (or
 * EMOSWEEP_LSTM_KERNEL=tensorflow) forces one. Outside a gradient tape (inference) both use their
 * inference forward and keep nothing for a backward pass.
 *
 * Only the `tensorflow` backend runs it; elsewhere `call` throws (use the reference LSTM).
 */

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Initializer = ReturnType<typeof tf.initializers.zeros>;
type InitializerId = Initializer | string | { className: string; config?: Record<string, unknown> };

export interface FusedLSTMArgs extends LayerArgs {
  units: number;
  /** Optional: checked against the input's last dimension when the layer is built. */
  inputDim?: number;
  /** Default glorotNormal (tfjs-layers' LSTM default). */
  kernelInitializer?: InitializerId;
  /** Default orthogonal. */
  recurrentInitializer?: InitializerId;
  /** Default zeros. */
  biasInitializer?: InitializerId;
  /** Forget-gate bias initialised to 1 (as tfjs-layers / Keras `unitForgetBias`). */
  unitForgetBias?: boolean;
  /** Convenience: seeds the default kernel (seed) and recurrent (seed + 1) initialisers. */
  seed?: number;
  /**
   * Which fused kernel runs the sequence: 'auto' (default: oneDNN when its addon is built, else
   * TensorFlow's BlockLSTMV2), 'onednn' or 'tensorflow'. A property of the machine, not of the
   * model: not saved in the layer's config.
   */
  kernel?: 'auto' | 'onednn' | 'tensorflow';
  // Accepted so that an LSTM config can be used as is; anything other than these values throws.
  returnSequences?: false;
  returnState?: false;
  goBackwards?: false;
  stateful?: false;
  useBias?: true;
  activation?: 'tanh';
  recurrentActivation?: 'sigmoid';
  dropout?: 0;
  recurrentDropout?: 0;
  unroll?: boolean;
  implementation?: number;
}

function toInitializer(id: InitializerId | undefined, fallback: () => Initializer): Initializer {
  if (id == null) return fallback();
  if (typeof id === 'object' && typeof (id as Initializer).apply === 'function') return id as Initializer;
  if (typeof id === 'string') {
    const factory = (tf.initializers as unknown as Record<string, (() => Initializer) | undefined>)[id];
    if (typeof factory !== 'function') throw new Error(`FusedLSTM: unknown initializer '${id}'`);
    return factory();
  }
  const { className, config = {} } = id as { className: string; config?: Record<string, unknown> };
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (!entry) throw new Error(`FusedLSTM: unknown initializer class '${className}'`);
  const [cls, fromConfig] = entry;
  return fromConfig(cls, config as tf.serialization.ConfigDict) as unknown as Initializer;
}

function serializeInitializer(init: Initializer): { className: string; config: Record<string, unknown> } {
  return { className: init.getClassName(), config: init.getConfig() as Record<string, unknown> };
}

const UNSUPPORTED: Array<[keyof FusedLSTMArgs, unknown]> = [
  ['returnSequences', false],
  ['returnState', false],
  ['goBackwards', false],
  ['stateful', false],
  ['useBias', true],
  ['activation', 'tanh'],
  ['recurrentActivation', 'sigmoid'],
  ['dropout', 0],
  ['recurrentDropout', 0],
];

// ---- constant tensors reused across steps (zeros of a given shape) --------------------------------
const constants = new Map<string, tf.Tensor>();
function zerosOf(shape: number[]): tf.Tensor {
  const key = `${tf.getBackend()}:${shape.join('x')}`;
  let t = constants.get(key);
  if (!t || t.isDisposed) {
    t = tf.keep(tf.zeros(shape));
    constants.set(key, t);
  }
  return t;
}

function blockAttrs() {
  return [nativeAttr.float('cell_clip', 0), nativeAttr.bool('use_peephole', false), nativeAttr.dtype('T')];
}

/**
 * The fused forward + gradient. Inputs: x [B, T, D], kernel [D, 4u], recurrent kernel [u, 4u],
 * bias [4u] and, when masked, sel [T, B, 1]: a one-hot over time marking each sequence's last
 * valid step (non-differentiable). Output: h at the selected step, [B, u].
 */
function fusedLstmOp(masked: boolean) {
  return tf.customGrad(((...args: unknown[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const [x, kernel, recurrentKernel, bias, sel] = args as tf.Tensor[];
    const [B, T, D] = x.shape;
    const u = recurrentKernel.shape[0];
    const xt = tf.transpose(x, [1, 0, 2]); // time-major [T, B, D]
    const w = tf.concat([kernel, recurrentKernel], 0); // [D + u, 4u], gate order i, f, c, o (IFCO)
    const state0 = zerosOf([B, u]);
    const peep = zerosOf([u]);
    const outs = runNativeOp('BlockLSTMV2', blockAttrs(), [{ int64: T }, xt, state0, state0, w, peep, peep, peep, bias], 7);
    const h = outs[6]; // [T, B, u]
    const value = masked
      ? tf.sum(tf.mul(h, sel), 0)
      : tf.reshape(tf.slice(h, [T - 1, 0, 0], [1, B, u]), [B, u]);
    save([xt, w, bias, ...outs, ...(masked ? [sel] : [])]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sxt, sw, sb, i, cs, f, o, ci, co, sh, ssel] = saved;
      const dy3 = tf.reshape(dy, [1, B, u]);
      const dh = masked ? tf.mul(ssel, dy3) : tf.concat([zerosOf([T - 1, B, u]), dy3], 0);
      const grads = runNativeOp(
        'BlockLSTMGradV2',
        [nativeAttr.bool('use_peephole', false), nativeAttr.dtype('T')],
        [{ int64: T }, sxt, state0, state0, sw, peep, peep, peep, sb, i, cs, f, o, ci, co, sh, zerosOf([T, B, u]), dh],
        8,
      );
      const [dxt, , , dw, , , , db] = grads;
      const result = [
        tf.transpose(dxt, [1, 0, 2]),
        tf.slice(dw, [0, 0], [D, 4 * u]),
        tf.slice(dw, [D, 0], [u, 4 * u]),
        db,
      ];
      if (masked) result.push(zerosOf(ssel.shape));
      return result;
    };
    return { value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
}

const fusedUnmasked = fusedLstmOp(false);
const fusedMasked = fusedLstmOp(true);

/** [B, T] mask (bool or 0/1) → [T, B, 1] one-hot of each row's last valid step (count − 1). */
function lastStepSelector(mask: tf.Tensor, T: number): tf.Tensor {
  const lengths = tf.sum(tf.cast(mask, 'int32'), 1); // [B]
  const oneHot = tf.oneHot(tf.sub(lengths, tf.scalar(1, 'int32')), T); // index −1 → all zeros
  return tf.expandDims(tf.transpose(tf.cast(oneHot, 'float32')), 2);
}

/** Valid frames per row of a [B, T] mask (its count of non-zeros), on the host. */
function maskLengths(mask: tf.Tensor): Int32Array {
  const [B, T] = mask.shape as [number, number];
  const m = mask.dataSync();
  const lengths = new Int32Array(B);
  for (let b = 0; b < B; b++) {
    let n = 0;
    for (let t = 0; t < T; t++) if (m[b * T + t]) n++;
    lengths[b] = n;
  }
  return lengths;
}

const f32 = (t: tf.Tensor) => t.dataSync() as Float32Array;

/**
 * The oneDNN kernel: one addon call forward (training when a gradient tape records, else
 * inference) and one backward, on host copies. Output [B, u]: h at each sequence's last valid step.
 */
function dnnlLstm(x: tf.Tensor, kernel: tf.Tensor, recurrentKernel: tf.Tensor, bias: tf.Tensor, mask: tf.Tensor | undefined, u: number): tf.Tensor {
  const [B, T, D] = x.shape as [number, number, number];
  const k = dnnlLstmKernel(T, B, D, u)!;
  const lengths = mask ? maskLengths(mask) : null;
  const recording = (tf.engine() as unknown as { isTapeOn(): boolean }).isTapeOn();
  if (!recording) {
    const out = new Float32Array(B * u);
    k.infer(f32(x), f32(kernel), f32(recurrentKernel), f32(bias), lengths, out);
    return tf.tensor2d(out, [B, u]);
  }
  const op = tf.customGrad(((xx: tf.Tensor, kk: tf.Tensor, rr: tf.Tensor, bb: tf.Tensor) => {
    const out = new Float32Array(B * u);
    const ctx = k.forward(f32(xx), f32(kk), f32(rr), f32(bb), lengths, out);
    const gradFunc = (dy: tf.Tensor) => {
      const dx = new Float32Array(B * T * D);
      const dk = new Float32Array(D * 4 * u);
      const dr = new Float32Array(u * 4 * u);
      const db = new Float32Array(4 * u);
      k.backward(ctx, f32(dy), dx, dk, dr, db);
      return [tf.tensor3d(dx, [B, T, D]), tf.tensor2d(dk, [D, 4 * u]), tf.tensor2d(dr, [u, 4 * u]), tf.tensor1d(db)];
    };
    return { value: tf.tensor2d(out, [B, u]), gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(x, kernel, recurrentKernel, bias);
}

export class FusedLSTM extends tf.layers.Layer {
  static className = 'FusedLSTM';
  readonly units: number;
  readonly inputDim?: number;
  readonly unitForgetBias: boolean;
  private readonly kernelInitializer: Initializer;
  private readonly recurrentInitializer: Initializer;
  private readonly biasInitializer: Initializer;
  /** Which fused kernel to run ('auto' | 'onednn' | 'tensorflow'); may be changed between calls. */
  kernelChoice: 'auto' | 'onednn' | 'tensorflow';
  private kernel?: tf.LayerVariable;
  private recurrentKernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;

  constructor(args: FusedLSTMArgs) {
    const {
      units, inputDim, kernelInitializer, recurrentInitializer, biasInitializer, unitForgetBias, seed, kernel,
      returnSequences, returnState, goBackwards, stateful, useBias, activation, recurrentActivation,
      dropout, recurrentDropout, unroll: _unroll, implementation: _implementation, ...layerArgs
    } = args;
    super(layerArgs);
    const given: Record<string, unknown> = {
      returnSequences, returnState, goBackwards, stateful, useBias, activation, recurrentActivation, dropout, recurrentDropout,
    };
    for (const [key, allowed] of UNSUPPORTED) {
      const v = given[key as string];
      if (v !== undefined && v !== null && v !== allowed) {
        throw new Error(`FusedLSTM supports only ${String(key)} = ${JSON.stringify(allowed)}, got ${JSON.stringify(v)}`);
      }
    }
    if (!Number.isInteger(units) || units < 1) throw new Error(`FusedLSTM: units must be a positive integer, got ${units}`);
    this.units = units;
    this.inputDim = inputDim;
    this.unitForgetBias = unitForgetBias ?? false;
    this.kernelInitializer = toInitializer(kernelInitializer, () => tf.initializers.glorotNormal({ seed }));
    this.recurrentInitializer = toInitializer(recurrentInitializer, () =>
      tf.initializers.orthogonal({ seed: seed === undefined ? undefined : seed + 1, gain: 1 }),
    );
    this.biasInitializer = toInitializer(biasInitializer, () => tf.initializers.zeros());
    this.kernelChoice = kernel ?? 'auto';
    if (!['auto', 'onednn', 'tensorflow'].includes(this.kernelChoice)) {
      throw new Error(`FusedLSTM: kernel must be 'auto', 'onednn' or 'tensorflow', got ${JSON.stringify(kernel)}`);
    }
    this.supportsMasking = true;
  }

  /** The kernel call() uses here: 'onednn' or 'tensorflow'. */
  activeKernel(): 'onednn' | 'tensorflow' {
    if (this.kernelChoice === 'tensorflow') return 'tensorflow';
    const problem = dnnlUnavailable();
    if (!problem) return 'onednn';
    if (this.kernelChoice === 'onednn') throw new Error(`FusedLSTM (layer '${this.name}'): the oneDNN LSTM kernel is ${problem}`);
    return 'tensorflow';
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const xShape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (xShape.length !== 3) throw new Error(`FusedLSTM expects input [batch, time, features], got [${xShape}]`);
    const dim = xShape[2];
    if (dim == null) throw new Error('FusedLSTM: the feature dimension of the input must be known');
    if (this.inputDim !== undefined && this.inputDim !== dim) {
      throw new Error(`FusedLSTM: inputDim ${this.inputDim} does not match the input's feature dimension ${dim}`);
    }
    const u = this.units;
    this.kernel = this.addWeight('kernel', [dim, 4 * u], 'float32', this.kernelInitializer, undefined, true);
    this.recurrentKernel = this.addWeight('recurrent_kernel', [u, 4 * u], 'float32', this.recurrentInitializer, undefined, true);
    const biasInit = this.unitForgetBias ? unitForgetBias(this.biasInitializer, u) : this.biasInitializer;
    this.bias = this.addWeight('bias', [4 * u], 'float32', biasInit, undefined, true);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const xShape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [xShape[0], this.units];
  }

  /** No output mask: the output is one vector per sequence. */
  override computeMask(_inputs: tf.Tensor | tf.Tensor[], _mask?: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    return null as unknown as tf.Tensor;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    if (!isNative()) {
      throw new Error(
        `FusedLSTM (layer '${this.name}') runs only on the native 'tensorflow' backend; the active backend is ` +
          `'${tf.getBackend()}'. Use the reference LSTM (lstmImpl: 'reference') here, or build the native backend with ` +
          'bash infra/native-tfjs.sh.',
      );
    }
    return tf.tidy(() => {
      const list = Array.isArray(inputs) ? inputs : [inputs];
      const x = list[0];
      const mask = (list[1] ?? (kwargs?.mask as tf.Tensor | undefined)) as tf.Tensor | undefined;
      if (x.rank !== 3) throw new Error(`FusedLSTM expects input [batch, time, features], got [${x.shape}]`);
      const xf = x.dtype === 'float32' ? x : tf.cast(x, 'float32');
      const k = this.kernel!.read();
      const rk = this.recurrentKernel!.read();
      const b = this.bias!.read();
      if (mask != null && (mask.shape[0] !== x.shape[0] || mask.shape[1] !== x.shape[1])) {
        throw new Error(`FusedLSTM: mask [${mask.shape}] does not match the input's [batch, time] [${x.shape.slice(0, 2)}]`);
      }
      if (this.activeKernel() === 'onednn') return dnnlLstm(xf, k, rk, b, mask, this.units);
      if (mask == null) return fusedUnmasked(xf, k, rk, b);
      return fusedMasked(xf, k, rk, b, lastStepSelector(mask, x.shape[1] as number));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    // The LSTM-compatible subset: a saved topology converts between FusedLSTM and LSTM by renaming
    // the class (see switchLstmImpl).
    return {
      ...super.getConfig(),
      units: this.units,
      activation: 'tanh',
      recurrentActivation: 'sigmoid',
      useBias: true,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      recurrentInitializer: serializeInitializer(this.recurrentInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
      unitForgetBias: this.unitForgetBias,
      returnSequences: false,
      returnState: false,
      goBackwards: false,
      stateful: false,
      dropout: 0,
      recurrentDropout: 0,
    } as unknown as tf.serialization.ConfigDict;
  }
}
tf.serialization.registerClass(FusedLSTM);

/** Bias initialiser with the forget block set to 1 (the same draws as tfjs-layers' LSTMCell). */
function unitForgetBias(inner: Initializer, u: number): Initializer {
  // Only ever handed to addWeight (never serialised: getConfig records the inner initialiser).
  return {
    apply: () => tf.tidy(() => tf.concat([inner.apply([u]), tf.ones([u]), inner.apply([2 * u])], 0)),
  } as unknown as Initializer;
}
