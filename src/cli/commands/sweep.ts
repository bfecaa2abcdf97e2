/** `autotune sweep`: one hardware figure moved over a range, the spec's search re-run at each point. */
import type { Command } from 'commander';
import { textReport } from '../../report/output.js';
import { runSweep, type SweepResult, sweepFileName } from '../../report/sweep.js';
import { ALIASES, DEFAULT_STEPS } from '../../report/sweep-axis.js';
import { changeLines, sweepHeadline, sweepTables } from '../../report/sweep-tables.js';
import { loadSpec } from '../../search/index.js';
import { type ReportOptions, runReport, withReportOptions } from './report.js';

const ALIAS_HELP = Object.entries(ALIASES)
  .map(([name, a]) => `${name}: ${a.description} (${a.unit})`)
  .join('; ');

export function registerSweep(program: Command): void {
  withReportOptions(
    program
      .command('sweep')
      .description(
        "vary one chip or cluster figure and re-run the search at each point: the optimum, its throughput, the baseline's, and where the regime changes",
      )
      .argument('<spec>', 'search spec (JSON)')
      .requiredOption(
        '--vary <FIELD=FROM..TO[:STEPS]>',
        `the figure and its range, ${DEFAULT_STEPS} points unless STEPS; FIELD is a dotted path to a numeric field of the chip or cluster profile (chip.hbmTBps, cluster.scaleOut.achievableGBpsPerNic) or an alias: ${ALIAS_HELP}`,
      )
      .option('--chip <id>', "the chip to vary (default: the spec's)"),
  ).action((specPath: string, opts: ReportOptions & { vary: string; chip?: string }) =>
    runReport(
      opts,
      (onProgress) =>
        runSweep({
          spec: loadSpec(specPath),
          vary: opts.vary,
          chip: opts.chip,
          gpus: opts.gpus,
          optimizer: opts.optimizer,
          budget: opts.budget,
          seed: opts.seed,
          jobs: opts.jobs,
          onProgress,
        }),
      (result: SweepResult) => ({
        fileName: sweepFileName(result),
        ink: async (columns) => (await import('../../ui/compare/render.js')).renderSweep(result, columns),
        text: (path) =>
          textReport(sweepHeadline(result), sweepTables(result), [
            'Where the optimum changes',
            ...changeLines(result),
            '',
            `result: ${path}`,
          ]),
        nothingFeasible: result.points.every((p) => p.tuned === null) ? 'no point has a feasible config' : null,
      }),
    ),
  );
}
