export { createApiApp, schemaSdl, type ApiApp, type ApiDeps } from './app.js';
export { loadApiConfig, type ApiConfig } from './config.js';
export { serve, type Server, type ServeOptions } from './serve.js';
export { PgNotificationSource, PGliteNotificationSource, PROGRESS_CHANNEL, type NotificationSource } from './progress/notifications.js';
export { registerServeCommand, registerTokenCommands } from './cli/token.js';
