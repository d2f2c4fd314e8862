export * from './config.js';
export { buildModel } from './build.js';
export { countParams, modelSummary, type LayerSummary, type ModelSummary } from './summary.js';
export {
  saveWeights,
  loadWeights,
  encodeSafetensors,
  decodeSafetensors,
  weightKey,
  WEIGHTS_FORMAT,
  type NamedArray,
  type SafetensorsDtype,
} from './checkpoint.js';
export { createLstmLayer, type LstmFactoryArgs } from './lstm-layer.js';
export { FusedLSTM, switchLstmImpl, type FusedLSTMArgs } from './fused-lstm/index.js';
export { SequenceMask } from './layers/sequence-mask.js';
export { TransformerEncoderLayer, TransformerDecoderLayer, LabelQueries, GroupWiseLinear } from './layers/transformer.js';
export { deriveSeed, mulberry32, orthogonalMatrix } from './seed.js';
