import { tf } from '@emosweep/backend';

/**
 * Turns the explicit `mask` input ([batch, time], 1 = frame, 0 = padding) into a Keras-style
 * mask on the frame tensor, so the next layer (the LSTM) receives it as `kwargs.mask` and
 * carries its state over padded steps. Output = the frames unchanged.
 *
 * Chosen over `tf.layers.masking({ maskValue: 0 })` because a real (normalised) frame may be
 * all zeros, and because the attention layers of Query2Label need the same explicit mask.
 */
export class SequenceMask extends tf.layers.Layer {
  static className = 'EmosweepSequenceMask';

  constructor(args: { name?: string } = {}) {
    super(args);
    this.supportsMasking = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return Array.isArray(inputShape[0]) ? (inputShape as tf.Shape[])[0] : inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    const [frames] = inputs as tf.Tensor[];
    return tf.clone(frames);
  }

  override computeMask(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [, mask] = inputs as tf.Tensor[];
    return tf.tidy(() => tf.cast(mask, 'bool'));
  }
}
tf.serialization.registerClass(SequenceMask);
