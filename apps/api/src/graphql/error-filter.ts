import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { GqlContextType } from '@nestjs/graphql';

/**
 * GraphQL errors go back to Apollo untouched: `formatError` (gql-options.ts) decides what the
 * caller sees and logs only unexpected ones (Nest's default filter would log every user error,
 * e.g. a malformed spec, as a server error). HTTP routes keep Nest's default handling.
 */
@Catch()
export class GqlPassThroughFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType<GqlContextType>() === 'graphql') return exception;
    return super.catch(exception, host);
  }
}
