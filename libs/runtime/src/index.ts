export * from './runtime.js';
export * from './worker.js';
export * from './temporal-dev-server.js';
export * from "./sweep-service.js";
export * from "./schedule-service.js";
