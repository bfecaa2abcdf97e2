/** `autotune trace`: where a profiled training step went, read from a PyTorch-profiler (Kineto) trace. */
import type { Command } from 'commander';
import { Catalog } from '../../profiles/catalog.js';
import { analyzeTrace } from '../../trace/index.js';
import { traceJson, traceText } from '../../trace/report.js';
import { parseConfigText } from '../options.js';

interface TraceOptions {
  json?: boolean;
  workload: string;
  cluster: string;
  config?: string;
}

async function run(file: string, opts: TraceOptions): Promise<void> {
  const config = opts.config === undefined ? undefined : parseConfigText(opts.config, 'autotune trace: --config');
  const report = await analyzeTrace(file, {
    catalog: new Catalog(),
    workload: opts.workload,
    cluster: opts.cluster,
    config,
  });
  process.stdout.write(opts.json ? `${JSON.stringify(traceJson(report), null, 2)}\n` : traceText(report));
}

export function registerTrace(program: Command): void {
  program
    .command('trace')
    .description(
      'where a profiled step went: streams, kernel categories, annotations (F/B/W), gaps, the SM split (CTAs), GEMM and all-to-all rates',
    )
    .argument('<file>', 'PyTorch-profiler / Kineto trace, .json or .json.gz (read streaming: any size)')
    .option(
      '--config <json>',
      "the run's config (ep, nodeLimit, microBatchSize): gives the all-to-all bytes, hence rates",
    )
    .option(
      '--workload <id|path>',
      'workload that sets hidden size and bytes per value of the all-to-all',
      'deepseek-v3',
    )
    .option('--cluster <id|path>', 'cluster profile (GPUs per node)', 'default')
    .option('--json', 'print one JSON object')
    .action(run);
}
