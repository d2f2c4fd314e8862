import fs from 'node:fs/promises';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { InputError } from '@emosweep/common';
import { createSweepWorker, openRuntime, SweepService, sweepReport, type Runtime, type SweepReport } from '@emosweep/runtime';
import { pct, printJson, table } from '../output.js';

async function readSpec(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(file, `cannot read the sweep spec (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

const AXIS_ORDER = ['representation', 'model', 'lr', 'seqLen', 'fcLayers'];

/** "mfcc lstm lr=0.001 seqLen=100 fcLayers=2" (axes a model ignores are null and left out). */
function paramsLabel(p: Record<string, unknown>): string {
  return AXIS_ORDER.filter((k) => p[k] !== null && p[k] !== undefined)
    .map((k) => (k === 'representation' || k === 'model' ? String(p[k]) : `${k}=${p[k]}`))
    .join(' ');
}

export function printLeaderboard(r: SweepReport): void {
  console.log(`\nsweep ${r.name} (${r.sweepId}): ${r.status}${r.error ? ` — ${r.error}` : ''}`);
  console.log(
    table(
      ['#', 'trial', 'folds', 'UA % (mean ± std)', 'WA %', 'macro-F1 %'],
      r.trials.map((t, i) => [
        i + 1,
        paramsLabel(t.params),
        t.folds,
        t.mean ? `${pct(t.mean.ua)} ± ${pct(t.std!.ua)}` : '—',
        t.mean ? `${pct(t.mean.wa)} ± ${pct(t.std!.wa)}` : '—',
        t.mean ? `${pct(t.mean.macroF1)} ± ${pct(t.std!.macroF1)}` : '—',
      ]),
    ),
  );
}

export function reportJson(r: SweepReport, featureSetsComputed: number) {
  return {
    sweepId: r.sweepId,
    status: r.status,
    trials: r.trials.map((t) => ({ params: t.params, folds: t.folds, mean: t.mean, std: t.std })),
    featureSetsComputed,
  };
}

/** Live progress: an overall bar plus one bar per running fold (epochs), redrawn every second. */
async function watch(runtime: Runtime, sweepId: string, quiet: boolean, done: Promise<unknown>): Promise<void> {
  if (quiet) return void (await done.catch(() => {}));
  const multi = new cliProgress.MultiBar(
    { stream: process.stderr, hideCursor: true, clearOnComplete: false, noTTYOutput: true, notTTYSchedule: 10_000, format: '{label} [{bar}] {value}/{total} {info}' },
    cliProgress.Presets.shades_classic,
  );
  const overall = multi.create(1, 0, { label: 'folds  ', info: '' });
  const foldBars = new Map<string, cliProgress.SingleBar>();
  let finished = false;
  void done.finally(() => (finished = true)).catch(() => {});
  const { store } = runtime;
  const sweep = await store.sweeps.getOrThrow(sweepId);
  const epochs = (sweep.spec as { training?: { epochs?: number } }).training?.epochs ?? 1;
  while (!finished) {
    const folds = await store.foldRuns.listBySweep(sweepId);
    const trials = new Map((await store.trials.listBySweep(sweepId)).map((t) => [t.id, t]));
    const closed = folds.filter((f) => ['completed', 'failed', 'cancelled'].includes(f.status)).length;
    overall.setTotal(Math.max(1, folds.length));
    overall.update(closed, { info: `${folds.filter((f) => f.status === 'running').length} running, ${folds.filter((f) => f.status === 'failed').length} failed` });
    const running = folds.filter((f) => f.status === 'running');
    const curves = await store.epochs.listMany(running.map((f) => f.id));
    for (const f of running) {
      const t = trials.get(f.trialId);
      const label = `  #${t?.index ?? '?'} ${f.heldOut}`.padEnd(7);
      const curve = curves.get(f.id) ?? [];
      const last = curve[curve.length - 1];
      const info = last ? `loss ${last.trainLoss.toFixed(3)}${last.valUa != null ? ` valUA ${pct(last.valUa)}` : ''}` : 'starting';
      let bar = foldBars.get(f.id);
      if (!bar) foldBars.set(f.id, (bar = multi.create(epochs, 0, { label, info })));
      bar.update(curve.length, { label, info });
    }
    for (const [id, bar] of foldBars) {
      if (!running.some((f) => f.id === id)) {
        multi.remove(bar);
        foldBars.delete(id);
      }
    }
    await Promise.race([done.catch(() => {}), new Promise((r) => setTimeout(r, 1000))]);
  }
  const folds = await store.foldRuns.listBySweep(sweepId);
  overall.setTotal(Math.max(1, folds.length));
  overall.update(folds.filter((f) => ['completed', 'failed', 'cancelled'].includes(f.status)).length);
  multi.stop();
}

export function registerSweepCommands(program: Command): void {
  const sweep = program.command('sweep').description('grids of trials × cross-validation folds on Temporal');

  sweep
    .command('run <spec>')
    .description('run a sweep to completion on this machine (embedded default unless env names services)')
    .option('--json', 'print the result as JSON only')
    .option('--no-worker', 'do not start a worker in this process (use running workers)')
    .action(async (file: string, o: { json?: boolean; worker: boolean }) => {
      const specText = await readSpec(file);
      const quiet = !!o.json;
      const runtime = await openRuntime();
      const service = new SweepService(runtime.store, runtime.client);
      service.parse(specText, file); // fail on a bad spec before anything starts
      let worker: Awaited<ReturnType<typeof createSweepWorker>> | undefined;
      try {
        if (o.worker) {
          worker = await createSweepWorker({
            address: runtime.temporalAddress,
            namespace: runtime.config.temporalNamespace,
            store: runtime.store,
            artifacts: runtime.artifacts,
            concurrency: Number(process.env.EMOSWEEP_WORKER_CONCURRENCY ?? 2),
          });
        }
        const running = worker?.worker.run();
        const { sweep: row } = await service.launch(specText, file);
        if (!quiet) process.stderr.write(`sweep ${row.name} (${row.id}): ${row.trialCount} trials × ${row.foldCount} folds [${runtime.mode.database}, ${runtime.mode.artifacts}, temporal ${runtime.temporalAddress}]\n`);
        const onSigint = () => {
          process.stderr.write('\ncancelling the sweep…\n');
          void service.cancel(row.id);
        };
        process.once('SIGINT', onSigint);
        const result = service.result(row.id);
        await watch(runtime, row.id, quiet, result);
        let computed = 0;
        try {
          computed = (await result).featureSetsComputed;
        } catch {
          /* the report below carries the status and error */
        }
        process.off('SIGINT', onSigint);
        const report = await service.report(row.id);
        if (quiet) printJson(reportJson(report, computed));
        else printLeaderboard(report);
        if (report.status !== 'completed') process.exitCode = 1;
        worker?.worker.shutdown();
        await running;
      } finally {
        await worker?.connection.close();
        await runtime.close();
      }
    });

  sweep
    .command('dry-run <spec>')
    .description('validate a spec and print trials × folds and the feature sets it needs')
    .option('--json', 'print JSON only')
    .action(async (file: string, o: { json?: boolean }) => {
      const { dryRun, parseSweepSpec } = await import('@emosweep/sweeps');
      const plan = dryRun(parseSweepSpec(await readSpec(file), file));
      if (o.json) return printJson(plan);
      console.log(`${plan.trials} trials × ${plan.folds} folds = ${plan.foldRuns} fold runs`);
      console.log(`feature sets: ${plan.featureSets.map((f) => f.representation).join(', ')}`);
      for (const n of plan.notes ?? []) console.log(`note: ${n}`);
    });

  sweep
    .command('start <spec>')
    .description('start a sweep on running services and return its id')
    .option('--json', 'print JSON only')
    .action(async (file: string, o: { json?: boolean }) => {
      const specText = await readSpec(file);
      const runtime = await openRuntime({ requireServices: true });
      try {
        const { sweep: row, workflowId } = await new SweepService(runtime.store, runtime.client).launch(specText, file);
        if (o.json) printJson({ sweepId: row.id, workflowId, trials: row.trialCount, folds: row.foldCount });
        else console.log(`started sweep ${row.id} (${row.trialCount} trials × ${row.foldCount} folds); watch it with: emosweep sweep status ${row.id}`);
      } finally {
        await runtime.close();
      }
    });

  sweep
    .command('status <id>')
    .description('progress of a sweep')
    .option('--json', 'print JSON only')
    .action(async (id: string, o: { json?: boolean }) => {
      const runtime = await openRuntime({ needTemporal: false });
      try {
        const s = await runtime.store.sweeps.getOrThrow(id);
        const folds = await runtime.store.foldRuns.progress(id);
        if (o.json) return printJson({ sweepId: id, name: s.name, status: s.status, folds, error: s.error });
        console.log(`${s.name} (${id}): ${s.status}${s.error ? ` — ${s.error}` : ''}`);
        console.log(table(['pending', 'running', 'completed', 'failed', 'cancelled'], [[folds.pending, folds.running, folds.completed, folds.failed, folds.cancelled]]));
      } finally {
        await runtime.close();
      }
    });

  sweep
    .command('list')
    .description('recent sweeps')
    .option('--status <status>', 'only sweeps with this status')
    .option('--first <n>', 'how many', '20')
    .option('--json', 'print JSON only')
    .action(async (o: { status?: string; first: string; json?: boolean }) => {
      const runtime = await openRuntime({ needTemporal: false });
      try {
        const page = await runtime.store.sweeps.list({ first: Number(o.first), status: o.status as never });
        if (o.json) return printJson(page.items.map((s) => ({ id: s.id, name: s.name, status: s.status, trials: s.trialCount, folds: s.foldCount, createdAt: s.createdAt })));
        console.log(table(['id', 'name', 'status', 'trials × folds', 'created'], page.items.map((s) => [s.id, s.name, s.status, `${s.trialCount} × ${s.foldCount}`, s.createdAt.toISOString()])));
      } finally {
        await runtime.close();
      }
    });

  sweep
    .command('show <id>')
    .description('leaderboard of a sweep (mean ± std over folds)')
    .option('--json', 'print JSON only')
    .action(async (id: string, o: { json?: boolean }) => {
      const runtime = await openRuntime({ needTemporal: false });
      try {
        const report = await sweepReport(runtime.store, id);
        if (o.json) printJson(reportJson(report, report.featureSetsComputed));
        else printLeaderboard(report);
      } finally {
        await runtime.close();
      }
    });

  sweep
    .command('cancel <id>')
    .description('cancel a running sweep (running folds stop; the sweep ends cancelled)')
    .action(async (id: string) => {
      const runtime = await openRuntime({ requireServices: true });
      try {
        await new SweepService(runtime.store, runtime.client).cancel(id);
        console.log(`cancellation requested for sweep ${id}`);
      } finally {
        await runtime.close();
      }
    });
}
