/** `autotune compare --mode serve`: the best serving throughput of each chip per scenario, per GPU and per kW. */
import { formatTable } from '../../format/table.js';
import { defaultServeScenarios, runServeCompare, type ServeCompareResult } from '../../serve/compare.js';
import { parsePositive, parseWhole } from '../options.js';

export interface ServeCompareOptions {
  chips: string;
  json?: boolean;
  context?: string;
  tpotMs?: string;
  ttftS?: string;
}

function describe(c: ServeCompareResult['rows'][number]['cells'][number]): string {
  const k = c.config;
  if (!k) return 'none meets the limit';
  const parts = [`tp ${k.tp}`, `ep ${k.ep}`, `batch ${k.batchPerGpu}`, `${k.microBatches} mb`];
  if (k.commSMs !== undefined) parts.push(`${k.commSMs} SMs`);
  return parts.join(', ');
}

export function formatServeCompare(r: ServeCompareResult): string {
  const header = [
    'scenario',
    'chip',
    'tokens/s/GPU',
    `vs ${r.chips[0]}`,
    'tokens/s/kW',
    `per W vs ${r.chips[0]}`,
    'latency ms',
    'bottleneck',
    'config',
  ];
  const rows = r.rows.flatMap((row) =>
    row.cells.map((c, i) => [
      i === 0 ? row.scenario : '',
      c.chip,
      c.tokensPerSecPerGpu.toFixed(0),
      `${c.vsReference.toFixed(2)}x`,
      c.tokensPerSecPerKw.toFixed(0),
      `${c.vsReferencePerWatt.toFixed(2)}x`,
      (c.latencyS * 1e3).toFixed(1),
      c.bottleneck ?? '-',
      describe(c),
    ]),
  );
  return `${formatTable(header, rows)}\n`;
}

export function runServeCompareCommand(opts: ServeCompareOptions): void {
  const where = 'autotune compare --mode serve';
  const context = opts.context === undefined ? 4096 : parseWhole(where, '--context', opts.context, 1);
  const tpot = opts.tpotMs === undefined ? 50 : parsePositive(where, '--tpot-ms', opts.tpotMs, ' (milliseconds)');
  const ttft = opts.ttftS === undefined ? 2 : parsePositive(where, '--ttft-s', opts.ttftS, ' (seconds)');
  const result = runServeCompare(opts.chips.split(','), defaultServeScenarios(context, tpot / 1e3, ttft));
  process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : formatServeCompare(result));
}
