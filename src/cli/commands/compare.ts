/** `autotune compare`: a spec tuned on several chips, each against a naive baseline on the same chip. */
import type { Command } from 'commander';
import { DEFAULT_CHIPS, compareFileName, runCompare, type CompareResult } from '../../report/compare.js';
import { compareHeadline, compareTables } from '../../report/compare-tables.js';
import { textReport } from '../../report/output.js';
import { loadSpec } from '../../search/index.js';
import { runReport, withReportOptions, type ReportOptions } from './report.js';

export function registerCompare(program: Command): void {
  withReportOptions(
    program
      .command('compare')
      .description("tune a spec on each chip (same workload and GPUs) against a naive baseline on that chip: tuned and baseline throughput, adaptation gain, export-control figures")
      .argument('<spec>', 'search spec (JSON); its chip is replaced by each of --chips')
      .option('--chips <ids>', 'comma-separated chip ids or profile paths; the first is the reference', DEFAULT_CHIPS.join(',')),
  ).action((specPath: string, opts: ReportOptions & { chips: string }) =>
    runReport(
      opts,
      (onProgress) => runCompare({
        spec: loadSpec(specPath), chips: opts.chips.split(','), gpus: opts.gpus,
        optimizer: opts.optimizer, budget: opts.budget, seed: opts.seed, onProgress,
      }),
      (result: CompareResult) => ({
        fileName: compareFileName(result),
        ink: async (columns) => (await import('../../ui/compare/render.js')).renderCompare(result, columns),
        text: (path) => textReport(compareHeadline(result), compareTables(result), [`result: ${path}`]),
        nothingFeasible: result.chips.every((c) => c.tuned === null) ? 'no chip has a feasible config' : null,
      }),
    ));
}
