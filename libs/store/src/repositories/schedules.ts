import type { Prisma, PrismaClient, Schedule, Sweep } from '../generated/prisma/client.js';
import { ConflictError, isUniqueViolation, NotFoundError, retryOnUniqueViolation } from '../errors.js';
import type { Page } from './sweeps.js';

export interface ScheduleInput {
  name: string;
  cron: string;
  timezone: string;
  spec: Prisma.InputJsonValue;
  specText: string;
  temporalScheduleId: string;
  paused?: boolean;
}

export type SchedulePatch = Partial<Omit<ScheduleInput, 'name'>>;

export class ScheduleRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Creates a schedule; a duplicate name or Temporal schedule id is a ConflictError. */
  async create(input: ScheduleInput): Promise<Schedule> {
    try {
      return await this.prisma.schedule.create({ data: input });
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictError(`a schedule named "${input.name}" (or Temporal schedule ${input.temporalScheduleId}) already exists`);
      throw e;
    }
  }

  /** Creates or updates the schedule named `input.name` (idempotent). */
  upsert(input: ScheduleInput): Promise<Schedule> {
    const { name, ...rest } = input;
    return retryOnUniqueViolation(() => this.prisma.schedule.upsert({ where: { name }, create: input, update: rest }));
  }

  get(id: string): Promise<Schedule | null> {
    return this.prisma.schedule.findUnique({ where: { id } });
  }

  async getOrThrow(id: string): Promise<Schedule> {
    const s = await this.get(id);
    if (!s) throw new NotFoundError('schedule', id);
    return s;
  }

  getByName(name: string): Promise<Schedule | null> {
    return this.prisma.schedule.findUnique({ where: { name } });
  }

  list(opts: { paused?: boolean } = {}): Promise<Schedule[]> {
    return this.prisma.schedule.findMany({ where: opts.paused === undefined ? {} : { paused: opts.paused }, orderBy: { name: 'asc' } });
  }

  update(id: string, patch: SchedulePatch): Promise<Schedule> {
    return this.prisma.schedule.update({ where: { id }, data: patch });
  }

  setPaused(id: string, paused: boolean): Promise<Schedule> {
    return this.prisma.schedule.update({ where: { id }, data: { paused } });
  }

  /** Deletes the schedule; its past sweeps stay (their scheduleId becomes null). */
  async delete(id: string): Promise<void> {
    await this.prisma.schedule.delete({ where: { id } });
  }

  /** The sweeps a schedule started, newest first (keyset pagination on (createdAt, id)). */
  async runs(scheduleId: string, opts: { first?: number; after?: string | null } = {}): Promise<Page<Sweep>> {
    const first = Math.min(Math.max(opts.first ?? 50, 1), 500);
    const rows = await this.prisma.sweep.findMany({
      where: { scheduleId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: first + 1,
      ...(opts.after ? { cursor: { id: opts.after }, skip: 1 } : {}),
    });
    const items = rows.slice(0, first);
    return { items, nextCursor: rows.length > first ? items[items.length - 1].id : null };
  }
}
