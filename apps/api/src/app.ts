import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Module, type DynamicModule, type INestApplication, type LoggerService } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { GraphQLModule, GraphQLSchemaHost } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import express from 'express';
import { printSchema, type GraphQLSchema } from 'graphql';
import { pinoHttp } from 'pino-http';
import type { Logger } from '@emosweep/common';
import type { Store } from '@emosweep/store';
import { AuthService } from './auth/auth.service.js';
import { loadApiConfig, type ApiConfig } from './config.js';
import { CoreModule, type ApiDeps } from './core/core.module.js';
import { API_CONFIG, LOGGER, RESPONSE_CACHE, STORE } from './core/tokens.js';
import { cacheKey, type ResponseCache } from './graphql/response-cache.js';
import { GqlPassThroughFilter } from './graphql/error-filter.js';
import { graphqlOptions } from './graphql/gql-options.js';
import { AuthModule, DOMAIN_MODULES } from './modules.js';
import { graphqlMultipart } from './multipart.js';
import { ProgressHub } from './progress/progress.hub.js';

export type { ApiDeps };

@Module({})
export class AppModule {
  static forRoot(deps: ApiDeps, config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(deps, config),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [AuthModule],
          inject: [API_CONFIG, AuthService, STORE, LOGGER, RESPONSE_CACHE],
          useFactory: (cfg: ApiConfig, auth: AuthService, store: Store, log: Logger, cache: ResponseCache | null) => graphqlOptions({ config: cfg, auth, store, log, cache }),
        }),
        ...DOMAIN_MODULES,
      ],
    };
  }
}

/** Nest's own messages go to the structured log (route mapping at debug level). */
function nestLogger(log: Logger): LoggerService {
  return {
    log: (m, ctx) => log.debug({ ctx }, String(m)),
    error: (m, trace, ctx) => log.error({ ctx, trace }, String(m)),
    warn: (m, ctx) => log.warn({ ctx }, String(m)),
    debug: (m, ctx) => log.debug({ ctx }, String(m)),
    verbose: (m, ctx) => log.trace({ ctx }, String(m)),
  };
}

const API_PATHS = /^\/(graphql|healthz|readyz|artifacts)(\/|$|\?)/;

export interface ApiApp {
  app: INestApplication;
  config: ApiConfig;
  /** The generated schema (what `schema.graphql` holds). */
  schema(): GraphQLSchema;
  /** Starts listening; resolves to the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The API over services the caller opened (and closes): GraphQL at /graphql (HTTP and graphql-ws),
 * /healthz, /readyz, short-lived artifact links, and the console's build at / when it exists.
 */
export async function createApiApp(deps: ApiDeps, overrides: Partial<ApiConfig> = {}): Promise<ApiApp> {
  const config = loadApiConfig(process.env, overrides);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(deps, config), {
    logger: nestLogger(deps.log),
    bodyParser: true,
    cors: {
      origin: config.corsOrigins,
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ['authorization', 'content-type', 'apollo-require-preflight', 'x-apollo-operation-name'],
      maxAge: 600,
    },
  });
  app.useGlobalFilters(new GqlPassThroughFilter(app.get(HttpAdapterHost).httpAdapter));
  app.useBodyParser('json', { limit: config.maxBodyBytes });
  app.disable('x-powered-by');
  app.use(
    pinoHttp({
      logger: deps.log.child({ component: 'http' }, { level: config.logLevel }),
      customProps: (req) => ({ gql: (req as unknown as { gql?: object }).gql }),
      autoLogging: { ignore: (req) => req.url === '/healthz' },
      serializers: {
        req: (r: { method: string; url: string; id: unknown }) => ({ id: r.id, method: r.method, url: r.url }),
        res: (r: { statusCode: number }) => ({ statusCode: r.statusCode }),
      },
    }),
  );
  app.use('/graphql', graphqlMultipart({ maxFileBytes: config.maxUploadBytes }));
  const cache = app.get<ResponseCache | null>(RESPONSE_CACHE);
  if (cache) app.use('/graphql', cachedResponses(cache, app.get(AuthService), config.maxBodyBytes));
  if (fs.existsSync(path.join(config.consoleDir, 'index.html'))) {
    app.use(express.static(config.consoleDir, { index: 'index.html', maxAge: '1h' }));
    app.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
      if (req.method !== 'GET' || API_PATHS.test(req.path) || !req.accepts('html')) return next();
      res.sendFile(path.join(config.consoleDir, 'index.html'));
    });
  }
  await app.init();
  await app.get(ProgressHub).start();
  return {
    app,
    config,
    schema: () => app.get(GraphQLSchemaHost).schema,
    async listen(port = config.port, host = config.host) {
      await app.listen(port, host);
      const addr = app.getHttpServer().address() as AddressInfo;
      const h = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      return `http://${h}:${addr.port}`;
    },
    close: () => app.close(),
  };
}

/**
 * The response cache's fast path, in front of Apollo: a POSTed query whose exact text and variables
 * were answered before (and cached, see graphql/response-cache.ts) is answered with the stored JSON
 * once its token checks out. Everything else (and every auth failure) goes on to Apollo.
 */
function cachedResponses(cache: ResponseCache, auth: AuthService, limit: number) {
  const json = express.json({ limit });
  return (req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (req.method !== 'POST' || !req.is('application/json')) return next();
    json(req, res, (err?: unknown) => {
      if (err) return next(err);
      const body = req.body as { query?: unknown; operationName?: string; variables?: Record<string, unknown> } | undefined;
      if (!body || typeof body.query !== 'string') return next();
      const hit = cache.get(cacheKey(body.query, body.operationName, body.variables));
      if (!hit) return next();
      auth.authenticate(req.headers.authorization).then(
        () => {
          cache.hits++;
          (req as unknown as { gql: object }).gql = { op: body.operationName ?? null, type: 'query', cache: 'hit' };
          res.status(200).type('application/json; charset=utf-8').send(hit.json);
        },
        () => next(),
      );
    });
  };
}

/** SDL of a schema, as committed in apps/api/schema.graphql. */
export function schemaSdl(schema: GraphQLSchema): string {
  return `${printSchema(schema)}\n`;
}
