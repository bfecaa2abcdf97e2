/** `autotune evaluate`: one config through the cost model (JSON, JSON lines on stdin, or a readable report). */
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { Config } from '../../contract/config.js';
import type { Metrics } from '../../contract/metrics.js';
import { UserError } from '../../errors.js';
import { formatPercent } from '../../format/numbers.js';
import { formatTable } from '../../format/table.js';
import {
  type CostModel,
  createEvaluator,
  DEFAULT_CLUSTER,
  DEFAULT_GPUS,
  DEFAULT_KERNEL,
  DEFAULT_RECOMPUTE,
} from '../../model/index.js';
import { parseConfigText, parseWhole } from '../options.js';
import { runServeEvaluate } from './serve-evaluate.js';

interface EvaluateOptions {
  workload: string;
  chip: string;
  gpus: string;
  cluster: string;
  kernel: string;
  config?: string;
  globalBatch?: string;
  json?: boolean;
  jsonl?: boolean;
  full?: boolean;
  phase?: string;
}

/**
 * A stream's default answer: the metrics without `details` (about 0.6 KB of a 5 KB answer; serialising the details
 * was a third of a stream's time). It keeps every field of DESIGN.md's evaluate contract, plus `memory` and `mfuFp8`.
 */
export type CompactMetrics = Omit<Metrics, 'details'>;

export function compactMetrics(m: Metrics): CompactMetrics {
  const { details: _details, ...compact } = m;
  return compact;
}

/**
 * Reads configs line by line and answers each, in order; a bad line gets {"error": ...} and the stream goes on.
 * Answers to the lines of one input chunk go out in one write, right after the chunk (a driver that sends one line
 * and waits gets its answer at once).
 */
async function serveLines(evaluator: CostModel, full: boolean): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  let n = 0;
  let pending = '';
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending === '') return;
    process.stdout.write(pending);
    pending = '';
  };
  lines.on('line', (line) => {
    n++;
    let answer: unknown;
    try {
      if (line.trim() === '') throw new UserError(`line ${n}: empty; expected one config JSON object per line`);
      const metrics = evaluator.evaluate(parseConfigText(line, `line ${n}`));
      answer = full ? metrics : compactMetrics(metrics);
    } catch (err) {
      answer = { error: err instanceof UserError ? err.message : `internal error: ${(err as Error).message}` };
    }
    pending += `${JSON.stringify(answer)}\n`;
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  });
  await new Promise<void>((resolve) => lines.once('close', resolve));
  flush();
}

const ms = (s: number) => (s * 1e3).toFixed(2);
const gib = (x: number) => x.toFixed(1);

function describeConfig(c: Config): string {
  const parts = [
    `${c.schedule}`,
    `pp ${c.pp}`,
    `ep ${c.ep}`,
    `tp ${c.tp}`,
    `micro-batch ${c.microBatchSize}`,
    `commSMs ${c.commSMs}`,
  ];
  if (c.vpp !== undefined) parts.push(`vpp ${c.vpp}`);
  if (c.nodeLimit !== undefined) parts.push(`nodeLimit ${c.nodeLimit}`);
  parts.push(`recompute ${c.recompute ?? `${DEFAULT_RECOMPUTE} (default)`}`);
  if (c.tp > 1)
    parts.push(c.sequenceParallel === false ? 'TP all-reduce (no sequence parallelism)' : 'sequence parallel');
  return parts.join(', ');
}

/** The readable report: headline, time breakdown, memory against capacity, per-item times, communication. */
export function formatReport(m: Metrics, config: Config, title: string): string {
  const d = m.details;
  const b = m.breakdown;
  const out: string[] = [title, describeConfig(config), ''];
  out.push(
    `${m.feasible ? 'fits in memory' : 'DOES NOT FIT'}; step ${m.stepTimeS.toFixed(2)} s; ${m.tokensPerSecPerGpu.toFixed(0)} tokens/s per GPU; ` +
      `MFU ${formatPercent(m.mfu)} of BF16 peak${m.mfuFp8 !== undefined ? ` (${formatPercent(m.mfuFp8)} of FP8)` : ''}; bubble ${formatPercent(m.bubbleFraction)}; bottleneck: ${m.bottleneck}`,
  );
  if (m.infeasibleReason) out.push(m.infeasibleReason);
  if (d.gemmEfficiencyGuess)
    out.push(
      `note: the ${d.gemmFormat.toUpperCase()} GEMM efficiency is a guess, so are the figures above: ${d.gemmEfficiencyGuess}`,
    );
  out.push(
    `dp ${d.dp}, ${d.microBatches} micro-batches of ${d.tokensPerMicroBatch} tokens, ${d.chunks} chunks (${d.chunksPerRank} per rank), layers per chunk ${d.layersPerChunk.join(' ')}`,
    '',
  );

  const rows: [string, number][] = [
    ['forward (compute)', b.forwardS],
    ['backward, input (compute)', b.backwardInputS],
    ['backward, weights (compute)', b.backwardWeightS],
    ['overlapped pairs (compute)', b.overlappedS],
    ['exposed communication', b.exposedCommS],
    ['pipeline bubble', b.bubbleS],
    ['optimizer', b.optimizerS],
  ];
  out.push(
    `Time per step on the critical rank ${d.pipeline.criticalRank}`,
    formatTable(
      ['component', 'seconds', 'share'],
      [...rows.map(([name, s]) => [name, s, formatPercent(s / m.stepTimeS)]), ['step', m.stepTimeS, '100%']],
    ),
    '',
  );

  const mem = m.memory;
  const memRows: [string, number][] = [
    ['parameters', mem.parametersGiB],
    ['gradients', mem.gradientsGiB],
    ['optimizer state', mem.optimizerGiB],
    ['activations', mem.activationsGiB],
    ['communication buffers', mem.commBuffersGiB],
  ];
  out.push(
    `Memory per GPU (fullest rank, peak ${d.pipeline.peakActivationChunks} chunks in flight)`,
    formatTable(
      ['term', 'GiB'],
      [
        ...memRows.map(([name, v]) => [name, gib(v)]),
        ['total', gib(mem.totalGiB)],
        [`capacity (HBM less ${mem.reservedGiB} GiB reserve)`, gib(mem.capacityGiB)],
      ],
    ),
    '',
  );

  const itemRows = (times: Metrics['details']['itemTimesS']) =>
    Object.entries(times).map(([kind, t]) => [
      kind,
      ms(t.attnF),
      ms(t.attnB),
      ms(t.attnW),
      ms(t.mlpF),
      ms(t.mlpB),
      ms(t.mlpW),
      ms(t.dispatchF),
      ms(t.combineF),
      ms(t.dispatchB),
      ms(t.combineB),
      ms(t.tpF + t.tpB),
    ]);
  const itemHeader = [
    'item',
    'attn F',
    'attn B',
    'attn W',
    'MLP F',
    'MLP B',
    'MLP W',
    'dispatch F',
    'combine F',
    'dispatch B',
    'combine B',
    'TP',
  ];
  out.push(
    'Per item and micro-batch, ms (compute on all SMs, as in serial ops)',
    formatTable(itemHeader, itemRows(d.itemTimesS)),
    '',
  );
  if (d.itemTimesOverlappedS) {
    out.push(
      `Per item and micro-batch, ms (compute on ${d.computeSMsOverlapped} SMs, inside overlapped pairs)`,
      formatTable(itemHeader, itemRows(d.itemTimesOverlappedS)),
      '',
    );
  }
  const cs = d.chunkS;
  out.push(
    `Per chunk, as simulated (mean over the busiest rank's chunks; its heaviest is chunk ${d.criticalChunk}): F ${ms(cs.F)} ms, B ${ms(cs.B)} ms, W ${ms(cs.W)} ms, ` +
      `FB pair ${ms(cs.FB)} ms, P2P hop ${ms(cs.p2p)} ms; communication exposed in F ${ms(cs.commInF)} ms, in B ${ms(cs.commInB)} ms`,
  );
  if (d.overlap) {
    out.push(
      `Overlapped pair: compute ${ms(d.overlap.computeS)} ms, communication ${ms(d.overlap.commS)} ms, of which hidden ${ms(d.overlap.hiddenCommS)} ms and exposed ${ms(d.overlap.exposedCommS)} ms`,
    );
  }
  if (d.routing) {
    const r = d.routing;
    out.push(
      `Routing: a token reaches ${r.nodesPerToken.toFixed(2)} nodes (${r.remoteNodesPerToken.toFixed(2)} remote) of ${r.candidateNodes} allowed of ${r.nodes}, ${r.gpusPerToken.toFixed(2)} GPUs, ${r.expertsPerNodeVisited.toFixed(2)} experts per node visited` +
        (r.publishedExpertsPerNodeVisited !== undefined
          ? ` (DeepSeek's ${r.publishedExpertsPerNodeVisited} is the NVLink/IB bandwidth ratio, a ceiling)`
          : ''),
    );
  }
  if (d.allToAllBytes) {
    const a = d.allToAllBytes;
    const mb = (x: number) => (x / 1e6).toFixed(1);
    out.push(
      `All-to-all per MoE layer and micro-batch, MB sent per GPU (IB / NVLink / logical): dispatch ${mb(a.dispatch.scaleOut)} / ${mb(a.dispatch.scaleUp)} / ${mb(a.dispatch.logical)}, combine ${mb(a.combine.scaleOut)} / ${mb(a.combine.scaleUp)} / ${mb(a.combine.logical)}; bound by ${a.limit}`,
    );
  }
  out.push(
    `Step boundary: gradient reduce-scatter ${ms(d.dataParallel.reduceScatterS)} ms, parameter all-gather ${ms(d.dataParallel.allGatherS)} ms, exposed ${ms(d.dataParallel.exposedS)} ms; optimizer ${ms(d.optimizerS)} ms`,
    `Model FLOPs ${(d.flops.modelPerToken / 1e9).toFixed(1)} GFLOP/token; achieved ${d.flops.achievedTflopsPerGpu.toFixed(0)} TFLOPS per GPU`,
  );
  return `${out.join('\n')}\n`;
}

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description('evaluate one config (or one per stdin line with --jsonl) with the analytical cost model')
    .requiredOption('--workload <id>', 'workload profile id or path (e.g. deepseek-v3)')
    .requiredOption('--chip <id>', 'chip profile id or path (e.g. h800-sxm)')
    .option('--gpus <n>', 'GPUs in the job', String(DEFAULT_GPUS))
    .option('--cluster <id>', 'cluster profile id or path', DEFAULT_CLUSTER)
    .option('--kernel <id>', 'all-to-all kernel profile id or path', DEFAULT_KERNEL)
    .option('--global-batch <sequences>', "sequences per step (default: the workload's globalBatchSequences)")
    .option(
      '--config <json>',
      'the config: {"schedule", "pp", "ep", "tp", "microBatchSize", "commSMs", optional "vpp", "nodeLimit", "recompute", "sequenceParallel"}',
    )
    .option('--json', 'print the metrics as one JSON object')
    .option(
      '--jsonl',
      'read one config per stdin line, write one JSON result per line, in order (without "details" unless --full)',
    )
    .option('--full', 'with --jsonl: answer each line with the full metrics, "details" included (as --json does)')
    .option(
      '--phase <phase>',
      'serving instead of training: prefill or decode (config: phase, tp, ep, batchPerGpu, contextLength, microBatches, commSMs; docs/serving.md)',
    )
    .action(async (opts: EvaluateOptions) => {
      if (opts.phase !== undefined) return runServeEvaluate({ ...opts, phase: opts.phase });
      const gpus = parseWhole('autotune evaluate', '--gpus', opts.gpus, 1);
      const globalBatch =
        opts.globalBatch === undefined
          ? undefined
          : parseWhole('autotune evaluate', '--global-batch', opts.globalBatch, 1);
      const evaluator = createEvaluator({
        workload: opts.workload,
        chip: opts.chip,
        gpus,
        cluster: opts.cluster,
        kernel: opts.kernel,
        globalBatch,
      });
      if (opts.jsonl) {
        await serveLines(evaluator, opts.full === true);
        return;
      }
      if (opts.config === undefined)
        throw new UserError('autotune evaluate: --config <json> is required (or --jsonl to read configs from stdin)');
      const config = parseConfigText(opts.config, 'autotune evaluate: --config');
      const metrics = evaluator.evaluate(config);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(metrics, null, 2)}\n`);
        return;
      }
      const title = `${evaluator.input.workload.name} on ${gpus} x ${evaluator.input.chip.name} (cluster ${evaluator.input.cluster.id}, kernel ${evaluator.input.kernel.id})`;
      process.stdout.write(formatReport(metrics, config, title));
    });
}
