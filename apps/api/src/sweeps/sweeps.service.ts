import path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { EXTRACTOR_VERSION, resolveFeatureParams, type Representation } from '@emosweep/features';
import type { SweepService } from '@emosweep/runtime';
import { assertWithinCaps, dryRun, featureSetKey, parseSweepSpec, type SweepSpec } from '@emosweep/sweeps';
import { TERMINAL, type ArtifactStore, type Dataset, type RunStatus, type Store, type Sweep as SweepRow } from '@emosweep/store';
import type { ApiConfig } from '../config.js';
import { API_CONFIG, ARTIFACTS, STORE, SWEEP_SERVICE, TEMPORAL_CLIENT } from '../core/tokens.js';
import { ApiError, badInput, isUuid, notFound, pageSize } from '../errors.js';
import { toApiError, withSpecErrors } from './spec-errors.js';
import { toSweep, type DryRun, type Sweep, type SweepConnection } from './sweep.types.js';

/** Largest spec text accepted (a 1,000-trial grid is a few hundred bytes). */
export const MAX_SPEC_BYTES = 256 * 1024;

export interface SweepListArgs {
  first?: number | null;
  after?: string | null;
  status?: RunStatus | null;
  scheduleId?: string | null;
  datasetId?: string | null;
}

@Injectable()
export class SweepsService {
  constructor(
    @Inject(STORE) private readonly store: Store,
    @Inject(SWEEP_SERVICE) private readonly sweeps: SweepService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(ARTIFACTS) private readonly artifacts: ArtifactStore,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async get(id: string): Promise<Sweep | null> {
    if (!isUuid(id)) return null;
    const row = await this.store.sweeps.get(id);
    return row && toSweep(row);
  }

  async getOrThrow(id: string): Promise<SweepRow> {
    const row = isUuid(id) ? await this.store.sweeps.get(id) : null;
    if (!row) throw notFound('sweep', id);
    return row;
  }

  async list(args: SweepListArgs): Promise<SweepConnection> {
    const first = pageSize(args.first, 20, 100);
    if (args.after && !isUuid(args.after)) throw badInput('after: not a cursor returned by sweeps (pageInfo.endCursor)');
    const page = await this.store.sweeps.list({
      first,
      after: args.after ?? null,
      status: args.status ?? undefined,
      scheduleId: args.scheduleId ?? undefined,
      datasetId: args.datasetId ?? undefined,
    });
    const nodes = page.items.map(toSweep);
    return { nodes, edges: nodes.map((node) => ({ cursor: node.id, node })), pageInfo: { hasNextPage: page.nextCursor !== null, endCursor: page.nextCursor } };
  }

  private parse(specText: string): SweepSpec {
    if (Buffer.byteLength(specText, 'utf8') > MAX_SPEC_BYTES) throw badInput(`spec is larger than ${MAX_SPEC_BYTES} bytes`);
    return withSpecErrors(() => parseSweepSpec(specText));
  }

  /** The newest registered version of the dataset a spec points at (same importer, root and classes). */
  async findDataset(d: SweepSpec['dataset']): Promise<Dataset | null> {
    const root = path.resolve(d.root);
    return this.store.prisma.dataset.findFirst({
      where: {
        format: d.format === 'manifest' ? 'manifest' : 'iemocap',
        classes: String(d.classes) === 'all' ? 'all' : '4',
        root: { in: [root, path.join(root, 'IEMOCAP_full_release')] },
      },
      orderBy: { createdAt: 'desc' },
    });
  }

  async dryRun(specText: string): Promise<DryRun> {
    const spec = this.parse(specText);
    const dataset = await this.findDataset(spec.dataset);
    const groupCounts = (dataset?.counts as { groups?: Record<string, number> } | undefined)?.groups;
    const plan = withSpecErrors(() => dryRun(spec, groupCounts ? Object.keys(groupCounts) : undefined, { counts: groupCounts }));
    const notes = [...plan.notes];
    try {
      assertWithinCaps(plan, this.config.caps);
    } catch (e) {
      notes.push(`launchSweep would refuse this spec: ${(e as Error).message}`);
    }
    const featureSets = await Promise.all(
      plan.featureSets.map(async (need) => {
        if (!dataset) return { representation: need.representation, params: need.params, key: null, exists: null };
        const params = resolveFeatureParams(need.representation as Representation, need.params as never);
        const key = featureSetKey({ datasetVersion: dataset.version, representation: need.representation, params, extractorVersion: EXTRACTOR_VERSION });
        const row = await this.store.featureSets.get(key);
        return { representation: need.representation, params: need.params, key, exists: row?.status === 'ready' };
      }),
    );
    return {
      name: spec.name,
      trials: plan.trials,
      folds: plan.folds,
      foldRuns: plan.foldRuns,
      gridSize: plan.gridSize,
      heldOut: plan.heldOut ?? spec.cv.folds ?? null,
      datasetId: dataset?.id ?? null,
      featureSets,
      dropped: plan.dropped.map((d) => ({ params: d.params, kind: d.kind, reason: d.reason })),
      notes,
      estimatedSeconds: plan.estimatedSeconds ?? null,
    };
  }

  /** Validates (the same code as `emosweep sweep run`), records the sweep and starts its workflow. */
  async launch(specText: string): Promise<Sweep> {
    const spec = this.parse(specText);
    withSpecErrors(() => assertWithinCaps(dryRun(spec), this.config.caps));
    try {
      const { sweep } = await this.sweeps.launch(specText);
      return toSweep(sweep);
    } catch (e) {
      throw toApiError(e);
    }
  }

  /** Asks the workflow to stop; running folds stop at their next heartbeat and the sweep ends `cancelled`. */
  async cancel(id: string): Promise<Sweep> {
    const row = await this.getOrThrow(id);
    if (TERMINAL.includes(row.status)) return toSweep(row);
    let running = false;
    if (row.workflowId) {
      try {
        const handle = this.temporal.workflow.getHandle(row.workflowId);
        const info = await handle.describe();
        running = info.status.name === 'RUNNING';
        if (running) await handle.cancel();
      } catch (e) {
        if (!(e instanceof WorkflowNotFoundError)) throw e;
      }
    }
    // No workflow to stop (never started, or gone): the row is all there is.
    if (!running) await this.store.sweeps.setStatus(id, 'cancelled', { error: 'cancelled (no running workflow)' });
    return toSweep(await this.store.sweeps.getOrThrow(id));
  }

  /** Deletes a finished sweep with its trials, folds, epochs, checkpoint rows and checkpoint objects. */
  async delete(id: string): Promise<boolean> {
    const row = await this.getOrThrow(id);
    if (!TERMINAL.includes(row.status)) {
      throw new ApiError('CONFLICT', `sweep ${id} is ${row.status}: cancel it (cancelSweep) and wait until it reports cancelled before deleting it`, { status: row.status });
    }
    // A cancelled workflow does not wait for its folds: they stop at their next heartbeat (a fold
    // still marked running minutes later belongs to a worker that died, and does not block).
    const { running } = await this.store.foldRuns.progress(id);
    const recent = !row.finishedAt || Date.now() - row.finishedAt.getTime() < 2 * 60_000;
    if (running > 0 && recent) throw new ApiError('CONFLICT', `sweep ${id} is ${row.status} but ${running} fold run(s) are still stopping: try again in a few seconds`, { status: row.status, runningFolds: running });
    const objects = await this.artifacts.list(`checkpoints/${id}/`);
    for (const o of objects) await this.artifacts.delete(o.key);
    await this.store.sweeps.delete(id);
    return true;
  }
}
