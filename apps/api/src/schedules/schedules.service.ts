import { Inject, Injectable } from '@nestjs/common';
import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import { InputError } from '@emosweep/common';
import { ScheduleService } from '@emosweep/runtime';
import { ConflictError, type Store } from '@emosweep/store';
import type { ApiConfig } from '../config.js';
import { API_CONFIG, STORE, TEMPORAL_CLIENT } from '../core/tokens.js';
import { ApiError, badInput, isUuid, notFound, pageSize } from '../errors.js';
import { Metric, RunStatus } from '../graphql/common.types.js';
import { toApiError } from '../sweeps/spec-errors.js';
import { toSweep, type SweepConnection } from '../sweeps/sweep.types.js';
import { toSchedule, type CreateScheduleInput, type MetricPoint, type Schedule } from './schedule.types.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$/;

/**
 * Nightly (or any cron) re-runs of a sweep spec, as Temporal Schedules whose action starts
 * `sweepWorkflow` with the schedule's id: each run's workflow records its own sweep row linked to
 * the schedule (prepareSweep). The database row mirrors the Temporal schedule for listing and history.
 */
@Injectable()
export class SchedulesService {
  /** Creating, pausing, triggering and deleting Temporal Schedules: the logic the CLI uses too. */
  private readonly shared: ScheduleService;

  constructor(
    @Inject(STORE) private readonly store: Store,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(API_CONFIG) config: ApiConfig,
  ) {
    this.shared = new ScheduleService(store, temporal, config.caps);
  }

  async list(paused?: boolean | null): Promise<Schedule[]> {
    return (await this.store.schedules.list({ paused: paused ?? undefined })).map(toSchedule);
  }

  async get(id: string): Promise<Schedule | null> {
    const row = isUuid(id) ? await this.store.schedules.get(id) : null;
    return row && toSchedule(row);
  }

  private async row(id: string) {
    const row = isUuid(id) ? await this.store.schedules.get(id) : null;
    if (!row) throw notFound('schedule', id);
    return row;
  }

  async create(input: CreateScheduleInput): Promise<Schedule> {
    if (!NAME.test(input.name)) throw badInput('name: expected 1–100 letters, digits, spaces, ".", "_" or "-", starting with a letter or digit', { field: 'name' });
    const row = await this.call(() =>
      this.shared.create({ name: input.name, specText: input.spec, cron: input.cron, timezone: input.timezone ?? 'UTC', paused: input.paused ?? false }),
    );
    return toSchedule(row);
  }

  async pause(id: string, paused: boolean): Promise<Schedule> {
    const row = await this.row(id);
    return toSchedule(await this.shared.setPaused(row.id, paused));
  }

  /** Starts a run now (even while paused, and even if a run is still going). */
  async trigger(id: string): Promise<Schedule> {
    const row = await this.row(id);
    await this.shared.trigger(row.id);
    return toSchedule(row);
  }

  /** Deletes the schedule; the sweeps it started stay (unlinked). */
  async delete(id: string): Promise<boolean> {
    const row = await this.row(id);
    await this.shared.delete(row.id);
    return true;
  }

  /** The shared service's input errors as GraphQL errors naming the field. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof InputError) throw badInput(e.message, { field: e.input });
      if (e instanceof ConflictError) throw new ApiError('CONFLICT', e.message, { field: 'name' });
      const msg = (e as Error)?.message ?? String(e);
      if ((e as Error)?.name !== 'SpecError' && /cron|invalid/i.test(msg)) throw badInput(`cron: Temporal refused it: ${msg}`, { field: 'cron' });
      throw toApiError(e);
    }
  }

  async runs(scheduleId: string, first: number | null, after: string | null): Promise<SweepConnection> {
    const n = pageSize(first, 20, 100);
    if (after && !isUuid(after)) throw badInput('after: not a cursor returned by runs (pageInfo.endCursor)');
    const page = await this.store.schedules.runs(scheduleId, { first: n, after });
    const nodes = page.items.map(toSweep);
    return { nodes, edges: nodes.map((node) => ({ cursor: node.id, node })), pageInfo: { hasNextPage: page.nextCursor !== null, endCursor: page.nextCursor } };
  }

  /** The last `last` runs, oldest first, each with its best trial's mean `metric` (two queries). */
  async metricHistory(scheduleId: string, metric: Metric, last: number | null): Promise<MetricPoint[]> {
    const n = pageSize(last, 50, 500, 'last');
    const runs = await this.shared.history(scheduleId, metric, n);
    return runs
      .map(({ sweep, best, bestTrialId }) => ({ sweepId: sweep.id, at: sweep.createdAt, status: sweep.status as RunStatus, value: best, trialId: bestTrialId }))
      .reverse();
  }

  async nextRunTimes(temporalScheduleId: string): Promise<Date[]> {
    try {
      const d = await this.temporal.schedule.getHandle(temporalScheduleId).describe();
      return d.info.nextActionTimes.slice(0, 5);
    } catch (e) {
      if (e instanceof ScheduleNotFoundError) return [];
      throw e;
    }
  }
}
