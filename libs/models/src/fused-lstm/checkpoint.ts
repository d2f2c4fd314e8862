/**
 * Moves a saved tfjs model topology (tf.io ModelArtifacts.modelTopology, or a whole artifacts
 * object) between the LSTM implementations: every `LSTM` layer becomes `FusedLSTM` (to: 'fused')
 * or every `FusedLSTM` becomes `LSTM` (to: 'reference'). Weights need no change: both
 * implementations own `kernel`, `recurrent_kernel` and `bias` with the same names, shapes and
 * gate order. (Weight-only checkpoints — libs/models' safetensors — need no conversion at all.)
 *
 * Throws when a reference LSTM uses something the fused kernel does not compute (hardSigmoid
 * gates, dropout, returnSequences…).
 */
export function switchLstmImpl<T extends object>(topologyOrArtifacts: T, to: 'fused' | 'reference'): T {
  // Artifacts carry binary weight data: copy only the JSON topology.
  const artifacts = topologyOrArtifacts as { modelTopology?: unknown };
  const isArtifacts = 'modelTopology' in artifacts || 'weightData' in artifacts;
  const copy = (
    isArtifacts
      ? { ...artifacts, modelTopology: JSON.parse(JSON.stringify(artifacts.modelTopology ?? null)) }
      : JSON.parse(JSON.stringify(topologyOrArtifacts))
  ) as T;
  const from = to === 'fused' ? 'LSTM' : 'FusedLSTM';
  const target = to === 'fused' ? 'FusedLSTM' : 'LSTM';
  const required: Record<string, unknown> = {
    activation: 'tanh',
    recurrent_activation: 'sigmoid',
    use_bias: true,
    return_sequences: false,
    return_state: false,
    go_backwards: false,
    stateful: false,
    dropout: 0,
    recurrent_dropout: 0,
  };
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    if (obj.class_name === from && obj.config && typeof obj.config === 'object') {
      const config = obj.config as Record<string, unknown>;
      for (const [key, value] of Object.entries(required)) {
        if (config[key] !== undefined && config[key] !== value) {
          throw new Error(
            `switchLstmImpl: layer ${String(config.name)} has ${key} = ${JSON.stringify(config[key])}; ` +
              `the fused LSTM computes only ${key} = ${JSON.stringify(value)}`,
          );
        }
      }
      obj.class_name = target;
    }
    Object.values(obj).forEach(visit);
  };
  visit(isArtifacts ? (copy as { modelTopology?: unknown }).modelTopology : copy);
  return copy;
}
