/** `autotune compare`: a spec tuned on several chips, each against a naive baseline on the same chip. */
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { type CompareResult, compareFileName, DEFAULT_CHIPS, runCompare } from '../../report/compare.js';
import { compareHeadline, compareTables } from '../../report/compare-tables.js';
import { textReport } from '../../report/output.js';
import { loadSpec } from '../../search/index.js';
import { type ReportOptions, runReport, withReportOptions } from './report.js';
import { runServeCompareCommand, type ServeCompareOptions } from './serve-compare.js';

export function registerCompare(program: Command): void {
  withReportOptions(
    program
      .command('compare')
      .description(
        'tune a spec on each chip (same workload and GPUs) against a naive baseline on that chip: tuned and baseline throughput, adaptation gain, export-control figures',
      )
      .argument('[spec]', 'search spec (JSON); its chip is replaced by each of --chips (not with --mode serve)')
      .option(
        '--chips <ids>',
        'comma-separated chip ids or profile paths; the first is the reference',
        DEFAULT_CHIPS.join(','),
      )
      .option(
        '--mode <mode>',
        'train (a spec, the default) or serve (prefill and decode scenarios, docs/serving.md)',
        'train',
      )
      .option('--context <tokens>', 'serve: context length (prompt for prefill, KV cache for decode), default 4096')
      .option('--tpot-ms <ms>', 'serve: decode latency limit, default 50')
      .option('--ttft-s <s>', 'serve: prefill latency limit, default 2'),
  ).action((specPath: string | undefined, opts: ReportOptions & ServeCompareOptions & { mode: string }) => {
    if (opts.mode === 'serve') return runServeCompareCommand(opts);
    if (opts.mode !== 'train')
      throw new UserError(`autotune compare: --mode = ${JSON.stringify(opts.mode)}: one of train, serve`);
    if (specPath === undefined) throw new UserError('autotune compare: a search spec is required (or --mode serve)');
    return runReport(
      opts,
      (onProgress) =>
        runCompare({
          spec: loadSpec(specPath),
          chips: opts.chips.split(','),
          gpus: opts.gpus,
          optimizer: opts.optimizer,
          budget: opts.budget,
          seed: opts.seed,
          jobs: opts.jobs,
          onProgress,
        }),
      (result: CompareResult) => ({
        fileName: compareFileName(result),
        ink: async (columns) => (await import('../../ui/compare/render.js')).renderCompare(result, columns),
        text: (path) => textReport(compareHeadline(result), compareTables(result), [`result: ${path}`]),
        nothingFeasible: result.chips.every((c) => c.tuned === null) ? 'no chip has a feasible config' : null,
      }),
    );
  });
}
