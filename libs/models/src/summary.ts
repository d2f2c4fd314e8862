import { tf } from '@emosweep/backend';
import { resolveModelConfig, type ModelConfig } from './config.js';
import { buildModel } from './build.js';

export interface LayerSummary {
  name: string;
  type: string;
  outputShape: Array<number | null> | Array<Array<number | null>>;
  params: number;
}

export interface ModelSummary {
  params: number;
  /** The count PyTorch would report for the same architecture (differs for the LSTM: two bias vectors). */
  pytorchParams: number;
  layers: LayerSummary[];
  note?: string;
}

/** Number of scalar parameters (all weights; the models here have no non-trainable ones). */
export function countParams(model: tf.LayersModel): number {
  return model.weights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
}

/** Builds the model (seed 0), lists its layers and disposes it. */
export function modelSummary(cfg: ModelConfig): ModelSummary {
  const r = resolveModelConfig(cfg);
  const model = buildModel(cfg, 0);
  try {
    const layers = model.layers.map((l) => ({
      name: l.name,
      type: l.getClassName(),
      outputShape: l.outputShape as LayerSummary['outputShape'],
      params: l.countParams(),
    }));
    const params = countParams(model);
    if (r.kind === 'lstm') {
      const extra = 4 * r.lstmUnits;
      return {
        params,
        pytorchParams: params + extra,
        layers,
        note:
          `tfjs's LSTM has one bias vector (4·${r.lstmUnits} = ${extra} values); PyTorch's nn.LSTM has two (b_ih, b_hh), ` +
          `so the same architecture counts ${params + extra} parameters in PyTorch (the study's figure) and ${params} here. ` +
          `LSTM implementation: ${r.lstmImpl}.`,
      };
    }
    if (r.kind === 'q2l') {
      const q = r.q2l;
      const outside = params - layers.filter((l) => /^(encoder|decoder)_layer_/.test(l.name)).reduce((n, l) => n + l.params, 0);
      return {
        params,
        pytorchParams: params,
        layers,
        note:
          `Query2Label: d_model ${q.dModel}${q.dModel !== r.inputDim ? ` (input projection from ${r.inputDim})` : ' (= feature dim, no input projection)'}, ` +
          `${q.heads} heads, ff ${q.ffDim}, ${q.encoderLayers} encoder + ${q.decoderLayers} decoder layer(s), post-norm, ReLU, dropout ${q.dropout}; ` +
          `${outside} parameters outside the encoder/decoder layers (label queries, final encoder/decoder LayerNorms, ${q.head} head). ` +
          `Counts equal PyTorch's (nn.Transformer + nn.Embedding queries + ${q.head === 'flatten' ? 'nn.Linear over the flattened queries' : 'GroupWiseLinear'}).`,
      };
    }
    return { params, pytorchParams: params, layers };
  } finally {
    model.dispose();
  }
}
