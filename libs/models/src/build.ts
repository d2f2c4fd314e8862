import { tf } from '@emosweep/backend';
import { resolveModelConfig, type ModelConfig, type ResolvedModelConfig } from './config.js';
import { SequenceMask } from './layers/sequence-mask.js';
import { GroupWiseLinear, LabelQueries, TransformerDecoderLayer, TransformerEncoderLayer } from './layers/transformer.js';
import { createLstmLayer } from './lstm-layer.js';
import { deriveSeed, orthogonalMatrix } from './seed.js';

/**
 * Builds a model (tfjs functional API) whose output is raw logits [batch, numClasses].
 *
 * Inputs:
 * - `mlp`: one input `features` [batch, inputDim] (utterance-level pooled vectors).
 * - `lstm`, `q2l`: two inputs, in this order: `frames` [batch, time, inputDim] and `mask`
 *   [batch, time] float32 (1 = frame, 0 = padding; pad at the end). The LSTM receives the mask
 *   through a `SequenceMask` layer (state carried over padded steps, so the output is that of
 *   the last real frame); Query2Label uses it as the attention key-padding mask.
 *
 * Layer names are fixed (`fc1`, `lstm`, `logits`, `encoder_layer_0`…), so weight names are
 * stable across builds and implementations: checkpoints are keyed by them.
 * Every initialiser is seeded from `seed`: the same seed gives the same initial weights.
 */
export function buildModel(cfg: ModelConfig, seed: number): tf.LayersModel {
  const r = resolveModelConfig(cfg);
  const s = (name: string) => deriveSeed(seed, name);
  const dense = (name: string, units: number, activation?: 'relu') =>
    tf.layers.dense({ name, units, activation, kernelInitializer: tf.initializers.glorotUniform({ seed: s(`${name}/kernel`) }) });
  switch (r.kind) {
    case 'mlp': {
      const input = tf.input({ shape: [r.inputDim], name: 'features' });
      const h = dense('fc1', r.hiddenUnits, 'relu').apply(input) as tf.SymbolicTensor;
      const out = dense('logits', r.numClasses).apply(h) as tf.SymbolicTensor;
      return tf.model({ name: 'v0_mlp', inputs: input, outputs: out });
    }
    case 'lstm': {
      const { frames, mask } = sequenceInputs(r);
      const masked = new SequenceMask({ name: 'apply_mask' }).apply([frames, mask]) as tf.SymbolicTensor;
      const lstm = createLstmLayer(r.lstmImpl, {
        name: 'lstm',
        units: r.lstmUnits,
        kernelInitializer: tf.initializers.glorotUniform({ seed: s('lstm/kernel') }),
        recurrentInitializer: tf.initializers.zeros(), // replaced by initLstmWeights
      });
      let h = lstm.apply(masked) as tf.SymbolicTensor;
      for (let i = 1; i < r.fcLayers; i++) h = dense(`fc${i}`, r.hiddenUnits, 'relu').apply(h) as tf.SymbolicTensor;
      const out = dense('logits', r.numClasses).apply(h) as tf.SymbolicTensor;
      const model = tf.model({ name: `v1_lstm_fc${r.fcLayers}`, inputs: [frames, mask], outputs: out });
      initLstmWeights(lstm, r.lstmUnits, s('lstm/recurrent_kernel'));
      return model;
    }
    case 'q2l': {
      const q = r.q2l;
      const { frames, mask } = sequenceInputs(r);
      let x: tf.SymbolicTensor = frames;
      if (q.dModel !== r.inputDim) x = dense('input_proj', q.dModel).apply(x) as tf.SymbolicTensor;
      const common = { dModel: q.dModel, heads: q.heads, ffDim: q.ffDim, dropout: q.dropout };
      for (let i = 0; i < q.encoderLayers; i++) {
        const name = `encoder_layer_${i}`;
        x = new TransformerEncoderLayer({ name, ...common, seed: s(name) }).apply([x, mask]) as tf.SymbolicTensor;
      }
      const memory = tf.layers.layerNormalization({ name: 'encoder_norm', epsilon: 1e-5 }).apply(x) as tf.SymbolicTensor;
      let y = new LabelQueries({ name: 'label_queries', numClasses: r.numClasses, dModel: q.dModel, seed: s('label_queries') }).apply(
        memory,
      ) as tf.SymbolicTensor;
      for (let i = 0; i < q.decoderLayers; i++) {
        const name = `decoder_layer_${i}`;
        y = new TransformerDecoderLayer({ name, ...common, seed: s(name) }).apply([y, memory, mask]) as tf.SymbolicTensor;
      }
      y = tf.layers.layerNormalization({ name: 'decoder_norm', epsilon: 1e-5 }).apply(y) as tf.SymbolicTensor;
      let out: tf.SymbolicTensor;
      if (q.head === 'per-class') {
        out = new GroupWiseLinear({ name: 'classifier', numClasses: r.numClasses, dModel: q.dModel, seed: s('classifier') }).apply(
          y,
        ) as tf.SymbolicTensor;
      } else {
        const flat = tf.layers.flatten({ name: 'flatten' }).apply(y) as tf.SymbolicTensor;
        out = dense('classifier', r.numClasses).apply(flat) as tf.SymbolicTensor;
      }
      return tf.model({ name: 'v2_query2label', inputs: [frames, mask], outputs: out });
    }
  }
}

/**
 * Initialises the LSTM like Keras: recurrent kernel = seeded orthogonal [u, 4u] (computed in JS,
 * see orthogonalMatrix), bias = 0 except the forget-gate block (gate order i, f, c, o) = 1
 * (unit_forget_bias). Done after the build, by weight name, so the reference and fused layers
 * start identically (and because tfjs's `unitForgetBias` initialiser leaks 4 tensors per build
 * and its orthogonal one is very slow on the cpu backend). The kernel keeps its seeded Glorot init.
 */
function initLstmWeights(lstm: tf.layers.Layer, units: number, seed: number): void {
  const find = (suffix: string, shape: number[]) => {
    const w = lstm.weights.find((v) => v.originalName === `${lstm.name}/${suffix}`);
    if (!w || w.shape.join() !== shape.join()) throw new Error(`LSTM layer ${lstm.name} has no ${suffix} of [${shape}]`);
    return w;
  };
  const recurrent = tf.tensor2d(orthogonalMatrix(units, 4 * units, seed), [units, 4 * units]);
  const bias = tf.tidy(() => tf.concat([tf.zeros([units]), tf.ones([units]), tf.zeros([2 * units])]));
  find('recurrent_kernel', [units, 4 * units]).write(recurrent);
  find('bias', [4 * units]).write(bias);
  tf.dispose([recurrent, bias]);
}

function sequenceInputs(r: ResolvedModelConfig) {
  return {
    frames: tf.input({ shape: [null, r.inputDim], name: 'frames' }),
    mask: tf.input({ shape: [null], name: 'mask' }),
  };
}
