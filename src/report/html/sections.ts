/**
 * The parts every result's section is built from: HTML tables of report data, the chosen config's Gantt,
 * commSMs curves, step-time and memory bars, and provenance.
 */
import type { Breakdown, MemoryBreakdown } from '../../contract/metrics.js';
import { UserError } from '../../errors.js';
import { formatConfig } from '../../format/config.js';
import { formatGiB, formatPercent } from '../../format/numbers.js';
import type { Catalog } from '../../profiles/catalog.js';
import type { ProfileKind } from '../../profiles/schemas.js';
import { OP_KINDS } from '../../schedule/index.js';
import type { ReportTable } from '../tables.js';
import { lineChart, type Segment, type Series, stackedBar } from './charts.js';
import type { CommCurves, Focus } from './focus.js';
import { ganttSvg, OP_NAMES } from './gantt.js';
import { el, esc, legend, seconds } from './svg.js';

/** A table of the report's data (the same tables the terminal prints). */
export function htmlTable(t: ReportTable): string {
  const head = el('tr', {}, ...t.columns.map((c) => el('th', { class: c.align }, esc(c.header))));
  const rows = t.rows.map((r, i) =>
    el(
      'tr',
      { class: i === t.highlight ? 'highlight' : undefined },
      ...t.columns.map((c) => el('td', { class: c.align }, esc(r[c.key] ?? ''))),
    ),
  );
  const notes = (t.notes ?? []).map((n) => el('p', { class: 'note' }, esc(n)));
  return el(
    'div',
    { class: 'table' },
    el('table', {}, el('caption', {}, esc(t.title)), el('thead', {}, head), el('tbody', {}, ...rows)),
    ...notes,
  );
}

/** Two-column facts: label, value. */
export function facts(rows: readonly [string, string][]): string {
  return el(
    'table',
    { class: 'facts' },
    el('tbody', {}, ...rows.map(([k, v]) => el('tr', {}, el('th', {}, esc(k)), el('td', {}, esc(v))))),
  );
}

const tokens = (x: number): string => `${x.toFixed(0)} tok/s/GPU`;

function ganttPart(f: Focus, id: string): string {
  const t = f.timeline;
  const present = OP_KINDS.filter((k) => t.ranks.some((r) => r.ops.some((o) => o.kind === k)));
  const ops = t.ranks.reduce((n, r) => n + r.ops.length, 0);
  const items = [
    ...present.map((k) => ({ cls: `op ${k}`, label: `${k}: ${OP_NAMES[k]}` })),
    ...(t.chunksPerRank > 1
      ? [{ cls: 'op F alt', label: 'lighter: the odd chunk (DualPipe: direction 1; V schedules: the way back)' }]
      : []),
    { cls: 'idle', label: 'idle (bubble)' },
  ];
  const d = f.metrics.details.chunkS;
  return el(
    'div',
    { class: 'part' },
    el('h3', {}, esc('Schedule of the chosen config')),
    el(
      'p',
      {},
      esc(
        `${t.schedule}, ${t.pp} ranks, ${t.microBatches} micro-batches, ${t.chunksPerRank} chunk(s) per rank: ${ops} ops; step ${seconds(t.stepTime)} as simulated, mean bubble ${formatPercent(t.bubbleFraction)}. ` +
          `Per-chunk durations from the cost model: F ${seconds(d.F)}, B ${seconds(d.B)}, W ${seconds(d.W)}, FB ${seconds(d.FB)}, P2P hop ${seconds(d.p2p)}. Hover an op for its micro-batch, start and end.`,
      ),
    ),
    legend(items),
    ganttSvg(t, id),
  );
}

function curvesPart(f: Focus, id: string): string {
  const head = el('h3', {}, esc('Throughput against the SMs given to communication'));
  if ('problem' in f.curves)
    return el('div', { class: 'part' }, head, el('p', { class: 'problem' }, esc(`not drawn: ${f.curves.problem}`)));
  const c: CommCurves = f.curves;
  const drawn = c.curves.filter((s) => s.points.length > 0);
  const series: Series[] = drawn.map((s) => ({
    label: s.schedule,
    cls: `sch-${s.schedule}`,
    line: 'straight',
    markers: true,
    points: s.points.map((p) => ({
      x: p.commSMs,
      y: p.tokensPerSecPerGpu,
      title: `${s.schedule}, commSMs ${p.commSMs}: ${tokens(p.tokensPerSecPerGpu)}`,
    })),
  }));
  const own = f.metrics.tokensPerSecPerGpu;
  const chart = lineChart({
    id,
    label: 'throughput against commSMs, one line per schedule',
    xCaption: `commSMs (of ${c.sms} SMs; the rest run GEMMs)`,
    yCaption: 'tokens/s per GPU',
    yFromZero: true,
    series,
    rules: [
      {
        x: c.kernelDefaultSMs,
        cls: 'deepseek',
        label: `${c.kernelDefaultSMs} SMs: DeepSeek-V3 (${c.kernel} default)`,
        title: `${c.kernel}'s default SM count, what DeepSeek-V3 gave the all-to-all`,
      },
    ],
    highlights: [
      {
        x: f.config.commSMs,
        y: own,
        cls: `optimum sch-${f.config.schedule}`,
        label: `chosen: ${f.config.schedule}, ${f.config.commSMs} SMs`,
        title: `the chosen config: ${tokens(own)}`,
      },
    ],
  });
  const missing = c.curves
    .filter((s) => s.points.length === 0)
    .map((s) => el('li', {}, esc(`${s.schedule}: ${s.problem}`)));
  return el(
    'div',
    { class: 'part' },
    head,
    el(
      'p',
      {},
      esc(
        `The chosen config's other fields fixed (${formatConfig({ ...f.config, commSMs: undefined, schedule: undefined })}); each schedule at every commSMs the kernel allows up to ${Math.max(...c.tried)}. Gaps: the config does not fit in memory there.`,
      ),
    ),
    legend(drawn.map((s) => ({ cls: `line sch-${s.schedule}`, label: s.schedule }))),
    chart,
    ...(missing.length > 0 ? [el('p', {}, esc('No curve:')), el('ul', { class: 'problems' }, ...missing)] : []),
  );
}

const STEP_PARTS: readonly [keyof Breakdown, string, string][] = [
  ['forwardS', 'forward', 'bd-f'],
  ['backwardInputS', 'input backward', 'bd-b'],
  ['backwardWeightS', 'weight backward', 'bd-w'],
  ['overlappedS', 'overlapped F&B', 'bd-fb'],
  ['exposedCommS', 'exposed comm', 'bd-comm'],
  ['bubbleS', 'bubble', 'bd-bubble'],
  ['optimizerS', 'optimizer', 'bd-opt'],
];
const MEMORY_PARTS: readonly [keyof MemoryBreakdown, string, string][] = [
  ['parametersGiB', 'parameters', 'mem-param'],
  ['gradientsGiB', 'gradients', 'mem-grad'],
  ['optimizerGiB', 'optimizer state', 'mem-opt'],
  ['activationsGiB', 'activations', 'mem-act'],
  ['commBuffersGiB', 'comm buffers', 'mem-buf'],
];

/** The step-time breakdown and the memory stack, each a bar with a table of the same figures. */
export function barsPart(breakdown: Breakdown, stepTimeS: number, memory: MemoryBreakdown): string {
  const steps: Segment[] = STEP_PARTS.map(([k, label, cls]) => ({ label, value: breakdown[k], cls })).filter(
    (s) => s.value > 0,
  );
  const mem: Segment[] = MEMORY_PARTS.map(([k, label, cls]) => ({ label, value: memory[k] as number, cls })).filter(
    (s) => s.value > 0,
  );
  const gib = (x: number) => `${formatGiB(x)} GiB`;
  const rows = (segs: readonly Segment[], f: (x: number) => string, total: number) =>
    el(
      'table',
      { class: 'facts' },
      el(
        'tbody',
        {},
        ...segs.map((s) =>
          el(
            'tr',
            {},
            el('th', {}, el('span', { class: `swatch ${s.cls}` }, ''), esc(s.label)),
            el('td', {}, esc(f(s.value))),
            el('td', {}, esc(formatPercent(s.value / total))),
          ),
        ),
      ),
    );
  const stepSum = steps.reduce((s, g) => s + g.value, 0);
  return el(
    'div',
    { class: 'part' },
    el('h3', {}, esc('Where the step goes')),
    el(
      'p',
      {},
      esc(`Critical rank, per step: the parts add up to ${seconds(stepSum)} of the ${seconds(stepTimeS)} step.`),
    ),
    stackedBar({ label: 'step-time breakdown', segments: steps, format: seconds }),
    rows(steps, seconds, stepTimeS),
    el('h3', {}, esc('Where the memory goes')),
    el(
      'p',
      {},
      esc(
        `Fullest GPU: ${gib(memory.totalGiB)} of ${gib(memory.capacityGiB)} usable (HBM less a ${gib(memory.reservedGiB)} reserve).`,
      ),
    ),
    stackedBar({
      label: 'memory stack',
      segments: mem,
      format: gib,
      limit: { value: memory.capacityGiB, label: 'capacity' },
    }),
    rows(mem, gib, memory.totalGiB),
  );
}

/** Everything the report shows about one chosen config. */
export function focusPart(f: Focus, id: string): string {
  const m = f.metrics;
  return el(
    'div',
    { class: 'focus', id },
    el('h3', { class: 'focus-head' }, esc(f.heading)),
    el('p', { class: 'config' }, el('code', {}, esc(formatConfig(f.config)))),
    facts([
      ['throughput', tokens(m.tokensPerSecPerGpu)],
      ['step time', seconds(m.stepTimeS)],
      ['MFU (BF16 peak)', formatPercent(m.mfu)],
      ['bubble', formatPercent(m.bubbleFraction)],
      ['memory', `${formatGiB(m.memoryGiB)} GiB`],
      ['bottleneck', m.bottleneck],
    ]),
    ...f.notes.map((n) => el('p', { class: 'note' }, esc(n))),
    ganttPart(f, `${id}-gantt`),
    curvesPart(f, `${id}-commsms`),
    barsPart(m.breakdown, m.stepTimeS, m.memory),
  );
}

/** Provenance: who wrote the result, from what spec and profiles. */
export function provenancePart(
  rows: readonly [string, string][],
  hashes: Readonly<Record<string, string>>,
  hashNote: string,
  spec?: unknown,
): string {
  return el(
    'div',
    { class: 'part provenance' },
    el('h3', {}, esc('Provenance')),
    facts(rows),
    el('p', { class: 'note' }, esc(hashNote)),
    facts(Object.entries(hashes)),
    ...(spec === undefined
      ? []
      : [
          el(
            'details',
            {},
            el('summary', {}, esc('the spec as run')),
            el('pre', {}, esc(JSON.stringify(spec, null, 2))),
          ),
        ]),
  );
}

/** sha256 of the profiles as this report reads them now (compare and sweep results do not record theirs). */
export function hashesNow(catalog: Catalog, profiles: readonly [ProfileKind, string][]): Record<string, string> {
  return Object.fromEntries(
    profiles.map(([kind, id]) => {
      try {
        return [`${kind}:${id}`, catalog.load(kind, id).sha256];
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        return [`${kind}:${id}`, `cannot be read now: ${err.message}`];
      }
    }),
  );
}
