import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import {
  Kind,
  TypeInfo,
  getNamedType,
  valueFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FormattedExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { GqlContext } from './context.js';

/**
 * Read-through cache of whole query responses about one sweep, invalidated by the same database
 * notifications that drive `sweepProgress` (every write to a sweep's Sweep/Trial/FoldRun/EpochMetric
 * rows notifies with its sweep id). Only queries whose every field is covered by those
 * notifications are cached: `sweep(id)` and `leaderboard(sweepId)` over sweeps, trials, folds,
 * epochs and (immutable) datasets — not checkpoints, schedules, feature sets or anything spanning
 * several sweeps. A response computed while its sweep changed is not stored (version check), any
 * mutation through this API clears the cache, and entries expire after `ttlMs` as a backstop for
 * writes that notify nothing (a sweep deleted from another process).
 */
export class ResponseCache {
  private readonly entries = new Map<string, { sweepId: string; body: FormattedExecutionResult; json: string; at: number }>();
  private readonly bySweep = new Map<string, Set<string>>();
  private readonly versions = new Map<string, number>();
  private epoch = 0;
  hits = 0;
  misses = 0;

  constructor(
    readonly maxEntries = 1000,
    readonly ttlMs = 60_000,
  ) {}

  version(sweepId: string): string {
    return `${this.epoch}:${this.versions.get(sweepId) ?? 0}`;
  }

  get(key: string): { body: FormattedExecutionResult; json: string } | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (Date.now() - e.at > this.ttlMs) {
      this.drop(key);
      return undefined;
    }
    this.entries.delete(key); // LRU: most recent last
    this.entries.set(key, e);
    return e;
  }

  set(key: string, sweepId: string, versionAtStart: string, body: FormattedExecutionResult): void {
    if (this.version(sweepId) !== versionAtStart) return; // the sweep changed while this was computed
    this.drop(key);
    this.entries.set(key, { sweepId, body, json: `${JSON.stringify(body)}\n`, at: Date.now() });
    let keys = this.bySweep.get(sweepId);
    if (!keys) this.bySweep.set(sweepId, (keys = new Set()));
    keys.add(key);
    while (this.entries.size > this.maxEntries) this.drop(this.entries.keys().next().value!);
  }

  /** A write to `sweepId`'s rows was committed. */
  invalidate(sweepId: string): void {
    this.versions.set(sweepId, (this.versions.get(sweepId) ?? 0) + 1);
    const keys = this.bySweep.get(sweepId);
    if (!keys) return;
    this.bySweep.delete(sweepId);
    for (const k of keys) this.entries.delete(k);
  }

  /** Anything may have changed (a mutation, a lost LISTEN connection). */
  clear(): void {
    this.epoch++;
    this.versions.clear();
    this.entries.clear();
    this.bySweep.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private drop(key: string) {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.bySweep.get(e.sweepId)?.delete(key);
  }
}

/** Fields whose values change only with notified writes to one sweep (or never). */
const CACHEABLE: Record<string, '*' | readonly string[]> = {
  Query: ['sweep', 'leaderboard'],
  Sweep: '*',
  Trial: '*',
  FoldRun: ['id', 'trialId', 'heldOut', 'status', 'seed', 'attempt', 'metrics', 'perClass', 'confusion', 'bestEpoch', 'epochsRun', 'startedAt', 'finishedAt', 'error', 'worker', 'epochs'],
  EpochMetric: '*',
  Metrics: '*',
  FoldCounts: '*',
  LeaderboardEntry: '*',
  Dataset: '*',
  DatasetCounts: '*',
  NamedCount: '*',
  GroupLabels: '*',
};

/** The sweep a query is about when it can be cached, else null. */
export function cacheScope(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): string | null {
  if (operation.operation !== 'query') return null;
  let sweepId: string | null = null;
  let ok = true;
  // root fields: sweep(id: X) / leaderboard(sweepId: X) (no datasetId), all about the same X
  for (const sel of operation.selectionSet.selections) {
    if (sel.kind !== Kind.FIELD) return null;
    if (sel.name.value === '__typename') continue;
    const argName = sel.name.value === 'sweep' ? 'id' : sel.name.value === 'leaderboard' ? 'sweepId' : null;
    if (!argName) return null;
    if (sel.arguments?.some((a) => a.name.value === 'datasetId')) return null;
    const arg = sel.arguments?.find((a) => a.name.value === argName);
    const value = arg ? valueFromAST(arg.value, schema.getType('ID') as never, variables) : undefined;
    if (typeof value !== 'string' || (sweepId !== null && sweepId !== value)) return null;
    sweepId = value;
  }
  if (!sweepId) return null;
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (node.name.value === '__typename') return;
        const parent = typeInfo.getParentType();
        const allowed = parent ? CACHEABLE[getNamedType(parent).name] : undefined;
        if (!allowed || (allowed !== '*' && !allowed.includes(node.name.value))) ok = false;
      },
    }),
  );
  return ok ? sweepId : null;
}

function stableJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  return `{${Object.keys(v as object)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}

/** Cache key of a request: its query text, operation name and variables. */
export function cacheKey(query: string, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): string {
  return createHash('sha1')
    .update(query)
    .update('\0')
    .update(operationName ?? '')
    .update('\0')
    .update(stableJson(variables ?? {}))
    .digest('base64url');
}

interface CacheNote {
  key: string;
  sweepId: string;
  version: string;
  hit: boolean;
}

const NOTE = Symbol('emosweep:response-cache');

export function responseCachePlugin(cache: ResponseCache): ApolloServerPlugin<GqlContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          if (rc.operation?.operation === 'mutation') {
            cache.clear();
            return;
          }
          if (!rc.operation) return;
          const sweepId = cacheScope(rc.schema, rc.document, rc.operation, rc.request.variables);
          if (!sweepId) return;
          const key = cacheKey(rc.request.query ?? rc.source ?? '', rc.request.operationName, rc.request.variables);
          (rc.contextValue as unknown as Record<symbol, CacheNote>)[NOTE] = { key, sweepId, version: cache.version(sweepId), hit: false };
        },
        async responseForOperation(rc) {
          const note = (rc.contextValue as unknown as Record<symbol, CacheNote | undefined>)[NOTE];
          if (!note) return null;
          const body = cache.get(note.key)?.body;
          if (!body) {
            cache.misses++;
            return null;
          }
          cache.hits++;
          note.hit = true;
          if (rc.contextValue.req) (rc.contextValue.req as unknown as { gql?: { cache?: string } }).gql!.cache = 'hit';
          return { http: { status: 200, headers: new HeaderMap() }, body: { kind: 'single', singleResult: body } };
        },
        async willSendResponse(rc) {
          const note = (rc.contextValue as unknown as Record<symbol, CacheNote | undefined>)[NOTE];
          if (!note || note.hit || rc.response.body.kind !== 'single') return;
          const result = rc.response.body.singleResult;
          if (result.errors?.length || !result.data) return;
          // a missing sweep (null) or an empty board is not worth remembering (the sweep may appear)
          if (Object.values(result.data).some((v) => v === null || (Array.isArray(v) && v.length === 0))) return;
          cache.set(note.key, note.sweepId, note.version, result);
        },
      };
    },
  };
}
