/** `autotune sweep`: one hardware figure moved over a range, the spec's search re-run at each point. */
import type { Command } from 'commander';
import { outputMode, terminalColumns, textReport, writeReport, type OutputMode } from '../../report/output.js';
import { ALIASES, DEFAULT_STEPS } from '../../report/sweep-axis.js';
import { changeLines, sweepHeadline, sweepTables } from '../../report/sweep-tables.js';
import { runSweep, sweepFileName, type SweepResult } from '../../report/sweep.js';
import { loadSpec } from '../../search/index.js';
import { progressFor, withReportOptions, type ReportOptions } from './compare.js';

const ALIAS_HELP = Object.entries(ALIASES).map(([name, a]) => `${name}: ${a.description} (${a.unit})`).join('; ');

export function registerSweep(program: Command): void {
  withReportOptions(
    program
      .command('sweep')
      .description('vary one chip or cluster figure and re-run the search at each point: the optimum, its throughput, the baseline\'s, and where the regime changes')
      .argument('<spec>', 'search spec (JSON)')
      .requiredOption(
        '--vary <FIELD=FROM..TO[:STEPS]>',
        `the figure and its range, ${DEFAULT_STEPS} points unless STEPS; FIELD is a dotted path to a numeric field of the chip or cluster profile (chip.hbmTBps, cluster.scaleOut.achievableGBpsPerNic) or an alias: ${ALIAS_HELP}`,
      )
      .option('--chip <id>', "the chip to vary (default: the spec's)"),
  ).action(async (specPath: string, opts: ReportOptions & { vary: string; chip?: string }) => {
    const mode = outputMode(opts.json);
    const result = await runSweep({
      spec: loadSpec(specPath), vary: opts.vary, chip: opts.chip, gpus: opts.gpus,
      optimizer: opts.optimizer, budget: opts.budget, seed: opts.seed, onProgress: progressFor(mode),
    });
    const path = writeReport(opts.out, sweepFileName(result), result);
    process.stdout.write(await show(result, mode, path));
    if (result.points.every((p) => p.tuned === null)) {
      // As `search`: a spec with nothing feasible is bad input (exit 2), not an internal error.
      process.stderr.write(`error: no point has a feasible config; the report says why per constraint\n`);
      process.exitCode = 2;
    }
  });
}

async function show(result: SweepResult, mode: OutputMode, path: string): Promise<string> {
  switch (mode) {
    case 'json':
      return `${JSON.stringify(result, null, 2)}\n`;
    case 'ink': {
      const { renderSweep } = await import('../../ui/compare/render.js'); // Ink loads only for a terminal
      return `${renderSweep(result, terminalColumns())}\nresult: ${path}\n`;
    }
    case 'text':
      return `${textReport(sweepHeadline(result), sweepTables(result), ['Where the optimum changes', ...changeLines(result), '', `result: ${path}`])}\n`;
  }
}
