import { InputError } from '@emosweep/common';

export type ModelKind = 'mlp' | 'lstm' | 'q2l';
export const MODEL_KINDS: readonly ModelKind[] = ['mlp', 'lstm', 'q2l'];
export type LstmImpl = 'reference' | 'fused';

/**
 * The Query2Label head.
 * - `flatten` (default): one Linear(numClasses·d → numClasses) over the flattened decoder output.
 *   With the label queries and the final encoder/decoder LayerNorms of PyTorch's `nn.Transformer`
 *   this is what reproduces the study's counts (740,100 mel / 7,368,708 wav2vec): outside the
 *   encoder and decoder layers it holds C·d (queries) + 4·d (two final norms) + C²·d + C (head)
 *   = 24·d + 4 for C = 4.
 * - `per-class`: Query2Label's GroupWiseLinear (one d → 1 projection with bias per class):
 *   C·d + C parameters, 12·d + 4 outside the layers for C = 4, i.e. 12·d fewer than the study.
 */
export type Q2lHead = 'flatten' | 'per-class';

export interface Q2lConfig {
  /** Transformer width. Defaults to inputDim (the study: no input projection). A different value adds a Dense input projection. */
  dModel?: number;
  /** Attention heads; must divide dModel. Default: the largest of 8, 4, 2, 1… that divides dModel (8 for 80 and 512). */
  heads?: number;
  /** Feed-forward width (PyTorch's default 2048). */
  ffDim?: number;
  encoderLayers?: number;
  decoderLayers?: number;
  /** Dropout inside the encoder/decoder layers (PyTorch's default 0.1). */
  dropout?: number;
  head?: Q2lHead;
}

export interface ModelConfig {
  kind: ModelKind;
  /** Feature dimension (per frame for lstm/q2l; of the pooled vector for mlp). */
  inputDim: number;
  numClasses: number;
  /** lstm: number of Linear layers after the LSTM (2 or 3). */
  fcLayers?: 2 | 3;
  /** mlp: hidden units (300); lstm: width of the hidden FC layers (128). */
  hiddenUnits?: number;
  /** lstm: LSTM units (128). */
  lstmUnits?: number;
  /** lstm: 'reference' = tf.layers.lstm; 'fused' = TensorFlow's BlockLSTM ops (tensorflow backend). */
  lstmImpl?: LstmImpl;
  q2l?: Q2lConfig;
}

export interface ResolvedQ2lConfig {
  dModel: number;
  heads: number;
  ffDim: number;
  encoderLayers: number;
  decoderLayers: number;
  dropout: number;
  head: Q2lHead;
}

export type ResolvedModelConfig =
  | { kind: 'mlp'; inputDim: number; numClasses: number; hiddenUnits: number }
  | {
      kind: 'lstm';
      inputDim: number;
      numClasses: number;
      fcLayers: 2 | 3;
      hiddenUnits: number;
      lstmUnits: number;
      lstmImpl: LstmImpl;
    }
  | { kind: 'q2l'; inputDim: number; numClasses: number; q2l: ResolvedQ2lConfig };

/** True for models that take frame sequences (`[frames, mask]` inputs); false for the pooled-vector MLP. */
export function isSequenceModel(kind: ModelKind): boolean {
  return kind !== 'mlp';
}

function positiveInt(value: unknown, input: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new InputError(input, `must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Default number of heads: the largest of 8, 7, …, 1 dividing d (8 for 80 and 512, 5 for 15, 3 for 513). */
export function defaultHeads(d: number): number {
  for (let h = 8; h > 1; h--) if (d % h === 0) return h;
  return 1;
}

/** Fills in defaults and checks every field; errors name the offending option (`model.kind`, `model.q2l.heads`…). */
export function resolveModelConfig(cfg: ModelConfig): ResolvedModelConfig {
  if (cfg == null || typeof cfg !== 'object') throw new InputError('model', 'a model configuration object is required');
  const kind = cfg.kind;
  if (!MODEL_KINDS.includes(kind)) {
    throw new InputError('model.kind', `unknown model kind ${JSON.stringify(kind)} (expected one of ${MODEL_KINDS.join(', ')})`);
  }
  const inputDim = positiveInt(cfg.inputDim, 'model.inputDim');
  const numClasses = positiveInt(cfg.numClasses, 'model.numClasses');
  if (numClasses < 2) throw new InputError('model.numClasses', `needs at least 2 classes, got ${numClasses}`);
  if (kind === 'mlp') {
    return { kind, inputDim, numClasses, hiddenUnits: positiveInt(cfg.hiddenUnits ?? 300, 'model.hiddenUnits') };
  }
  if (kind === 'lstm') {
    const fcLayers = cfg.fcLayers ?? 2;
    if (fcLayers !== 2 && fcLayers !== 3) throw new InputError('model.fcLayers', `must be 2 or 3, got ${JSON.stringify(fcLayers)}`);
    const lstmImpl = cfg.lstmImpl ?? 'reference';
    if (lstmImpl !== 'reference' && lstmImpl !== 'fused') {
      throw new InputError('model.lstmImpl', `must be 'reference' or 'fused', got ${JSON.stringify(lstmImpl)}`);
    }
    return {
      kind,
      inputDim,
      numClasses,
      fcLayers,
      hiddenUnits: positiveInt(cfg.hiddenUnits ?? 128, 'model.hiddenUnits'),
      lstmUnits: positiveInt(cfg.lstmUnits ?? 128, 'model.lstmUnits'),
      lstmImpl,
    };
  }
  const q = cfg.q2l ?? {};
  const dModel = positiveInt(q.dModel ?? inputDim, 'model.q2l.dModel');
  const heads = positiveInt(q.heads ?? defaultHeads(dModel), 'model.q2l.heads');
  if (dModel % heads !== 0) throw new InputError('model.q2l.heads', `${heads} heads do not divide dModel ${dModel}`);
  const encoderLayers = q.encoderLayers ?? 1;
  if (!Number.isInteger(encoderLayers) || encoderLayers < 0) {
    throw new InputError('model.q2l.encoderLayers', `must be an integer ≥ 0, got ${JSON.stringify(encoderLayers)}`);
  }
  const dropout = q.dropout ?? 0.1;
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) {
    throw new InputError('model.q2l.dropout', `must be in [0, 1), got ${JSON.stringify(dropout)}`);
  }
  const head = q.head ?? 'flatten';
  if (head !== 'flatten' && head !== 'per-class') {
    throw new InputError('model.q2l.head', `must be 'flatten' or 'per-class', got ${JSON.stringify(head)}`);
  }
  return {
    kind,
    inputDim,
    numClasses,
    q2l: {
      dModel,
      heads,
      ffDim: positiveInt(q.ffDim ?? 2048, 'model.q2l.ffDim'),
      encoderLayers,
      decoderLayers: positiveInt(q.decoderLayers ?? 1, 'model.q2l.decoderLayers'),
      dropout,
      head,
    },
  };
}
