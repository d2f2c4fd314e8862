export { FusedLSTM, type FusedLSTMArgs } from './fused-lstm.js';
export { switchLstmImpl } from './checkpoint.js';
