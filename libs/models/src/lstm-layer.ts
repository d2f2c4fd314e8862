import { tf } from '@emosweep/backend';
import { InputError } from '@emosweep/common';
import type { LstmImpl } from './config.js';
import { FusedLSTM } from './fused-lstm/index.js';

/**
 * Arguments every LSTM implementation receives (a subset of `tf.layers.lstm`'s). Whatever the
 * implementation, the layer computes tanh cells with sigmoid gates, owns exactly three weights
 * named `kernel` [inputDim, 4u], `recurrent_kernel` [u, 4u] and `bias` [4u] (gate order i, f, c, o; one bias vector), under
 * the layer's name (`lstm/kernel`…), so checkpoints move between implementations, take the
 * frame mask as `kwargs.mask` ([batch, time], padded steps carry the state over) and return
 * the last valid hidden state [batch, u]. `buildModel` then overwrites the recurrent kernel
 * (seeded orthogonal) and the bias (forget-gate block 1) on whichever implementation it got.
 */
export interface LstmFactoryArgs {
  units: number;
  name: string;
  kernelInitializer: ReturnType<typeof tf.initializers.glorotUniform>;
  recurrentInitializer: ReturnType<typeof tf.initializers.zeros>;
}

/**
 * The one place the V1 model gets its LSTM layer from: `reference` = tf.layers.lstm (tfjs-layers,
 * any backend); `fused` = FusedLSTM (libs/models/src/fused-lstm: TensorFlow's BlockLSTMV2 /
 * BlockLSTMGradV2 ops, one op per sequence; runs on the `tensorflow` backend only — its call
 * throws elsewhere). Both own the same weights, so a checkpoint of one loads into the other.
 */
export function createLstmLayer(impl: LstmImpl, args: LstmFactoryArgs): tf.layers.Layer {
  switch (impl) {
    case 'reference':
      // tfjs-layers defaults the recurrent activation to hardSigmoid; the study (PyTorch), Keras 3
      // and TensorFlow's fused kernels use the logistic sigmoid.
      return tf.layers.lstm({ ...args, activation: 'tanh', recurrentActivation: 'sigmoid', returnSequences: false });
    case 'fused':
      return new FusedLSTM({ ...args, returnSequences: false });
    default:
      throw new InputError('model.lstmImpl', `unknown LSTM implementation ${JSON.stringify(impl)} (expected 'reference' or 'fused')`);
  }
}
