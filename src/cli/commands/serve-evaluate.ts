/** `autotune evaluate --phase prefill|decode`: one serving config (or one per stdin line) through src/serve. */
import { createInterface } from 'node:readline';
import { UserError } from '../../errors.js';
import { formatTable } from '../../format/table.js';
import { DEFAULT_KERNEL } from '../../model/index.js';
import {
  createServeEvaluator,
  parseServeConfig,
  SERVE_PHASES,
  type ServeConfig,
  type ServeEvaluator,
  type ServeMetrics,
  type ServePhase,
} from '../../serve/index.js';
import { parseChoice } from '../options.js';

export interface ServeEvaluateOptions {
  workload: string;
  chip: string;
  cluster: string;
  kernel: string;
  phase: string;
  config?: string;
  json?: boolean;
  jsonl?: boolean;
}

/** A config's JSON text with the phase from --phase filled in (a different phase in the text is an error). */
function parseServeText(text: string, phase: ServePhase, where: string): ServeConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${where}: not valid JSON: ${(err as Error).message}`);
  }
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const given = (json as Record<string, unknown>).phase;
    if (given !== undefined && given !== phase)
      throw new UserError(`${where}: phase = ${JSON.stringify(given)}: must match --phase ${phase} (or be left out)`);
    json = { ...json, phase };
  }
  return parseServeConfig(json, where);
}

const ms = (s: number) => (s * 1e3).toFixed(2);

export function formatServeReport(m: ServeMetrics, c: ServeConfig, title: string): string {
  const d = m.details;
  const latency = c.phase === 'prefill' ? 'TTFT' : 'TPOT';
  const unit = c.phase === 'prefill' ? 'prompt tokens/s per GPU' : 'output tokens/s per GPU';
  const out = [
    title,
    `${c.phase}: tp ${c.tp}, ep ${c.ep} (${d.gpus} GPUs, ${d.nodes} node(s)), batch ${c.batchPerGpu} per GPU, context ${c.contextLength}, ${c.microBatches} micro-batch(es)` +
      (c.phase === 'prefill' && c.ep > 1 ? `, commSMs ${c.commSMs}` : '') +
      `, KV cache ${d.kvCacheFormat}`,
    '',
    `${m.feasible ? 'fits in memory' : 'DOES NOT FIT'}; ${latency} ${ms(m.latencyS)} ms; ${m.tokensPerSecPerGpu.toFixed(0)} ${unit}; bottleneck: ${m.bottleneck}; largest batch that fits: ${m.maxBatchPerGpu}`,
  ];
  if (m.infeasibleReason) out.push(m.infeasibleReason);
  const b = m.breakdown;
  const rows: [string, number][] = [
    ['GEMMs, compute-bound', b.gemmComputeS],
    ['GEMMs, weight-read (HBM) bound', b.weightsHbmS],
    ['attention, compute-bound', b.attentionComputeS],
    ['attention, KV-cache read (HBM) bound', b.kvCacheHbmS],
    ['element-wise kernels', b.nonGemmS],
    ['launch gaps', b.launchGapsS],
    ['TP collectives', b.tpCollectivesS],
    ['exposed all-to-all', b.exposedCommS],
  ];
  out.push(
    '',
    `${latency} by component (all micro-batches)`,
    formatTable(
      ['component', 'ms', 'share'],
      [
        ...rows.map(([n, s]) => [n, ms(s), `${((100 * s) / m.latencyS).toFixed(1)}%`]),
        [latency, ms(m.latencyS), '100%'],
      ],
    ),
  );
  const mem = m.memory;
  out.push(
    '',
    'Memory per GPU, GiB',
    formatTable(
      ['term', 'GiB'],
      [
        ['weights', mem.weightsGiB.toFixed(1)],
        ['KV cache', mem.kvCacheGiB.toFixed(1)],
        ['activations', mem.activationsGiB.toFixed(1)],
        ['all-to-all buffers', mem.buffersGiB.toFixed(1)],
        ['total', mem.totalGiB.toFixed(1)],
        ['capacity', mem.capacityGiB.toFixed(1)],
      ],
    ),
  );
  out.push(
    '',
    `All-to-all per MoE layer and micro-batch (${d.allToAll.kernel}): dispatch ${ms(d.allToAll.dispatchS)} ms, combine ${ms(d.allToAll.combineS)} ms, bound by ${d.allToAll.limit}; hidden ${ms(d.hiddenCommS)} of ${ms(d.commS)} ms`,
    `HBM read per ${c.phase === 'prefill' ? 'pass' : 'step'}: weights ${(d.weightBytesRead / 1e9).toFixed(2)} GB, KV cache ${(d.kvBytesRead / 1e9).toFixed(2)} GB: ${ms(d.hbmFloorS)} ms at the nameplate HBM rate`,
  );
  return `${out.join('\n')}\n`;
}

async function serveLines(evaluator: ServeEvaluator, phase: ServePhase): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
  let n = 0;
  for await (const line of lines) {
    n++;
    let answer: unknown;
    try {
      if (line.trim() === '') throw new UserError(`line ${n}: empty; expected one serving config JSON object per line`);
      answer = evaluator.evaluate(parseServeText(line, phase, `line ${n}`));
    } catch (err) {
      answer = { error: err instanceof UserError ? err.message : `internal error: ${(err as Error).message}` };
    }
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  }
}

export async function runServeEvaluate(opts: ServeEvaluateOptions): Promise<void> {
  const phase = parseChoice('autotune evaluate', '--phase', opts.phase, SERVE_PHASES);
  // --kernel names the phase's all-to-all; decode defaults to the low-latency kernels.
  const kernel = opts.kernel === DEFAULT_KERNEL ? undefined : opts.kernel;
  const evaluator = createServeEvaluator({
    workload: opts.workload,
    chip: opts.chip,
    cluster: opts.cluster,
    ...(phase === 'prefill' ? { prefillKernel: kernel } : { decodeKernel: kernel }),
  });
  if (opts.jsonl) return serveLines(evaluator, phase);
  if (opts.config === undefined)
    throw new UserError('autotune evaluate: --config <json> is required (or --jsonl to read configs from stdin)');
  const config = parseServeText(opts.config, phase, 'autotune evaluate: --config');
  const metrics = evaluator.evaluate(config);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ config, ...metrics }, null, 2)}\n`);
    return;
  }
  const i = evaluator.input;
  process.stdout.write(
    formatServeReport(metrics, config, `${i.workload.name} on ${i.chip.name} (cluster ${i.cluster.id}), serving`),
  );
}
