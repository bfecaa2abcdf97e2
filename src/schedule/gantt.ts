/**
 * ASCII Gantt chart of a simulated schedule: one row per rank, one letter per op kind, case for the chunk (so
 * DualPipe's two directions and the V's two legs show), '.' for idle; then per-rank figures. A pure function of the
 * timeline, so the terminal UI can reuse it.
 */
import type { ScheduleKind } from '../contract/config.js';
import type { RankTimeline, Timeline, TimelineOp } from './simulate.js';
import type { OpKind } from './types.js';

/** Letter of each op kind (upper case; chunk 1, 3, ... are drawn in lower case). */
export const GANTT_LETTER: { readonly [K in OpKind]: string } = { F: 'F', B: 'B', W: 'W', BW: 'X', FB: 'O' };
export const GANTT_IDLE = '.';
/** Narrowest chart area drawn, whatever the terminal says. */
const MIN_CHART_COLUMNS = 20;

function letterOf(op: TimelineOp): string {
  const letter = GANTT_LETTER[op.kind];
  return op.chunk % 2 === 0 ? letter : letter.toLowerCase();
}

/** Compact number: 4 significant digits, no trailing zeros. */
export function formatTime(x: number): string {
  return Number(x.toPrecision(4)).toString();
}

/** One row: each column shows the op covering most of its time slice, or idle when ops cover less than half. */
function renderRow(rank: RankTimeline, columns: number, dt: number): string {
  let row = '';
  let first = 0;
  for (let c = 0; c < columns; c++) {
    const from = c * dt;
    const to = from + dt;
    while (first < rank.ops.length && rank.ops[first]!.end <= from) first++;
    let covered = 0;
    let best: TimelineOp | undefined;
    let bestOverlap = 0;
    for (let k = first; k < rank.ops.length && rank.ops[k]!.start < to; k++) {
      const op = rank.ops[k]!;
      const overlap = Math.min(op.end, to) - Math.max(op.start, from);
      if (overlap <= 0) continue;
      covered += overlap;
      if (overlap > bestOverlap) {
        bestOverlap = overlap;
        best = op;
      }
    }
    row += best !== undefined && covered * 2 >= dt ? letterOf(best) : GANTT_IDLE;
  }
  return row;
}

const V_LEGEND = (t: Timeline) =>
  `upper case: chunk 0 (stages 0-${t.pp - 1}, going down the ranks); lower case: chunk 1 (stages ${t.pp}-${2 * t.pp - 1}, coming back)`;

/** What upper and lower case mean, for the schedules whose ops come in two kinds (one chunk per rank: none). */
const CASE_LEGENDS: Partial<Record<ScheduleKind, (t: Timeline) => string | undefined>> = {
  dualpipe: (t) =>
    `upper case: direction 0 (micro-batches 0-${t.microBatches / 2 - 1}, enter at rank 0); lower case: direction 1 (micro-batches ${t.microBatches / 2}-${t.microBatches - 1}, enter at rank ${t.pp - 1}); an O takes its forward's case`,
  'zb-v': V_LEGEND,
  dualpipev: V_LEGEND,
  'interleaved-1f1b': (t) =>
    t.chunksPerRank > 1
      ? 'upper case: even chunks (stages r, r+2p, ...); lower case: odd chunks (stages r+p, r+3p, ...)'
      : undefined,
};

function caseLegend(kind: ScheduleKind, t: Timeline): string | undefined {
  return CASE_LEGENDS[kind]?.(t);
}

/** The chart and figures as lines (no trailing newlines), fitted to `width` terminal columns. */
export function renderGantt(t: Timeline, width: number): string[] {
  const label = (r: number): string => `r${r}`.padStart(`r${t.pp - 1}`.length);
  const labelWidth = label(0).length + 2; // "r0 |"
  const columns = Math.max(MIN_CHART_COLUMNS, width - labelWidth - 1);
  const dt = t.stepTime > 0 ? t.stepTime / columns : 1;
  const lines: string[] = [];
  lines.push(
    `${t.schedule}: pp ${t.pp}, ${t.microBatches} micro-batches, ${t.chunksPerRank} chunk(s) per rank, ${t.chunksPerMicroBatch} chunks per micro-batch`,
  );
  const end = formatTime(t.stepTime);
  lines.push(`${' '.repeat(labelWidth - 1)}0${end.padStart(columns)}`);
  for (const rank of t.ranks) lines.push(`${label(rank.rank)} |${renderRow(rank, columns, dt)}|`);
  const L = GANTT_LETTER;
  lines.push(
    `${L.F} forward  ${L.B} input backward  ${L.W} weight backward  ${L.BW} fused backward (B+W)  ${L.FB} overlapped forward & backward  ${GANTT_IDLE} idle`,
  );
  const cases = caseLegend(t.schedule, t);
  if (cases !== undefined) lines.push(cases);
  lines.push('');
  const head = ['rank', 'busy', 'idle', 'bubble', 'peak act.', 'as whole-model micro-batches'];
  const rows = t.ranks.map((rank) => {
    const bubble = t.stepTime > 0 ? (100 * rank.idle) / t.stepTime : 0;
    const wholeModel = rank.peakActivations / t.chunksPerMicroBatch;
    return [
      label(rank.rank),
      formatTime(rank.busy),
      formatTime(rank.idle),
      `${bubble.toFixed(1)}%`,
      `${rank.peakActivations} chunks`,
      formatTime(wholeModel),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  for (const row of [head, ...rows]) lines.push(row.map((cell, i) => cell.padStart(widths[i]!)).join('  '));
  lines.push(`step time ${formatTime(t.stepTime)}, mean bubble ${(100 * t.bubbleFraction).toFixed(1)}%`);
  return lines;
}
