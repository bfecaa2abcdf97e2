import { Command, CommanderError } from 'commander';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_STOPPED, StudyStopped, UserError } from '../errors.js';
import { PACKAGE_VERSION } from '../paths.js';
import { applyColorPreference, NO_COLOR_FLAG } from './color.js';
import { registerCalibrate } from './commands/calibrate.js';
import { registerCompare } from './commands/compare.js';
import { registerEvaluate } from './commands/evaluate.js';
import { registerExport } from './commands/export.js';
import { registerFidelity } from './commands/fidelity.js';
import { registerHtmlReport } from './commands/html-report.js';
import { registerProfiles } from './commands/profiles.js';
import { registerSchedule } from './commands/schedule.js';
import { registerSearch } from './commands/search.js';
import { registerShow } from './commands/show.js';
import { registerSweep } from './commands/sweep.js';
import { registerTrace } from './commands/trace.js';
import { registerValidate } from './commands/validate.js';

/** Every subcommand registers itself here; commands are thin and call into src/<module>. */
export function buildProgram(): Command {
  const program = new Command('autotune')
    .description('SM-split and pipeline-schedule autotuner for MoE training on export-limited GPUs')
    .version(PACKAGE_VERSION)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `\nAnywhere on the line, ${NO_COLOR_FLAG} turns colours off, as does the NO_COLOR environment variable.\nResults go to stdout; progress, warnings and errors to stderr.`,
    );
  registerProfiles(program);
  registerEvaluate(program);
  registerCalibrate(program);
  registerFidelity(program);
  registerSchedule(program);
  registerSearch(program);
  registerCompare(program);
  registerSweep(program);
  registerExport(program);
  registerShow(program);
  registerTrace(program);
  registerHtmlReport(program);
  registerValidate(program);
  return program;
}

/**
 * Runs the CLI and returns the exit code: 0 success, 2 bad input (and nothing feasible), 3 a study stopped before
 * its end, 1 internal error (thrown on to the launcher). Commands report an outcome other than success by throwing,
 * so that this is the one place exit codes are chosen.
 */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(applyColorPreference(argv));
    return EXIT_OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return EXIT_OK; // --help, --version
      return EXIT_BAD_INPUT; // commander already printed the message
    }
    if (err instanceof UserError) {
      process.stderr.write(`error: ${err.message}\n`);
      return EXIT_BAD_INPUT;
    }
    if (err instanceof StudyStopped) {
      process.stderr.write(`stopped: ${err.message}\n`);
      return EXIT_STOPPED;
    }
    throw err;
  }
}
