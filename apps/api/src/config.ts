import path from 'node:path';
import { loadServiceConfig, repoRoot } from '@emosweep/common';

/** The API's own settings (services come from @emosweep/common's ServiceConfig). */
export interface ApiConfig {
  host: string;
  port: number;
  /** Origins allowed by CORS (the console's). The console served by this process is same-origin. */
  corsOrigins: string[];
  /** The console's build, served at `/` when the folder exists. */
  consoleDir: string;
  /** Deepest selection nesting accepted. */
  maxDepth: number;
  /** Largest estimated query cost accepted (≈ rows returned; see graphql/limits.ts). */
  maxComplexity: number;
  /** Largest JSON request body. */
  maxBodyBytes: number;
  /** Largest WAV accepted by `predict`. */
  maxUploadBytes: number;
  /** Lifetime of presigned checkpoint URLs. */
  checkpointUrlTtlSec: number;
  /** Caps on what one launchSweep may start. */
  caps: { maxTrials: number; maxFoldRuns: number };
  /** Where the first start on loopback writes its operator token. */
  tokenFile: string;
  /** Cache whole responses of sweep/leaderboard queries, invalidated by the progress notifications. */
  responseCache: boolean;
  /** Request log level (pino). */
  logLevel: string;
}

const num = (v: string | undefined, d: number): number => (v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : d);

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ApiConfig> = {}): ApiConfig {
  const service = loadServiceConfig(env);
  const host = overrides.host ?? env.HOST ?? '127.0.0.1';
  const port = overrides.port ?? num(env.PORT, 4000);
  const sameOrigins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  const extra = (env.EMOSWEEP_CONSOLE_ORIGIN ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    host,
    port,
    corsOrigins: [...sameOrigins, ...extra],
    consoleDir: env.EMOSWEEP_CONSOLE_DIR ?? path.join(repoRoot, 'apps/console/dist'),
    maxDepth: num(env.EMOSWEEP_API_MAX_DEPTH, 10),
    maxComplexity: num(env.EMOSWEEP_API_MAX_COMPLEXITY, 500_000),
    maxBodyBytes: num(env.EMOSWEEP_API_MAX_BODY_BYTES, 1 << 20),
    maxUploadBytes: num(env.EMOSWEEP_API_MAX_UPLOAD_BYTES, 25 << 20),
    checkpointUrlTtlSec: num(env.EMOSWEEP_CHECKPOINT_URL_TTL, 300),
    caps: { maxTrials: num(env.EMOSWEEP_MAX_TRIALS, 5_000), maxFoldRuns: num(env.EMOSWEEP_MAX_FOLD_RUNS, 25_000) },
    tokenFile: env.EMOSWEEP_API_TOKEN_FILE ?? path.join(service.dataDir, 'api-token'),
    responseCache: env.EMOSWEEP_API_RESPONSE_CACHE !== '0',
    logLevel: env.EMOSWEEP_API_LOG_LEVEL ?? env.EMOSWEEP_LOG_LEVEL ?? 'info',
    ...overrides,
  };
}
