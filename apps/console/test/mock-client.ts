/** A urql client stand-in: answers operations by name from handlers (no network). */
import { vi } from 'vitest';
import { fromValue, never, pipe, delay } from 'wonka';
import { CombinedError, type Client, type Operation, type OperationResult } from "urql";
import { GraphQLError, Kind, type OperationDefinitionNode } from 'graphql';

export type Handler = (vars: Record<string, unknown>) => { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } | undefined;

function opName(op: Operation): string {
  const def = op.query.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return def?.name?.value ?? '';
}

export function mockClient(handlers: Record<string, Handler>, calls: { name: string; variables: Record<string, unknown> }[] = []) {
  const answer = (op: Operation) => {
    const name = opName(op);
    const variables = (op.variables ?? {}) as Record<string, unknown>;
    calls.push({ name, variables });
    const h = handlers[name];
    if (!h) return never;
    const r = h(variables);
    if (!r) return never;
    const result: OperationResult = {
      operation: op,
      data: r.data,
      error: r.errors ? new CombinedError({ graphQLErrors: r.errors.map((e) => new GraphQLError(e.message, { extensions: e.extensions })) }) : undefined,
      stale: false,
      hasNext: false,
    };
    return pipe(fromValue(result), delay(1));
  };
  const client = {
    executeQuery: vi.fn((op: Operation) => answer(op)),
    executeMutation: vi.fn((op: Operation) => answer(op)),
    executeSubscription: vi.fn(() => never),
    executeRequestOperation: vi.fn((op: Operation) => answer(op)),
    suspense: false,
  };
  return client as unknown as Client;
}
