import type { Prisma, PrismaClient, RunStatus, Sweep } from '../generated/prisma/client.js';
import { NotFoundError, retryOnUniqueViolation } from '../errors.js';
import { allowedFrom, TERMINAL } from './status.js';

export interface SweepInput {
  /** Optional caller-chosen id (UUID): makes `create` idempotent on it. */
  id?: string;
  name: string;
  spec: Prisma.InputJsonValue;
  specText: string;
  datasetId?: string | null;
  scheduleId?: string | null;
  /** Temporal workflow id: makes `create` idempotent on it. */
  workflowId?: string | null;
  seed: number;
  device: string;
  trialCount: number;
  foldCount: number;
}

export type SweepPatch = Partial<Pick<SweepInput, 'name' | 'spec' | 'specText' | 'datasetId' | 'scheduleId' | 'workflowId' | 'seed' | 'device' | 'trialCount' | 'foldCount'>>;

export interface SweepListOptions {
  first?: number;
  /** `nextCursor` of the previous page. */
  after?: string | null;
  status?: RunStatus | RunStatus[];
  scheduleId?: string;
  datasetId?: string;
}

export interface Page<T> {
  items: T[];
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
}

export class SweepRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Creates a sweep; with `id` or `workflowId`, a repeated call returns the existing row. */
  async create(input: SweepInput): Promise<Sweep> {
    const data = {
      ...(input.id ? { id: input.id } : {}),
      name: input.name,
      spec: input.spec,
      specText: input.specText,
      datasetId: input.datasetId ?? null,
      scheduleId: input.scheduleId ?? null,
      workflowId: input.workflowId ?? null,
      seed: input.seed,
      device: input.device,
      trialCount: input.trialCount,
      foldCount: input.foldCount,
    };
    if (input.id) return retryOnUniqueViolation(() => this.prisma.sweep.upsert({ where: { id: input.id }, create: data, update: {} }));
    if (input.workflowId) {
      const workflowId = input.workflowId;
      return retryOnUniqueViolation(() => this.prisma.sweep.upsert({ where: { workflowId }, create: data, update: {} }));
    }
    return this.prisma.sweep.create({ data });
  }

  /** Updates descriptive fields (counts once the grid is expanded, dataset once imported, …); not the status. */
  update(id: string, patch: SweepPatch): Promise<Sweep> {
    return this.prisma.sweep.update({ where: { id }, data: patch });
  }

  /** Sets the Temporal workflow id once the workflow is started. */
  attachWorkflow(id: string, workflowId: string): Promise<Sweep> {
    return this.prisma.sweep.update({ where: { id }, data: { workflowId } });
  }

  /**
   * Moves a sweep to `status` (forward only, see status.ts): `running` stamps startedAt once,
   * terminal statuses stamp finishedAt. `changed` is false when the transition was not allowed
   * or had already happened (the row is returned as it is).
   */
  async setStatus(id: string, status: RunStatus, opts: { error?: string | null } = {}): Promise<{ sweep: Sweep; changed: boolean }> {
    const now = new Date();
    const data: Prisma.SweepUpdateManyMutationInput = { status };
    if (TERMINAL.includes(status)) data.finishedAt = now;
    if (opts.error !== undefined) data.error = opts.error;
    const { count } = await this.prisma.sweep.updateMany({ where: { id, status: { in: allowedFrom(status), not: status } }, data });
    if (status === 'running') {
      await this.prisma.sweep.updateMany({ where: { id, startedAt: null }, data: { startedAt: now } });
    }
    return { sweep: await this.getOrThrow(id), changed: count === 1 };
  }

  get(id: string): Promise<Sweep | null> {
    return this.prisma.sweep.findUnique({ where: { id } });
  }

  async getOrThrow(id: string): Promise<Sweep> {
    const s = await this.get(id);
    if (!s) throw new NotFoundError('sweep', id);
    return s;
  }

  getByWorkflowId(workflowId: string): Promise<Sweep | null> {
    return this.prisma.sweep.findUnique({ where: { workflowId } });
  }

  /** Newest first, keyset-paginated on (createdAt, id). */
  async list(opts: SweepListOptions = {}): Promise<Page<Sweep>> {
    const first = Math.min(Math.max(opts.first ?? 50, 1), 500);
    const where: Prisma.SweepWhereInput = {
      ...(opts.status ? { status: Array.isArray(opts.status) ? { in: opts.status } : opts.status } : {}),
      ...(opts.scheduleId ? { scheduleId: opts.scheduleId } : {}),
      ...(opts.datasetId ? { datasetId: opts.datasetId } : {}),
    };
    const rows = await this.prisma.sweep.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: first + 1,
      ...(opts.after ? { cursor: { id: opts.after }, skip: 1 } : {}),
    });
    const items = rows.slice(0, first);
    return { items, nextCursor: rows.length > first ? items[items.length - 1].id : null };
  }

  /** Deletes a sweep with its trials, fold runs, epochs and checkpoint rows. */
  async delete(id: string): Promise<void> {
    await this.prisma.sweep.delete({ where: { id } });
  }
}
