import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, getOperationAST, parse, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { Logger } from '@emosweep/common';
import type { Store } from '@emosweep/store';
import type { AuthService } from '../auth/auth.service.js';
import type { ApiConfig } from '../config.js';
import { ApiError } from '../errors.js';
import type { GqlContext, Principal } from './context.js';
import { assertAllowed, assertComplexity, depthLimitRule, validateDocument } from './limits.js';
import { createLoaders } from './loaders.js';
import { responseCachePlugin, type ResponseCache } from './response-cache.js';

/** Store/importer errors that carry a meaning for the caller, by class name. */
const KNOWN: Record<string, string> = {
  NotFoundError: 'NOT_FOUND',
  ConflictError: 'CONFLICT',
  InputError: 'BAD_USER_INPUT',
  SpecError: 'BAD_USER_INPUT',
  ServiceUnavailableError: 'UNAVAILABLE',
};

export function formatError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error) as Error | undefined;
    // Apollo files every validation error under GRAPHQL_VALIDATION_FAILED: keep the depth limit's own code.
    if (formatted.extensions?.maxDepth !== undefined) return { ...formatted, extensions: { ...formatted.extensions, code: 'QUERY_TOO_DEEP' } };
    if (original instanceof GraphQLError) return formatted; // ApiError, validation, parsing: already meant for the caller
    const code = original?.name ? KNOWN[original.name] : undefined;
    if (code) return { ...formatted, message: original!.message, extensions: { ...formatted.extensions, code } };
    if (formatted.extensions?.code && formatted.extensions.code !== 'INTERNAL_SERVER_ERROR') return formatted;
    log.error({ err: original ?? error, path: formatted.path }, 'resolver failed');
    return { message: 'internal error (logged on the server)', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/** Role and complexity, checked once the operation is known and before anything executes; request log fields. */
export function limitsPlugin(config: ApiConfig): ApolloServerPlugin<GqlContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          const ctx = rc.contextValue;
          if (ctx.req) (ctx.req as unknown as { gql: object }).gql = { op: rc.operationName ?? rc.operation?.name?.value ?? null, type: rc.operation?.operation };
          assertAllowed(rc.operation, ctx.principal);
          ctx.complexity = assertComplexity(rc.schema, rc.document, rc.operationName, rc.request.variables, config.maxComplexity);
          if (ctx.req) (ctx.req as unknown as { gql: { cost?: number } }).gql.cost = ctx.complexity;
        },
      };
    },
  };
}

interface WsExtra {
  request: { headers: Record<string, string | string[] | undefined> };
  socket: { close(code: number, reason: string): void };
  principal?: Principal;
}

export function graphqlOptions(deps: { config: ApiConfig; auth: AuthService; store: Store; log: Logger; cache: ResponseCache | null }): ApolloDriverConfig {
  const { config, auth, store, log, cache } = deps;
  const limits = { maxDepth: config.maxDepth, maxComplexity: config.maxComplexity };
  return {
    autoSchemaFile: true,
    sortSchema: true,
    graphiql: false,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    path: '/graphql',
    context: async ({ req }: { req: GqlContext['req'] }): Promise<GqlContext> => ({
      principal: await auth.authenticate(req?.headers.authorization),
      loaders: createLoaders(store),
      req,
    }),
    validationRules: [depthLimitRule(config.maxDepth)],
    // Cache hints are unused here, and the cache-control plugin wraps every field resolver.
    plugins: [limitsPlugin(config), ApolloServerPluginCacheControlDisabled(), ...(cache ? [responseCachePlugin(cache)] : [])],
    formatError: formatError(log),
    subscriptions: {
      'graphql-ws': {
        path: '/graphql',
        // Token: connectionParams.authorization ("Bearer …"), else the upgrade request's header.
        onConnect: async (ctx: { connectionParams?: Record<string, unknown>; extra: unknown }) => {
          const extra = ctx.extra as WsExtra;
          const header = (ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization ?? extra.request.headers.authorization) as string | undefined;
          try {
            extra.principal = await auth.authenticate(header);
            return true;
          } catch (e) {
            extra.socket.close(4401, `UNAUTHENTICATED: ${(e as Error).message}`.slice(0, 120));
            return false;
          }
        },
        onSubscribe: (ctx: { extra: unknown }, _id: string, payload: { query: string; operationName?: string | null }) => {
          let doc;
          try {
            doc = parse(payload.query);
          } catch {
            return; // graphql-ws reports the syntax error itself
          }
          try {
            assertAllowed(getOperationAST(doc, payload.operationName ?? undefined), (ctx.extra as WsExtra).principal);
          } catch (e) {
            return [e as ApiError];
          }
        },
        validate: (schema: GraphQLSchema, document: DocumentNode) => {
          const errors = validateDocument(schema, document, limits);
          if (errors.length) return errors;
          try {
            assertComplexity(schema, document, undefined, {}, limits.maxComplexity);
          } catch (e) {
            return [e as GraphQLError];
          }
          return [];
        },
        context: (ctx: { extra: unknown }): GqlContext => ({ principal: (ctx.extra as WsExtra).principal!, loaders: createLoaders(store) }),
      } as never,
    },
  };
}
