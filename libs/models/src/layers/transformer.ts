import { tf } from '@emosweep/backend';
import { deriveSeed } from '../seed.js';

/**
 * Transformer pieces for Query2Label, written as tfjs layers because tfjs-layers 4.22 has no
 * multi-head attention. They follow PyTorch's `nn.TransformerEncoderLayer` /
 * `nn.TransformerDecoderLayer` defaults: post-norm (`norm_first=False`), ReLU, LayerNorm ε = 1e-5,
 * dropout on the attention weights, after each sub-block and inside the feed-forward.
 * Parameter counts equal PyTorch's: per attention block 4d² + 4d (in_proj d×3d + 3d, out_proj
 * d×d + d), whatever the number of heads.
 *
 * Weights are plain `addWeight`s named like PyTorch's modules (`self_attn/in_proj_kernel`,
 * `linear1/kernel`, `norm1/gamma`…); kernels are stored [in, out] (PyTorch's transposed).
 * Initialisation follows `nn.Transformer._reset_parameters`: Glorot-uniform matrices, zero biases,
 * LayerNorm γ = 1, β = 0.
 *
 * Masks: `mask` inputs are float [batch, time] with 1 = frame, 0 = padding; padded keys get
 * −1e9 before the softmax (PyTorch's key_padding_mask).
 */

type Kwargs = { [key: string]: unknown };
type Init = ReturnType<typeof tf.initializers.zeros>;

interface Linear {
  kernel: tf.LayerVariable;
  bias: tf.LayerVariable;
}
interface Attention {
  inKernel: tf.LayerVariable;
  inBias: tf.LayerVariable;
  outKernel: tf.LayerVariable;
  outBias: tf.LayerVariable;
}
interface Norm {
  gamma: tf.LayerVariable;
  beta: tf.LayerVariable;
}

export interface TransformerLayerArgs {
  name?: string;
  dModel: number;
  heads: number;
  ffDim: number;
  dropout: number;
  seed: number;
  epsilon?: number;
}

/** y = x·W + b over the last axis of a rank-2 or rank-3 tensor. */
function linear(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const inDim = x.shape[x.shape.length - 1];
  const outDim = w.shape[1]!;
  const flat = tf.reshape(x, [-1, inDim]);
  const y = tf.add(tf.matMul(flat, w), b);
  return tf.reshape(y, [...x.shape.slice(0, -1), outDim]);
}

function layerNorm(x: tf.Tensor, n: Norm, epsilon: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, epsilon)));
  return tf.add(tf.mul(normed, n.gamma.read()), n.beta.read());
}

abstract class TransformerBase extends tf.layers.Layer {
  protected readonly dModel: number;
  protected readonly heads: number;
  protected readonly ffDim: number;
  protected readonly rate: number;
  protected readonly seed: number;
  protected readonly epsilon: number;
  private dropoutCalls = 0;

  constructor(args: TransformerLayerArgs) {
    super({ name: args.name });
    if (args.dModel % args.heads !== 0) throw new Error(`${args.heads} heads do not divide d_model ${args.dModel}`);
    this.dModel = args.dModel;
    this.heads = args.heads;
    this.ffDim = args.ffDim;
    this.rate = args.dropout;
    this.seed = args.seed >>> 0;
    this.epsilon = args.epsilon ?? 1e-5;
  }

  private init(kind: 'glorot' | 'zeros' | 'ones', weight: string): Init {
    if (kind === 'zeros') return tf.initializers.zeros();
    if (kind === 'ones') return tf.initializers.ones();
    return tf.initializers.glorotUniform({ seed: deriveSeed(this.seed, weight) });
  }

  protected addLinear(prefix: string, inDim: number, outDim: number): Linear {
    return {
      kernel: this.addWeight(`${prefix}/kernel`, [inDim, outDim], 'float32', this.init('glorot', `${prefix}/kernel`)),
      bias: this.addWeight(`${prefix}/bias`, [outDim], 'float32', this.init('zeros', `${prefix}/bias`)),
    };
  }

  protected addAttention(prefix: string): Attention {
    const d = this.dModel;
    return {
      inKernel: this.addWeight(`${prefix}/in_proj_kernel`, [d, 3 * d], 'float32', this.init('glorot', `${prefix}/in_proj_kernel`)),
      inBias: this.addWeight(`${prefix}/in_proj_bias`, [3 * d], 'float32', this.init('zeros', `${prefix}/in_proj_bias`)),
      outKernel: this.addWeight(`${prefix}/out_proj_kernel`, [d, d], 'float32', this.init('glorot', `${prefix}/out_proj_kernel`)),
      outBias: this.addWeight(`${prefix}/out_proj_bias`, [d], 'float32', this.init('zeros', `${prefix}/out_proj_bias`)),
    };
  }

  protected addNorm(prefix: string): Norm {
    const d = this.dModel;
    return {
      gamma: this.addWeight(`${prefix}/gamma`, [d], 'float32', this.init('ones', `${prefix}/gamma`)),
      beta: this.addWeight(`${prefix}/beta`, [d], 'float32', this.init('zeros', `${prefix}/beta`)),
    };
  }

  /** Inverted dropout with a fresh, seeded mask per call (seed = f(layer seed, call count)): deterministic runs. */
  protected dropout(x: tf.Tensor, training: boolean): tf.Tensor {
    if (!training || this.rate === 0) return x;
    return tf.dropout(x, this.rate, undefined, deriveSeed(this.seed, 'dropout', this.dropoutCalls++));
  }

  protected norm(x: tf.Tensor, n: Norm): tf.Tensor {
    return layerNorm(x, n, this.epsilon);
  }

  protected feedForward(x: tf.Tensor, l1: Linear, l2: Linear, training: boolean): tf.Tensor {
    const h = this.dropout(tf.relu(linear(x, l1.kernel.read(), l1.bias.read())), training);
    return linear(h, l2.kernel.read(), l2.bias.read());
  }

  /**
   * Multi-head scaled dot-product attention of `query` [B, Tq, d] over `keyValue` [B, Tk, d];
   * `keyMask` [B, Tk] (1 = attend, 0 = padding) or null.
   */
  protected attention(query: tf.Tensor, keyValue: tf.Tensor, keyMask: tf.Tensor | null, w: Attention, training: boolean): tf.Tensor {
    const d = this.dModel;
    const h = this.heads;
    const dh = d / h;
    const [b, tq] = query.shape;
    const tk = keyValue.shape[1]!;
    const inK = w.inKernel.read();
    const inB = w.inBias.read();
    let q: tf.Tensor;
    let k: tf.Tensor;
    let v: tf.Tensor;
    if (query === keyValue) {
      [q, k, v] = tf.split(linear(query, inK, inB), 3, -1);
    } else {
      q = linear(query, tf.slice(inK, [0, 0], [d, d]), tf.slice(inB, [0], [d]));
      [k, v] = tf.split(linear(keyValue, tf.slice(inK, [0, d], [d, 2 * d]), tf.slice(inB, [d], [2 * d])), 2, -1);
    }
    const heads = (t: tf.Tensor, len: number) => tf.transpose(tf.reshape(t, [b!, len, h, dh]), [0, 2, 1, 3]);
    const qh = tf.mul(heads(q, tq!), 1 / Math.sqrt(dh));
    const kh = heads(k, tk);
    const vh = heads(v, tk);
    let scores = tf.matMul(qh, kh, false, true); // [B, h, Tq, Tk]
    if (keyMask) {
      const bias = tf.reshape(tf.mul(tf.sub(1, tf.cast(keyMask, 'float32')), -1e9), [b!, 1, 1, tk]);
      scores = tf.add(scores, bias);
    }
    const weights = this.dropout(tf.softmax(scores, -1), training);
    const ctx = tf.reshape(tf.transpose(tf.matMul(weights, vh), [0, 2, 1, 3]), [b!, tq!, d]);
    return linear(ctx, w.outKernel.read(), w.outBias.read());
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      dModel: this.dModel,
      heads: this.heads,
      ffDim: this.ffDim,
      dropout: this.rate,
      seed: this.seed,
      epsilon: this.epsilon,
    };
  }
}

/** PyTorch `nn.TransformerEncoderLayer` (post-norm). Inputs `[x [B,T,d], mask [B,T]]` → [B,T,d]. */
export class TransformerEncoderLayer extends TransformerBase {
  static className = 'EmosweepTransformerEncoderLayer';
  private w!: { selfAttn: Attention; linear1: Linear; linear2: Linear; norm1: Norm; norm2: Norm };

  override build(): void {
    this.w = {
      selfAttn: this.addAttention('self_attn'),
      linear1: this.addLinear('linear1', this.dModel, this.ffDim),
      linear2: this.addLinear('linear2', this.ffDim, this.dModel),
      norm1: this.addNorm('norm1'),
      norm2: this.addNorm('norm2'),
    };
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (inputShape as tf.Shape[])[0];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const [x, mask] = inputs as tf.Tensor[];
    const training = kwargs.training === true;
    return tf.tidy(() => {
      const w = this.w;
      let y = this.norm(tf.add(x, this.dropout(this.attention(x, x, mask, w.selfAttn, training), training)), w.norm1);
      y = this.norm(tf.add(y, this.dropout(this.feedForward(y, w.linear1, w.linear2, training), training)), w.norm2);
      return y;
    });
  }
}
tf.serialization.registerClass(TransformerEncoderLayer);

/**
 * PyTorch `nn.TransformerDecoderLayer` (post-norm): self-attention among the queries,
 * cross-attention over the memory, feed-forward. Inputs `[tgt [B,C,d], memory [B,T,d], mask [B,T]]` → [B,C,d].
 */
export class TransformerDecoderLayer extends TransformerBase {
  static className = 'EmosweepTransformerDecoderLayer';
  private w!: { selfAttn: Attention; crossAttn: Attention; linear1: Linear; linear2: Linear; norm1: Norm; norm2: Norm; norm3: Norm };

  override build(): void {
    this.w = {
      selfAttn: this.addAttention('self_attn'),
      crossAttn: this.addAttention('multihead_attn'),
      linear1: this.addLinear('linear1', this.dModel, this.ffDim),
      linear2: this.addLinear('linear2', this.ffDim, this.dModel),
      norm1: this.addNorm('norm1'),
      norm2: this.addNorm('norm2'),
      norm3: this.addNorm('norm3'),
    };
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (inputShape as tf.Shape[])[0];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const [tgt, memory, mask] = inputs as tf.Tensor[];
    const training = kwargs.training === true;
    return tf.tidy(() => {
      const w = this.w;
      let y = this.norm(tf.add(tgt, this.dropout(this.attention(tgt, tgt, null, w.selfAttn, training), training)), w.norm1);
      y = this.norm(tf.add(y, this.dropout(this.attention(y, memory, mask, w.crossAttn, training), training)), w.norm2);
      y = this.norm(tf.add(y, this.dropout(this.feedForward(y, w.linear1, w.linear2, training), training)), w.norm3);
      return y;
    });
  }
}
tf.serialization.registerClass(TransformerDecoderLayer);

/** Learnable label embeddings (numClasses × d, N(0, 1) like `nn.Embedding`), repeated over the batch of its input. */
export class LabelQueries extends tf.layers.Layer {
  static className = 'EmosweepLabelQueries';
  private readonly numClasses: number;
  private readonly dModel: number;
  private readonly seed: number;
  private embeddings!: tf.LayerVariable;

  constructor(args: { name?: string; numClasses: number; dModel: number; seed: number }) {
    super({ name: args.name });
    this.numClasses = args.numClasses;
    this.dModel = args.dModel;
    this.seed = args.seed >>> 0;
  }

  override build(): void {
    this.embeddings = this.addWeight(
      'embeddings',
      [this.numClasses, this.dModel],
      'float32',
      tf.initializers.randomNormal({ mean: 0, stddev: 1, seed: deriveSeed(this.seed, 'embeddings') }),
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [s[0], this.numClasses, this.dModel];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() => tf.tile(tf.expandDims(this.embeddings.read(), 0), [x.shape[0]!, 1, 1]));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), numClasses: this.numClasses, dModel: this.dModel, seed: this.seed };
  }
}
tf.serialization.registerClass(LabelQueries);

/** Query2Label's GroupWiseLinear: logit_c = ⟨x_c, W_c⟩ + b_c for each class query. [B, C, d] → [B, C]. */
export class GroupWiseLinear extends tf.layers.Layer {
  static className = 'EmosweepGroupWiseLinear';
  private readonly numClasses: number;
  private readonly dModel: number;
  private readonly seed: number;
  private kernel!: tf.LayerVariable;
  private bias!: tf.LayerVariable;

  constructor(args: { name?: string; numClasses: number; dModel: number; seed: number }) {
    super({ name: args.name });
    this.numClasses = args.numClasses;
    this.dModel = args.dModel;
    this.seed = args.seed >>> 0;
  }

  override build(): void {
    // Query2Label initialises both U(-1/sqrt(d), 1/sqrt(d)).
    const limit = 1 / Math.sqrt(this.dModel);
    const init = (w: string) => tf.initializers.randomUniform({ minval: -limit, maxval: limit, seed: deriveSeed(this.seed, w) });
    this.kernel = this.addWeight('kernel', [this.numClasses, this.dModel], 'float32', init('kernel'));
    this.bias = this.addWeight('bias', [this.numClasses], 'float32', init('bias'));
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return [(inputShape as tf.Shape)[0], this.numClasses];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return tf.tidy(() => tf.add(tf.sum(tf.mul(x, this.kernel.read()), -1), this.bias.read()));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), numClasses: this.numClasses, dModel: this.dModel, seed: this.seed };
  }
}
tf.serialization.registerClass(GroupWiseLinear);
