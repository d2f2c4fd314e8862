import * as tf from '@tensorflow/tfjs';
import { nativeAttr, nativeBackend, runNativeOp } from './native.js';

/**
 * Per-example softmax cross-entropy −Σ_c y_c · log softmax(logits)_c, [batch].
 * On `tensorflow`: TensorFlow's fused SoftmaxCrossEntropyWithLogits (one kernel, which also
 * returns the gradient, so the backward pass is one multiply) instead of the ≈ 15 forward and
 * ≈ 20 backward kernels of logSoftmax/mul/sum. Elsewhere the same formula with tfjs ops. No
 * gradient flows to the labels.
 */
export function softmaxCrossEntropy(logits: tf.Tensor, labels: tf.Tensor): tf.Tensor1D {
  if (!nativeBackend()) {
    return tf.tidy(() => tf.neg(tf.sum(tf.mul(labels, tf.logSoftmax(logits, -1)), -1))) as tf.Tensor1D;
  }
  const op = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    const [loss, backprop] = runNativeOp('SoftmaxCrossEntropyWithLogits', [nativeAttr.dtype('T')], [x, labels], 2);
    save([backprop]); // tensors made in the forward pass and not saved are gone by the backward pass
    return {
      value: loss,
      gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => tf.mul(saved, tf.reshape(dy, [-1, 1])),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(logits) as tf.Tensor1D;
}
