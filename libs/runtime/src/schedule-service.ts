import { randomUUID } from 'node:crypto';
import { ScheduleNotFoundError, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { InputError } from '@emosweep/common';
import { TASK_QUEUES, type SweepWorkflowInput } from '@emosweep/activities';
import { assertWithinCaps, dryRun, parseSweepSpec, type SweepCaps } from '@emosweep/sweeps';
import type { Schedule, Store, Sweep } from '@emosweep/store';
import { sweepCapsFromEnv } from './sweep-service.js';

export interface CreateScheduleInput {
  name: string;
  specText: string;
  /** Five-field cron (minute hour day-of-month month day-of-week). */
  cron: string;
  /** IANA time zone (default UTC). */
  timezone?: string;
  paused?: boolean;
}

export interface ScheduleRun {
  sweep: Sweep;
  /** Best trial's mean of the metric in that run (null while running or when it failed). */
  best: number | null;
  bestTrialId: string | null;
}

const MEAN = { ua: 'meanUa', wa: 'meanWa', macroF1: 'meanMacroF1' } as const;

/**
 * Nightly (or any cron) cross-validation as Temporal Schedules: each action starts `sweepWorkflow`
 * with the schedule's id, so every run records a sweep linked to the schedule. The database row
 * mirrors the Temporal schedule for listing and history. Shared by the CLI and the API.
 */
export class ScheduleService {
  constructor(
    private readonly store: Store,
    private readonly client: Client,
    private readonly caps: SweepCaps = sweepCapsFromEnv(),
  ) {}

  static validateCron(cron: string, timezone: string): void {
    try {
      new Intl.DateTimeFormat('en', { timeZone: timezone });
    } catch {
      throw new InputError('timezone', `"${timezone}" is not an IANA time zone (e.g. UTC, Europe/Paris)`);
    }
    const fields = cron.trim().split(/\s+/);
    if (fields.length !== 5) throw new InputError('cron', `"${cron}" is not a cron expression of 5 fields (minute hour day-of-month month day-of-week)`);
  }

  async create(input: CreateScheduleInput): Promise<Schedule> {
    const timezone = input.timezone ?? 'UTC';
    const cron = input.cron.trim();
    ScheduleService.validateCron(cron, timezone);
    const spec = parseSweepSpec(input.specText);
    assertWithinCaps(dryRun(spec), this.caps);
    const temporalScheduleId = `emosweep-schedule-${randomUUID()}`;
    // A duplicate name is the store's ConflictError ("a schedule named … already exists").
    const row = await this.store.schedules.create({ name: input.name, cron, timezone, spec: spec as never, specText: input.specText, temporalScheduleId, paused: input.paused ?? false });
    const args: SweepWorkflowInput = { spec, specText: input.specText, scheduleId: row.id };
    try {
      await this.client.schedule.create({
        scheduleId: temporalScheduleId,
        spec: { cronExpressions: [cron], timezone },
        action: { type: 'startWorkflow', workflowType: 'sweepWorkflow', taskQueue: TASK_QUEUES.cpu, workflowId: `${temporalScheduleId}-run`, args: [args] },
        // A night's run still going when the next is due: skip the new one rather than pile up.
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
        state: { paused: input.paused ?? false, note: `emosweep schedule ${input.name}` },
        memo: { emosweepScheduleId: row.id },
      });
    } catch (e) {
      await this.store.schedules.delete(row.id).catch(() => {});
      throw e;
    }
    return row;
  }

  list(): Promise<Schedule[]> {
    return this.store.schedules.list();
  }

  /** By id or by name. */
  async get(idOrName: string): Promise<Schedule> {
    const row = /^[0-9a-f-]{36}$/i.test(idOrName) ? await this.store.schedules.get(idOrName) : await this.store.schedules.getByName(idOrName);
    if (!row) throw new InputError('schedule', `no schedule with id or name "${idOrName}"`);
    return row;
  }

  async setPaused(idOrName: string, paused: boolean): Promise<Schedule> {
    const row = await this.get(idOrName);
    const handle = this.client.schedule.getHandle(row.temporalScheduleId);
    if (paused) await handle.pause('paused through emosweep');
    else await handle.unpause('resumed through emosweep');
    return this.store.schedules.setPaused(row.id, paused);
  }

  /** Starts a run now, even while paused or while another run is still going. */
  async trigger(idOrName: string): Promise<Schedule> {
    const row = await this.get(idOrName);
    await this.client.schedule.getHandle(row.temporalScheduleId).trigger(ScheduleOverlapPolicy.ALLOW_ALL);
    return row;
  }

  /** Deletes the schedule; the sweeps it started stay (unlinked). */
  async delete(idOrName: string): Promise<void> {
    const row = await this.get(idOrName);
    try {
      await this.client.schedule.getHandle(row.temporalScheduleId).delete();
    } catch (e) {
      if (!(e instanceof ScheduleNotFoundError)) throw e;
    }
    await this.store.schedules.delete(row.id);
  }

  async nextRunTimes(idOrName: string, n = 5): Promise<Date[]> {
    const row = await this.get(idOrName);
    const d = await this.client.schedule.getHandle(row.temporalScheduleId).describe();
    return d.info.nextActionTimes.slice(0, n);
  }

  /** The schedule's runs, newest first, each with its best trial's mean metric (two queries). */
  async history(idOrName: string, metric: keyof typeof MEAN = 'ua', first = 50): Promise<ScheduleRun[]> {
    const row = await this.get(idOrName);
    const { items } = await this.store.schedules.runs(row.id, { first });
    if (!items.length) return [];
    const field = MEAN[metric];
    const trials = await this.store.prisma.trial.findMany({
      where: { sweepId: { in: items.map((s) => s.id) }, [field]: { not: null } },
      select: { id: true, sweepId: true, meanUa: true, meanWa: true, meanMacroF1: true },
    });
    const best = new Map<string, { trialId: string; value: number }>();
    for (const t of trials) {
      const v = t[field] as number;
      const cur = best.get(t.sweepId);
      if (!cur || v > cur.value) best.set(t.sweepId, { trialId: t.id, value: v });
    }
    return items.map((sweep) => ({ sweep, best: best.get(sweep.id)?.value ?? null, bestTrialId: best.get(sweep.id)?.trialId ?? null }));
  }
}
