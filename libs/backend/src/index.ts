export * from './select.js';
export * from './native.js';
export * from './dnnl.js';
export * from './flat-adam.js';
export * from './losses.js';
