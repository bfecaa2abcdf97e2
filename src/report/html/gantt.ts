/**
 * The simulated schedule as an exact SVG Gantt chart: one rect per op per rank at its simulated start and end,
 * coloured by kind (the odd chunk lighter, as the terminal chart's lower case), on a grey row so that every bubble
 * shows; each rect's <title> names the op, its micro-batch, chunk, start and end.
 */
import type { Timeline, TimelineOp } from '../../schedule/index.js';
import { el, esc, type Frame, innerWidth, linear, seconds, svg, title, xAxis } from './svg.js';

const ROW = 14;
const GAP = 3;
/** Pixels per op along a rank's row at least, so a step of hundreds of ops stays legible (the chart scrolls). */
const PX_PER_OP = 2.5;
const MIN_WIDTH = 1100;
const MAX_WIDTH = 6000;

export const OP_NAMES: Readonly<Record<TimelineOp['kind'], string>> = {
  F: 'forward',
  B: 'input backward',
  W: 'weight backward',
  BW: 'fused backward (B+W)',
  FB: 'overlapped forward & backward',
};

function describe(rank: number, op: TimelineOp): string {
  const what =
    op.backward === undefined
      ? `micro-batch ${op.microBatch}, chunk ${op.chunk} (stage ${op.stage})`
      : `forward of micro-batch ${op.microBatch} chunk ${op.chunk} with backward of micro-batch ${op.backward.microBatch} chunk ${op.backward.chunk}`;
  return `rank ${rank}: ${op.kind} (${OP_NAMES[op.kind]}), ${what}; ${seconds(op.start)} to ${seconds(op.end)}`;
}

/** Width in CSS pixels for a timeline: wide enough for its busiest row. */
export function ganttWidth(t: Timeline): number {
  const most = Math.max(0, ...t.ranks.map((r) => r.ops.length));
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.ceil(most * PX_PER_OP)));
}

export function ganttSvg(t: Timeline, id: string): string {
  const f: Frame = { width: ganttWidth(t), height: 0, left: 46, right: 14, top: 6, bottom: 40 };
  f.height = f.top + t.ranks.length * (ROW + GAP) + f.bottom;
  const x = linear([0, t.stepTime], [f.left, f.left + innerWidth(f)], false);
  const rows = t.ranks.map((rank, i) => {
    const y = f.top + i * (ROW + GAP);
    const idle = el(
      'rect',
      { class: 'idle', x: f.left, y, width: innerWidth(f), height: ROW },
      title(`rank ${rank.rank}: idle ${seconds(rank.idle)} of ${seconds(t.stepTime)}`),
    );
    const ops = rank.ops.map((op) =>
      el(
        'rect',
        {
          class: `op ${op.kind}${op.chunk % 2 === 1 ? ' alt' : ''}`,
          x: x(op.start),
          y,
          width: Math.max(0.5, x(op.end) - x(op.start)),
          height: ROW,
        },
        title(describe(rank.rank, op)),
      ),
    );
    const label = el(
      'text',
      { class: 'rank', x: f.left - 6, y: y + ROW - 3, 'text-anchor': 'end' },
      esc(`r${rank.rank}`),
    );
    return el('g', { class: 'rank-row', 'data-rank': rank.rank }, label, idle, ...ops);
  });
  const label = `${t.schedule} Gantt chart: ${t.pp} ranks, ${t.microBatches} micro-batches, step ${seconds(t.stepTime)}`;
  return el(
    'div',
    { class: 'scroll' },
    svg(f, { cls: 'gantt', label, id }, ...rows, xAxis(x, f, 'time in the step', seconds, 12)),
  );
}
