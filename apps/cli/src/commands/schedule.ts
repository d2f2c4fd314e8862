import fs from 'node:fs/promises';
import type { Command } from 'commander';
import { InputError } from '@emosweep/common';
import { openRuntime, ScheduleService } from '@emosweep/runtime';
import { pct, printJson, table } from '../output.js';

/** Schedules outlive this command, so they need running services (TEMPORAL_ADDRESS …). */
async function withSchedules<T>(fn: (s: ScheduleService) => Promise<T>): Promise<T> {
  const runtime = await openRuntime({ requireServices: true });
  try {
    return await fn(new ScheduleService(runtime.store, runtime.client));
  } finally {
    await runtime.close();
  }
}

export function registerScheduleCommands(program: Command): void {
  const schedule = program.command('schedule').description('nightly (cron) cross-validation of a sweep spec, on Temporal Schedules');

  schedule
    .command('create <spec>')
    .description('create a schedule from a sweep spec')
    .requiredOption('--cron <expr>', 'five-field cron, e.g. "0 2 * * *" for 02:00 every night')
    .option('--tz <zone>', 'IANA time zone', 'UTC')
    .option('--name <name>', 'schedule name (default: the spec name)')
    .option('--paused', 'create it paused')
    .option('--json', 'print JSON only')
    .action(async (file: string, o: { cron: string; tz: string; name?: string; paused?: boolean; json?: boolean }) => {
      let specText: string;
      try {
        specText = await fs.readFile(file, 'utf8');
      } catch (err) {
        throw new InputError(file, `cannot read the sweep spec (${(err as NodeJS.ErrnoException).code})`);
      }
      await withSchedules(async (s) => {
        const name = o.name ?? (await import('@emosweep/sweeps')).parseSweepSpec(specText, file).name;
        const row = await s.create({ name, specText, cron: o.cron, timezone: o.tz, paused: o.paused });
        const next = await s.nextRunTimes(row.id);
        if (o.json) return printJson({ id: row.id, name: row.name, cron: row.cron, timezone: row.timezone, paused: row.paused, nextRuns: next });
        console.log(`schedule ${row.name} (${row.id}): "${row.cron}" ${row.timezone}${row.paused ? ' (paused)' : ''}`);
        console.log(`next runs: ${next.map((d) => d.toISOString()).join(', ') || '—'}`);
      });
    });

  schedule
    .command('list')
    .option('--json', 'print JSON only')
    .action(async (o: { json?: boolean }) =>
      withSchedules(async (s) => {
        const rows = await s.list();
        if (o.json) return printJson(rows.map((r) => ({ id: r.id, name: r.name, cron: r.cron, timezone: r.timezone, paused: r.paused })));
        console.log(table(['id', 'name', 'cron', 'time zone', 'state'], rows.map((r) => [r.id, r.name, r.cron, r.timezone, r.paused ? 'paused' : 'active'])));
      }),
    );

  for (const [verb, paused] of [['pause', true], ['resume', false]] as const) {
    schedule
      .command(`${verb} <idOrName>`)
      .action(async (id: string) => withSchedules(async (s) => console.log(`${(await s.setPaused(id, paused)).name}: ${paused ? 'paused' : 'active'}`)));
  }

  schedule
    .command('trigger <idOrName>')
    .description('start a run now')
    .action(async (id: string) => withSchedules(async (s) => console.log(`triggered ${(await s.trigger(id)).name}; its run appears in \`emosweep schedule history ${id}\``)));

  schedule
    .command('delete <idOrName>')
    .description('delete the schedule (its past sweeps stay)')
    .action(async (id: string) => withSchedules(async (s) => {
      await s.delete(id);
      console.log(`deleted ${id}`);
    }));

  schedule
    .command('history <idOrName>')
    .description('the runs of a schedule with the best trial UA of each (the metric over nights)')
    .option('--json', 'print JSON only')
    .action(async (id: string, o: { json?: boolean }) =>
      withSchedules(async (s) => {
        const runs = await s.history(id);
        if (o.json) return printJson(runs.map((r) => ({ sweepId: r.sweep.id, status: r.sweep.status, createdAt: r.sweep.createdAt, bestUa: r.best })));
        console.log(table(['run', 'sweep', 'status', 'best UA %'], runs.map((r) => [r.sweep.createdAt.toISOString(), r.sweep.id, r.sweep.status, pct(r.best)])));
      }),
    );
}
