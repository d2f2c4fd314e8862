import { pino, type Logger } from 'pino';

/**
 * Structured JSON logs on stderr (stdout stays free for --json output).
 * Quiet by default: warnings and errors only unless EMOSWEEP_LOG_LEVEL says otherwise.
 */
export function createLogger(name: string, level = process.env.EMOSWEEP_LOG_LEVEL || 'warn'): Logger {
  return pino({ name, level, base: { svc: name } }, pino.destination(2));
}

export type { Logger };
