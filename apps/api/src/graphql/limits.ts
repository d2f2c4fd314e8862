import {
  GraphQLError,
  Kind,
  specifiedRules,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { ComplexityEstimatorArgs } from '@nestjs/graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { ApiError } from '../errors.js';
import type { Principal } from './context.js';

/**
 * Query limits, checked before anything runs:
 * - depth: nesting of selections (introspection fields do not count);
 * - complexity: an estimate of the rows a query may return. Every field costs 1; a list field
 *   costs (its page size) × (1 + its selection's cost), where the page size is the `first`
 *   argument or the field's default. Lists without a page argument use a fixed estimate
 *   (a trial's folds: FOLDS_ESTIMATE, IEMOCAP's five sessions).
 */
export const FOLDS_ESTIMATE = 5;

/** Complexity of a list field paged by `arg` (default `def`). */
export function listComplexity(def: number, arg = 'first') {
  return ({ args, childComplexity }: ComplexityEstimatorArgs): number => {
    const n = typeof args[arg] === 'number' ? (args[arg] as number) : def;
    return Math.max(0, n) * (1 + childComplexity);
  };
}

/** Complexity of a list of about `n` items that has no page argument. */
export function fixedListComplexity(n: number) {
  return ({ childComplexity }: ComplexityEstimatorArgs): number => n * (1 + childComplexity);
}

function depthOf(selectionSet: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>, visiting: Set<string>): number {
  if (!selectionSet) return 0;
  let max = 0;
  for (const sel of selectionSet.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value.startsWith('__')) continue;
      max = Math.max(max, sel.selectionSet ? 1 + depthOf(sel.selectionSet, fragments, visiting) : 1);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      max = Math.max(max, depthOf(sel.selectionSet, fragments, visiting));
    } else if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const name = sel.name.value;
      const frag = fragments[name];
      if (!frag || visiting.has(name)) continue; // unknown or cyclic fragments are reported by the standard rules
      visiting.add(name);
      max = Math.max(max, depthOf(frag.selectionSet, fragments, visiting));
      visiting.delete(name);
    }
  }
  return max;
}

/** Validation rule: refuses operations nested deeper than `maxDepth` fields. */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext) => {
    const doc = context.getDocument();
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
    for (const d of doc.definitions) {
      if (d.kind !== Kind.OPERATION_DEFINITION) continue;
      const depth = depthOf(d.selectionSet, fragments, new Set());
      if (depth > maxDepth) {
        context.reportError(
          new GraphQLError(`query is nested ${depth} levels deep, over the limit of ${maxDepth}: ask for fewer nested fields`, {
            nodes: [d],
            extensions: { code: 'QUERY_TOO_DEEP', depth, maxDepth, http: { status: 400 } },
          }),
        );
      }
    }
    return {};
  };
}

export interface Limits {
  maxDepth: number;
  maxComplexity: number;
}

export function queryComplexity(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): number {
  return getComplexity({
    schema,
    query: document,
    operationName: operationName ?? undefined,
    variables: variables ?? {},
    estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
  });
}

/** Throws QUERY_TOO_COMPLEX when the estimate is over the limit; returns the estimate. */
export function assertComplexity(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined, max: number): number {
  let cost: number;
  try {
    cost = queryComplexity(schema, document, operationName, variables);
  } catch (e) {
    // e.g. a variable of the wrong type: let execution report it with its usual message
    if (e instanceof GraphQLError) return 0;
    throw e;
  }
  if (cost > max) {
    throw new ApiError('QUERY_TOO_COMPLEX', `query cost ${cost} is over the limit of ${max} (cost ≈ rows it may return: page sizes × nested lists); ask for smaller pages (first) or fewer nested lists`, {
      cost,
      maxCost: max,
      http: { status: 400 },
    });
  }
  return cost;
}

/** Mutations need an operator token; queries and subscriptions any valid token. */
export function assertAllowed(operation: OperationDefinitionNode | undefined | null, principal: Principal | undefined): void {
  if (operation?.operation === 'mutation' && principal?.role !== 'operator') {
    throw new ApiError('FORBIDDEN', `mutations need an operator token (this token "${principal?.name ?? '?'}" has role ${principal?.role ?? 'none'})`);
  }
}

/** The validation graphql-ws runs for subscriptions (Apollo runs the same rules for HTTP). */
export function validateDocument(schema: GraphQLSchema, document: DocumentNode, limits: Limits): readonly GraphQLError[] {
  return validate(schema, document, [...specifiedRules, depthLimitRule(limits.maxDepth)]);
}
