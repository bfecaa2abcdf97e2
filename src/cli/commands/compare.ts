/** `autotune compare`: a spec tuned on several chips, each against a naive baseline on the same chip. */
import type { Command } from 'commander';
import { DEFAULT_CHIPS, compareFileName, runCompare, type CompareResult } from '../../report/compare.js';
import { compareHeadline, compareTables } from '../../report/compare-tables.js';
import { outputMode, terminalColumns, textReport, writeReport, type OutputMode } from '../../report/output.js';
import type { SearchOverrides } from '../../report/tune.js';
import { OPTIMIZERS, loadSpec, type OptimizerName } from '../../search/index.js';
import { asOption, parseChoice, wholeNumberOption } from '../options.js';

/** Options `compare` and `sweep` share. */
export interface ReportOptions extends SearchOverrides {
  gpus?: number;
  out: string;
  json?: boolean;
}

const parseOptimizer = asOption((where, flag, value): OptimizerName => parseChoice(where, flag, value, OPTIMIZERS), '--optimizer');

/** The search overrides, GPU count and output options of `compare` and `sweep`. */
export function withReportOptions(command: Command): Command {
  return command
    .option('--budget <n>', "distinct configs each search evaluates (default: the spec's)", wholeNumberOption('--budget', 1))
    .option('--seed <n>', "random seed of every search (default: the spec's)", wholeNumberOption('--seed', 0))
    .option('--optimizer <name>', `optimizer, one of ${OPTIMIZERS.join(', ')} (default: the spec's)`, parseOptimizer)
    .option('--gpus <n>', "GPUs in the job (default: the spec's)", wholeNumberOption('--gpus', 1))
    .option('--out <dir>', 'folder for the result JSON', 'results')
    .option('--json', 'print only the result JSON');
}

/** Progress goes to stderr, and only when a person reads the output. */
export function progressFor(mode: OutputMode): ((line: string) => void) | undefined {
  return mode === 'json' ? undefined : (line) => process.stderr.write(`${line}\n`);
}

export function registerCompare(program: Command): void {
  withReportOptions(
    program
      .command('compare')
      .description("tune a spec on each chip (same workload and GPUs) against a naive baseline on that chip: tuned and baseline throughput, adaptation gain, export-control figures")
      .argument('<spec>', 'search spec (JSON); its chip is replaced by each of --chips')
      .option('--chips <ids>', 'comma-separated chip ids or profile paths; the first is the reference', DEFAULT_CHIPS.join(',')),
  ).action(async (specPath: string, opts: ReportOptions & { chips: string }) => {
    const mode = outputMode(opts.json);
    const result = await runCompare({
      spec: loadSpec(specPath), chips: opts.chips.split(','), gpus: opts.gpus,
      optimizer: opts.optimizer, budget: opts.budget, seed: opts.seed, onProgress: progressFor(mode),
    });
    const path = writeReport(opts.out, compareFileName(result), result);
    process.stdout.write(await show(result, mode, path));
    if (result.chips.every((c) => c.tuned === null)) {
      // As `search`: a spec with nothing feasible is bad input (exit 2), not an internal error.
      process.stderr.write(`error: no chip has a feasible config; the report says why per constraint\n`);
      process.exitCode = 2;
    }
  });
}

async function show(result: CompareResult, mode: OutputMode, path: string): Promise<string> {
  switch (mode) {
    case 'json':
      return `${JSON.stringify(result, null, 2)}\n`;
    case 'ink': {
      const { renderCompare } = await import('../../ui/compare/render.js'); // Ink loads only for a terminal
      return `${renderCompare(result, terminalColumns())}\nresult: ${path}\n`;
    }
    case 'text':
      return `${textReport(compareHeadline(result), compareTables(result), [`result: ${path}`])}\n`;
  }
}
