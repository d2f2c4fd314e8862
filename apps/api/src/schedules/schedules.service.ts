import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ScheduleNotFoundError, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { TASK_QUEUES, type SweepWorkflowInput } from '@emosweep/activities';
import { assertWithinCaps, dryRun, parseSweepSpec } from '@emosweep/sweeps';
import { ConflictError, type Store } from '@emosweep/store';
import type { ApiConfig } from '../config.js';
import { API_CONFIG, STORE, TEMPORAL_CLIENT } from '../core/tokens.js';
import { ApiError, badInput, isUuid, notFound, pageSize } from '../errors.js';
import { Metric, RunStatus } from '../graphql/common.types.js';
import { withSpecErrors } from '../sweeps/spec-errors.js';
import { toSweep, type SweepConnection } from '../sweeps/sweep.types.js';
import { toSchedule, type CreateScheduleInput, type MetricPoint, type Schedule } from './schedule.types.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$/;
const MEAN = { ua: 'meanUa', wa: 'meanWa', macroF1: 'meanMacroF1' } as const;

/**
 * Nightly (or any cron) re-runs of a sweep spec, as Temporal Schedules whose action starts
 * `sweepWorkflow` with the schedule's id: each run's workflow records its own sweep row linked to
 * the schedule (prepareSweep). The database row mirrors the Temporal schedule for listing and history.
 */
@Injectable()
export class SchedulesService {
  constructor(
    @Inject(STORE) private readonly store: Store,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

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
    const timezone = input.timezone ?? 'UTC';
    if (!NAME.test(input.name)) throw badInput('name: expected 1–100 letters, digits, spaces, ".", "_" or "-", starting with a letter or digit', { field: 'name' });
    try {
      new Intl.DateTimeFormat('en', { timeZone: timezone });
    } catch {
      throw badInput(`timezone: "${timezone}" is not an IANA time zone (e.g. UTC, Europe/Paris)`, { field: 'timezone' });
    }
    const fields = input.cron.trim().split(/\s+/);
    if (fields.length < 5 || fields.length > 7 || /^(CRON_)?TZ=/.test(input.cron.trim())) {
      throw badInput(`cron: "${input.cron}" is not a cron expression of 5 fields (minute hour day-of-month month day-of-week); give the time zone in timezone`, { field: 'cron' });
    }
    const spec = withSpecErrors(() => parseSweepSpec(input.spec));
    withSpecErrors(() => assertWithinCaps(dryRun(spec), this.config.caps));
    const temporalScheduleId = `emosweep-schedule-${randomUUID()}`;
    let row;
    try {
      row = await this.store.schedules.create({ name: input.name, cron: input.cron.trim(), timezone, spec: spec as never, specText: input.spec, temporalScheduleId, paused: input.paused ?? false });
    } catch (e) {
      if (e instanceof ConflictError) throw new ApiError('CONFLICT', `a schedule named "${input.name}" already exists`, { field: 'name' });
      throw e;
    }
    const args: SweepWorkflowInput = { spec, specText: input.spec, scheduleId: row.id };
    try {
      await this.temporal.schedule.create({
        scheduleId: temporalScheduleId,
        spec: { cronExpressions: [input.cron.trim()], timezone },
        action: { type: 'startWorkflow', workflowType: 'sweepWorkflow', taskQueue: TASK_QUEUES.cpu, workflowId: `${temporalScheduleId}-run`, args: [args] },
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
        state: { paused: input.paused ?? false, note: `emosweep schedule ${input.name}` },
        memo: { emosweepScheduleId: row.id },
      });
    } catch (e) {
      await this.store.schedules.delete(row.id).catch(() => {});
      const msg = (e as Error).message ?? String(e);
      if (/cron|invalid/i.test(msg)) throw badInput(`cron: Temporal refused "${input.cron}": ${msg}`, { field: 'cron' });
      throw e;
    }
    return toSchedule(row);
  }

  async pause(id: string, paused: boolean): Promise<Schedule> {
    const row = await this.row(id);
    const handle = this.temporal.schedule.getHandle(row.temporalScheduleId);
    if (paused) await handle.pause('paused through the emosweep API');
    else await handle.unpause('resumed through the emosweep API');
    return toSchedule(await this.store.schedules.setPaused(row.id, paused));
  }

  /** Starts a run now (even while paused, and even if a run is still going). */
  async trigger(id: string): Promise<Schedule> {
    const row = await this.row(id);
    await this.temporal.schedule.getHandle(row.temporalScheduleId).trigger(ScheduleOverlapPolicy.ALLOW_ALL);
    return toSchedule(row);
  }

  /** Deletes the schedule; the sweeps it started stay (unlinked). */
  async delete(id: string): Promise<boolean> {
    const row = await this.row(id);
    try {
      await this.temporal.schedule.getHandle(row.temporalScheduleId).delete();
    } catch (e) {
      if (!(e instanceof ScheduleNotFoundError)) throw e;
    }
    await this.store.schedules.delete(row.id);
    return true;
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
    const { items } = await this.store.schedules.runs(scheduleId, { first: n });
    if (!items.length) return [];
    const field = MEAN[metric];
    const trials = await this.store.prisma.trial.findMany({
      where: { sweepId: { in: items.map((s) => s.id) }, [field]: { not: null } },
      select: { id: true, sweepId: true, meanUa: true, meanWa: true, meanMacroF1: true },
    });
    const best = new Map<string, { id: string; value: number }>();
    for (const t of trials) {
      const v = t[field] as number;
      const cur = best.get(t.sweepId);
      if (!cur || v > cur.value) best.set(t.sweepId, { id: t.id, value: v });
    }
    return items
      .map((s) => ({ sweepId: s.id, at: s.createdAt, status: s.status as RunStatus, value: best.get(s.id)?.value ?? null, trialId: best.get(s.id)?.id ?? null }))
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
