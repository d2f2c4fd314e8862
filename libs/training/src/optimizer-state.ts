import { tf } from '@emosweep/backend';
import { decodeSafetensors, encodeSafetensors, weightKey, type NamedArray } from '@emosweep/models';

/**
 * Adam's state as safetensors: `iterations` (I32) and `m/<weight>` / `v/<weight>` (F32) keyed by
 * the model's canonical weight names, so the state survives a rebuild of the model (tfjs's
 * variable names get `_1` suffixes in a busy process; Adam itself keys its moments by position).
 * `vars` must be the list (and order) passed to `optimizer.minimize`.
 */
export async function saveAdamState(opt: tf.AdamOptimizer, vars: readonly tf.LayerVariable[]): Promise<Uint8Array> {
  const weights = await opt.getWeights();
  const [iter, ...moments] = weights;
  const iterations = (await iter.tensor.data())[0];
  iter.tensor.dispose();
  const tensors: Record<string, NamedArray> = { iterations: { dtype: 'I32', shape: [1], data: Int32Array.of(iterations) } };
  if (moments.length) {
    if (moments.length !== 2 * vars.length) throw new Error(`Adam holds ${moments.length / 2} moment pairs for ${vars.length} variables`);
    for (let i = 0; i < vars.length; i++) {
      const key = weightKey(vars[i]);
      const shape = [...vars[i].shape] as number[];
      tensors[`m/${key}`] = { dtype: 'F32', shape, data: new Float32Array((await moments[i].tensor.data()) as Float32Array) };
      tensors[`v/${key}`] = { dtype: 'F32', shape, data: new Float32Array((await moments[vars.length + i].tensor.data()) as Float32Array) };
    }
  }
  return encodeSafetensors(tensors, { format: 'emosweep-adam', version: '1' });
}

/** Restores what `saveAdamState` wrote into a fresh Adam optimizer for the same variables. */
export async function loadAdamState(opt: tf.AdamOptimizer, vars: readonly tf.LayerVariable[], bytes: Uint8Array): Promise<void> {
  const { tensors } = decodeSafetensors(bytes);
  const iterations = tensors.iterations?.data[0];
  if (iterations == null) throw new Error('optimizer state has no iterations entry');
  const list: Array<{ name: string; tensor: tf.Tensor }> = [{ name: 'iter', tensor: tf.scalar(iterations, 'int32') }];
  const hasMoments = Object.keys(tensors).some((k) => k.startsWith('m/'));
  if (hasMoments) {
    for (const which of ['m', 'v'] as const) {
      for (const v of vars) {
        const t = tensors[`${which}/${weightKey(v)}`];
        if (!t) throw new Error(`optimizer state lacks ${which}/${weightKey(v)}`);
        if (t.shape.join() !== v.shape.join()) throw new Error(`optimizer state ${which}/${weightKey(v)} is [${t.shape}], the weight is [${v.shape}]`);
        list.push({ name: `${v.name}/${which}`, tensor: tf.tensor(t.data as Float32Array, t.shape, 'float32') });
      }
    }
  }
  await opt.setWeights(list);
  tf.dispose(list.map((l) => l.tensor));
}
