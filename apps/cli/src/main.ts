import { Command, CommanderError } from 'commander';
import { registerServeCommand, registerTokenCommands } from '@emosweep/api/cli';
import { InputError } from '@emosweep/common';
import { registerDataCommands } from './commands/data.js';
import { registerModelCommands } from './commands/model.js';
import { registerScheduleCommands } from './commands/schedule.js';
import { registerSweepCommands } from './commands/sweep.js';

const program = new Command('emosweep')
  .description('Speech emotion recognition sweeps: datasets, features, models, cross-validation on Temporal')
  .showHelpAfterError()
  .exitOverride();

registerDataCommands(program);
registerModelCommands(program);
registerSweepCommands(program);
registerScheduleCommands(program);
registerServeCommand(program);
registerTokenCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  const e = err as Error;
  // User-facing errors print their message only; anything else keeps its stack for bug reports.
  const known = e instanceof InputError || ['SpecError', 'InputError', 'ServiceUnavailableError', 'ConflictError', 'NotFoundError'].includes(e.name);
  process.stderr.write(`emosweep: ${known ? e.message : e.stack ?? e.message}\n`);
  process.exit(known ? 2 : 1);
}
