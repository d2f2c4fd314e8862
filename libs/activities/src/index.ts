export * from './types.js';
export * from './create-activities.js';
export * from './feature-blob.js';
export * from './dataset-source.js';
export * from "./checkpoint-container.js";
