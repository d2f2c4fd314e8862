// Temporal workflow code only: this file is the worker's `workflowsPath`.
export * from './sweep.workflow.js';
