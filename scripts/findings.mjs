#!/usr/bin/env node
/**
 * Writes docs/findings.md from the tool's own output: `autotune compare` and two `autotune sweep`s of DeepSeek-V3
 * on 2048 GPUs, run through the CLI with --json (after `npm run build`), and the wall time of each command.
 *
 *   npm run build && node scripts/findings.mjs [--out docs/findings.md]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SPEC = 'searches/deepseek-v3-h800.json';
const CHIPS = 'h100-sxm,h800-sxm,h20';
const NVLINK = 'nvlink=100..900:9';
const NIC = 'nic=12.5..100:8'; // 12.5 GB/s steps: 100 Gb/s NICs up to 800, the default 400 among them
/** "Matching" a throughput: within this fraction of it. */
const MATCH = 0.99;

const { values: opts } = parseArgs({
  options: { out: { type: 'string', default: join(ROOT, 'docs', 'findings.md') } },
});
const scratch = mkdtempSync(join(tmpdir(), 'autotune-findings-'));

/** Runs the CLI; returns its stdout (parsed when JSON), the command line as a reader would type it, and its wall time. */
function autotune(args, { json = true } = {}) {
  const started = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'autotune.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`autotune ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  process.stderr.write(`${seconds.toFixed(1).padStart(6)} s  autotune ${args.join(' ')}\n`);
  return { out: json ? JSON.parse(r.stdout) : r.stdout, seconds, command: `npx autotune ${args.join(' ')}` };
}

const load = loadavg()[0];
/** DeepSeek's own configuration on 2048 H800s (DeepSeek-V3 report: DualPipe, PP16, EP64, ~20 SMs, node limit 4). */
const DEEPSEEK = { schedule: 'dualpipe', pp: 16, ep: 64, tp: 1, microBatchSize: 1, commSMs: 20, nodeLimit: 4 };
const evaluate = (config) =>
  autotune([
    'evaluate',
    '--workload',
    'deepseek-v3',
    '--chip',
    'h800-sxm',
    '--config',
    JSON.stringify(config),
    '--json',
  ]);
const deepseek = evaluate(DEEPSEEK);
const compare = autotune(['compare', SPEC, '--chips', CHIPS, '--json']);
const nvlink = autotune(['sweep', SPEC, '--vary', NVLINK, '--json']);
const nic = autotune(['sweep', SPEC, '--vary', NIC, '--json']);
const inThread = autotune(['search', SPEC, '--json', '--threads', '0', '--out', scratch]);
const pooled = autotune(['search', SPEC, '--json', '--threads', '2', '--out', join(scratch, 'pool')]);
rmSync(scratch, { recursive: true, force: true });

const chipsById = Object.fromEntries(compare.out.chips.map((c) => [c.chip, c]));
const h100 = chipsById['h100-sxm'];
const h800 = chipsById['h800-sxm'];
const optimum = evaluate(h800.tuned.config);

const fmt = (x, digits = 0) => (x === null || x === undefined ? '-' : x.toFixed(digits));
const pct = (x) => (x === null || x === undefined ? '-' : `${(100 * x).toFixed(1)}%`);
const short = (x) => (x === null || x === undefined ? '-' : `${(100 * (1 - x)).toFixed(1)}%`);
const config = (c) =>
  [
    c.schedule,
    `pp${c.pp}`,
    `ep${c.ep}`,
    `mbs${c.microBatchSize}`,
    c.recompute ? `recompute ${c.recompute}` : null,
    c.nodeLimit ? `nodeLimit ${c.nodeLimit}` : null,
  ]
    .filter(Boolean)
    .join(' ');
const table = (header, rows) =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

/** The first axis value (linear between points) where the tuned throughput reaches `target`, or null. */
function crossing(points, target) {
  for (let i = 0; i < points.length; i++) {
    const y = points[i].tuned?.tokensPerSecPerGpu ?? -Infinity;
    if (y < target) continue;
    if (i === 0) return points[0].value;
    const a = points[i - 1];
    const ya = a.tuned?.tokensPerSecPerGpu ?? 0;
    return a.value + ((target - ya) / (y - ya)) * (points[i].value - a.value);
  }
  return null;
}

function sweepTable(sweep, unit) {
  return table(
    [
      `${sweep.axis.alias} (${unit})`,
      'tuned tok/s/GPU',
      'optimum',
      'commSMs needed',
      'bottleneck',
      'baseline tok/s/GPU',
      'baseline bottleneck',
      'gain',
    ],
    sweep.points.map((p) => [
      p.value === sweep.axis.base ? `**${p.value}** (own)` : String(p.value),
      fmt(p.tuned?.tokensPerSecPerGpu),
      p.tuned ? config(p.tuned.config) : 'nothing fits',
      p.tuned ? `${p.commSMsNeeded}${p.tuned.overlapsCommunication ? ' (overlapped)' : ' (serial)'}` : '-',
      p.tuned?.bottleneck ?? '-',
      fmt(p.baseline?.tokensPerSecPerGpu),
      p.baseline?.bottleneck ?? '-',
      `${fmt(p.adaptationGain, 2)}x`,
    ]),
  );
}

const changeList = (sweep) =>
  sweep.changes.length === 0
    ? '- the optimum keeps its regime and config over the whole range'
    : sweep.changes
        .map((c) => `- ${c.from} -> ${c.to}: ${c.changes.map((x) => `${x.what} ${x.before} -> ${x.after}`).join('; ')}`)
        .join('\n');

/** "compute at every point" or "scale-up at 100, scale-out from 200 to 900": runs of equal values along the axis. */
function along(sweep, pick) {
  const runs = [];
  for (const p of sweep.points) {
    const v = pick(p) ?? 'nothing feasible';
    if (runs.length > 0 && runs[runs.length - 1].v === v) runs[runs.length - 1].to = p.value;
    else runs.push({ v, from: p.value, to: p.value });
  }
  if (runs.length === 1) return `${runs[0].v} at every point`;
  return runs.map((r) => (r.from === r.to ? `${r.v} at ${r.from}` : `${r.v} from ${r.from} to ${r.to}`)).join(', ');
}

const regimes = (sweep) =>
  `Bottleneck of the tuned optimum: ${along(sweep, (p) => p.tuned?.bottleneck)}; of the baseline: ${along(sweep, (p) => p.baseline?.bottleneck)}. ` +
  `The optimum ${along(sweep, (p) => (p.tuned ? (p.tuned.overlapsCommunication ? 'overlaps the all-to-all with compute' : 'runs the all-to-all serially') : null))}.`;

/** The commSMs story of a sweep: each change of the SMs the optimum needs, or of whether it overlaps. */
function commSMsChanges(sweep) {
  const moves = sweep.changes.filter((c) => c.changes.some((x) => x.what === 'commSMsNeeded' || x.what === 'overlap'));
  if (moves.length === 0)
    return `the commSMs the optimum needs do not change by more than 10% between ${sweep.axis.from} and ${sweep.axis.to} GB/s`;
  return moves
    .map((c) => {
      const [a, b] = [sweep.points[c.index - 1], sweep.points[c.index]];
      const side = (p) =>
        `${p.commSMsNeeded} SMs, ${p.tuned.config.schedule} ${p.tuned.overlapsCommunication ? 'overlapping the all-to-all with compute' : 'with the all-to-all serial'}`;
      return `between **${c.from} and ${c.to} GB/s** (${side(a)} -> ${side(b)})`;
    })
    .join('; ');
}

const target = h100.tuned.tokensPerSecPerGpu;
const nvlinkMatch = crossing(nvlink.out.points, MATCH * target);
const nvlinkExact = crossing(nvlink.out.points, target);
const nicMatch = crossing(nic.out.points, MATCH * target);
const nvlinkBest = Math.max(...nvlink.out.points.map((p) => p.tuned?.tokensPerSecPerGpu ?? 0));
const nicBest = Math.max(...nic.out.points.map((p) => p.tuned?.tokensPerSecPerGpu ?? 0));
const differs = profileDifferences('h800-sxm', 'h100-sxm');
const cluster = profile('clusters', compare.out.cluster);

function profile(kind, id) {
  return JSON.parse(readFileSync(join(ROOT, 'models', kind, `${id}.json`), 'utf8'));
}

/** "160 / 200": the linked figure over the axis field at the profile's own value. */
function ownRatio(sweep) {
  const own = sweep.points.find((p) => p.value === sweep.axis.base);
  return own ? `${own.set[sweep.axis.linked[0]]} / ${own.set[sweep.axis.field]}` : 'as in the profile';
}

/** "narrows" when the tuned chips are closer than the baselines, else "widens". */
function gapTrend(c) {
  const [tuned, baseline] = [c.relativeToReference.tuned, c.relativeToReference.baseline];
  if (tuned === null || baseline === null) return '';
  return tuned > baseline
    ? ': adaptation narrows the gap'
    : tuned < baseline
      ? ': adaptation widens the gap (the H100 gains more from it)'
      : '';
}

function profileDifferences(a, b) {
  const read = (id) => profile('chips', id);
  const flat = (o, prefix = '') =>
    Object.entries(o).flatMap(([k, v]) =>
      k === 'sources' || k === 'id' || k === 'name'
        ? []
        : typeof v === 'object'
          ? flat(v, `${prefix}${k}.`)
          : [[`${prefix}${k}`, v]],
    );
  const [fa, fb] = [new Map(flat(read(a))), new Map(flat(read(b)))];
  return [...fa].filter(([k, v]) => fb.get(k) !== v).map(([k, v]) => `${k} ${v} (H100: ${fb.get(k)})`);
}

/** Where the model's H800 optimum and DeepSeek's configuration differ, term by term of the critical rank's step. */
function deepseekSection() {
  const [a, b] = [deepseek.out, optimum.out];
  const terms = Object.keys(a.breakdown);
  const delta = (t) => b.breakdown[t] - a.breakdown[t];
  const largest = terms.reduce((x, y) => (Math.abs(delta(y)) > Math.abs(delta(x)) ? y : x));
  const same =
    JSON.stringify({ ...h800.tuned.config, recompute: undefined, commSMs: undefined, tp: undefined }) ===
    JSON.stringify({ ...DEEPSEEK, recompute: undefined, commSMs: undefined, tp: undefined });
  const rows = [
    [
      'tokens/s per GPU',
      fmt(a.tokensPerSecPerGpu),
      fmt(b.tokensPerSecPerGpu),
      `${fmt(b.tokensPerSecPerGpu - a.tokensPerSecPerGpu)}`,
    ],
    ['step s', fmt(a.stepTimeS, 2), fmt(b.stepTimeS, 2), fmt(b.stepTimeS - a.stepTimeS, 2)],
    ...terms.map((t) => [`${t} (s)`, fmt(a.breakdown[t], 2), fmt(b.breakdown[t], 2), fmt(delta(t), 2)]),
    ['layers per chunk', a.details.layersPerChunk.join(' '), b.details.layersPerChunk.join(' '), ''],
    ['FB pair of the critical rank (ms)', fmt(a.details.chunkS.FB * 1e3, 1), fmt(b.details.chunkS.FB * 1e3, 1), ''],
    ['memory GiB', fmt(a.memoryGiB, 1), fmt(b.memoryGiB, 1), ''],
  ];
  const why =
    largest === 'exposedCommS'
      ? "the communication the critical rank cannot hide. An overlapped pair is timed on its own (src/model/overlap.ts): its last all-to-all has no next pair to hide under, as DeepSeek's trace shows (the compute stream waits 1.76 ms for the last layer's dispatch(B); models/measurements/deepseek-v3-trace-h800.json), and a forward item with no backward partner in its block (rank 0 pairs its embedding-and-dense first stage with the head-and-MTP last stage) exposes its all-to-all. Shorter chunks leave less unpaired"
      : `the ${largest} term of the critical rank`;
  return `\`${deepseek.command}\` against the spec's tuned H800 optimum (\`${compare.command}\`, row h800-sxm).

${table(['figure', `DeepSeek: ${config(DEEPSEEK)}, ${DEEPSEEK.commSMs} SMs`, `model optimum: ${config(h800.tuned.config)}, ${h800.tuned.config.commSMs} SMs`, 'difference'], rows)}

${same ? "The model picks DeepSeek's configuration." : `The model's optimum differs from DeepSeek's choice by ${pct(b.tokensPerSecPerGpu / a.tokensPerSecPerGpu - 1)}; the term that moves most is **${largest}** (${fmt(delta(largest), 2)} s per step): ${why}.`} With its own schedule, DeepSeek's ${DEEPSEEK.commSMs} SMs give ${fmt((1 - a.tokensPerSecPerGpu / evaluate({ ...DEEPSEEK, commSMs: h800.tuned.config.commSMs }).out.tokensPerSecPerGpu) * 100, 1)}% less than the optimum's ${h800.tuned.config.commSMs}: all-to-all bandwidth stops growing past ~20-24 SMs on the H800 (DeepEP's H800 tables; kernel \`deepep-v1\`, saturationExponent 8), and every SM past that is taken from the GEMMs. DualPipeV (the "cut-in-half" DualPipe, published after V3's training) runs the same layers as twice as many chunks on a V.`;
}

const serve = autotune(['compare', '--mode', 'serve', '--chips', CHIPS, '--json']);
const { serveFidelity } = await import(pathToFileURL(join(ROOT, 'dist', 'src', 'serve', 'fidelity.js')).href);
const fidelity = serveFidelity();

function serveConfig(c) {
  if (!c) return 'none meets the limit';
  return [
    `tp${c.tp}`,
    `ep${c.ep}`,
    `batch ${c.batchPerGpu}`,
    `${c.microBatches} mb`,
    c.commSMs !== undefined ? `${c.commSMs} SMs` : null,
  ]
    .filter(Boolean)
    .join(' ');
}

function servingSection() {
  const chips = serve.out.chips;
  const ref = chips[0];
  const h20 = chips.indexOf('h20');
  const rows = serve.out.rows.flatMap((row) =>
    row.cells.map((c, i) => [
      i === 0 ? row.scenario : '',
      c.chip,
      fmt(c.tokensPerSecPerGpu),
      `${fmt(c.vsReference, 2)}x`,
      fmt(c.tokensPerSecPerKw),
      `${fmt(c.vsReferencePerWatt, 2)}x`,
      fmt(c.latencyS * 1e3, 1),
      c.bottleneck ?? '-',
      serveConfig(c.config),
    ]),
  );
  const wins = serve.out.rows.filter((r) => h20 >= 0 && r.cells[h20].vsReference > 1);
  const losses = serve.out.rows.filter((r) => h20 >= 0 && r.cells[h20].vsReference <= 1);
  const list = (rs, key) => rs.map((r) => `${r.scenario} (${fmt(r.cells[h20][key], 2)}x)`).join('; ') || 'none';
  return `\`${serve.command}\` (model: docs/serving.md; each cell the best config of a small exhaustive space under the latency limit)

${table(['scenario', 'chip', 'tok/s/GPU', `vs ${ref}`, 'tok/s/kW', `per W vs ${ref}`, 'latency ms', 'bottleneck', 'config'], rows)}

- **Where the H20 beats the ${ref} per GPU**: ${list(wins, 'vsReference')}. Memory-bound decode at small batch: the
  H20 reads HBM at 3.28 TB/s against the H100's 3.08 (the profiles' achievable fractions of 4.0 and 3.35).
- **Where it does not**: ${list(losses, 'vsReference')}. Prefill is compute-bound, and so is decode at the batch a
  TPOT limit allows once GEMMs stop being weight-read-bound; MLA's attention (128 heads over one 576-value latent)
  turns compute-bound early, so DeepSeek-V3 decode loses on the H20 at any useful batch.
- **Per watt** (TDP: H20 400 W, H100/H800 700 W): the H20 is ahead in ${serve.out.rows.filter((r) => h20 >= 0 && r.cells[h20].vsReferencePerWatt > 1).length} of ${serve.out.rows.length} scenarios.

Published figures against the model (kernel-level terms only were calibrated; these are checks):

${table(
  ['figure', 'published', 'model', 'error', 'left out'],
  fidelity.map((r) => [
    r.name,
    fmt(r.published, r.unit === 'ratio' ? 2 : 0),
    fmt(r.model, r.unit === 'ratio' ? 2 : 0),
    `${r.error >= 0 ? '+' : ''}${(100 * r.error).toFixed(1)}%`,
    r.note,
  ]),
)}`;
}

const md = `# Findings: how much of the export restriction does adaptation win back?

Generated by \`node scripts/findings.mjs\` (after \`npm run build\`) from the JSON that \`autotune compare\` and
\`autotune sweep\` print; do not edit by hand. Model: docs/cost-model.md. Workload DeepSeek-V3 on ${compare.out.gpus} GPUs, spec
\`${SPEC}\` (its chip replaced per row), cluster \`${compare.out.cluster}\` (8 GPUs and 8 x 400 Gb/s NICs per node), kernel
\`${compare.out.kernel}\`; ${compare.out.optimizer} search, ${compare.out.budget} trials, seed ${compare.out.seed} at every chip and every sweep point.

**Naive baseline** (the same chip, no adaptation): ${compare.out.baselineRule}.
**Adaptation gain** = tuned / baseline tokens per second per GPU on the same chip.

## 0. The H800 optimum against DeepSeek's own choice

${deepseekSection()}

## 1. How far each chip falls short of the H100

\`${compare.command}\`

${table(
  [
    'chip',
    'tuned tok/s/GPU',
    'tuned optimum',
    'commSMs (needed)',
    'baseline tok/s/GPU',
    'baseline',
    'gain',
    'short of H100, tuned',
    'short of H100, baseline',
    'tok/s/W',
    'TPP',
    'density',
    'NVLink GB/s',
  ],
  compare.out.chips.map((c) => [
    c.chip,
    fmt(c.tuned?.tokensPerSecPerGpu),
    c.tuned ? config(c.tuned.config) : '-',
    c.tuned
      ? `${c.tuned.config.commSMs} (${c.commSMsNeeded}, ${c.tuned.overlapsCommunication ? 'overlapped' : 'serial'})`
      : '-',
    fmt(c.baseline?.tokensPerSecPerGpu),
    c.baseline ? `${config(c.baseline.config)}, ${c.baseline.bottleneck}-bound` : c.baselineProblem,
    `${fmt(c.adaptationGain, 2)}x`,
    short(c.relativeToReference.tuned),
    short(c.relativeToReference.baseline),
    fmt(c.tuned?.tokensPerSecPerWatt, 2),
    fmt(c.exportControl.tpp),
    fmt(c.exportControl.performanceDensity, 2),
    fmt(c.exportControl.chipToChipGBps),
  ]),
)}

${compare.out.chips
  .filter((c) => c.chip !== 'h100-sxm')
  .map(
    (c) =>
      `- **${c.chip}**: ${short(c.relativeToReference.tuned)} short of the H100 when both are tuned, ${short(c.relativeToReference.baseline)} short when both run the naive baseline; adaptation gains ${fmt(c.adaptationGain, 2)}x on the ${c.chip} (the H100 gains ${fmt(h100.adaptationGain, 2)}x)${gapTrend(c)}.`,
  )
  .join('\n')}
- Per watt (TDP), tuned: ${compare.out.chips.map((c) => `${c.chip} ${fmt(c.tuned?.tokensPerSecPerWatt, 2)}`).join(', ')} tokens/s per W. No chip profile carries a price, so tokens per dollar are not given.
- MFU is against the BF16 dense peak (the contract's definition; DeepSeek-V3 runs FP8 GEMMs): ${compare.out.chips.map((c) => `${c.chip} ${pct(c.tuned?.mfu)} (FP8 peak: ${pct(c.tuned?.mfuFp8)})`).join(', ')}.

## 2. NVLink: where the optimum changes

\`${nvlink.command}\`

The axis is the chip-to-chip figure of the export rule (both directions, line rate: H800 400, H100 900 GB/s); the
achievable rate per direction keeps the H800's ratio to the line rate (${ownRatio(nvlink.out)} GB/s per direction).

${sweepTable(nvlink.out, 'GB/s')}

Changes between neighbouring points:

${changeList(nvlink.out)}

${regimes(nvlink.out)}

The optimum commSMs changes ${commSMsChanges(nvlink.out)}.

## 3. NIC bandwidth

\`${nic.command}\`

The axis is each NIC's line rate in GB/s (${nic.out.axis.base} = the cluster's ${cluster.scaleOut.nicGbps} Gb/s); the achievable rate keeps its ratio to the line
rate (${ownRatio(nic.out)}: achievable GB/s over line Gb/s).

${sweepTable(nic.out, 'GB/s')}

Changes between neighbouring points:

${changeList(nic.out)}

${regimes(nic.out)}

## 4. What the H800 would need to match the H100

The tuned H100 reaches ${fmt(target)} tokens/s per GPU; the tuned H800 ${fmt(h800.tuned.tokensPerSecPerGpu)} (${short(h800.relativeToReference.tuned)} short).

- **NVLink alone**: ${nvlinkExact !== null ? `the H800 matches the H100 from about **${fmt(nvlinkExact)} GB/s**` : `the H800 comes within 1% of the H100 from about **${fmt(nvlinkMatch)} GB/s** and tops out at ${fmt(nvlinkBest)} (${short(nvlinkBest / target)} short) by 900 GB/s`}; the rest of the gap is the profiles' other difference: ${differs.filter((d) => !d.startsWith('nvlink.')).join(', ') || 'none'}.
- **A faster NIC instead** (NVLink kept at 400 GB/s): ${nicMatch !== null ? `within 1% of the H100 from about **${fmt(nicMatch, 1)} GB/s per NIC** (${fmt(nicMatch * 8)} Gb/s)` : `not within 1% of the H100 anywhere up to 100 GB/s per NIC (800 Gb/s): the best is ${fmt(nicBest)} (${short(nicBest / target)} short)`}.
- Profile differences between the two chips: ${differs.join('; ')}.

## 5. Serving: where the H20 wins (and where it does not)

${servingSection()}

## 6. Timings

On this machine (${availableParallelism()} cores, load average ${load.toFixed(1)} at the start), \`npm run build\` first:

${table(
  ['command', 'wall s'],
  [compare, nvlink, nic, inThread, pooled, serve].map((r) => [
    `\`${r.command.replace(/ --out \S+/, '')}\``,
    r.seconds.toFixed(1),
  ]),
)}

The studies of \`compare\` and \`sweep\` run side by side, one per core (\`--jobs\`: the CLI's thread and worker
threads, each taking the next study), and each evaluates in its own thread: a bo study's time goes to the optimiser
(its Gaussian process and candidate scoring), not to the model, so evaluation workers only add their start-up and
messaging; the two search rows are the same 200-trial bo study with \`--threads 0\` (the default) and with two
evaluation workers (the last row, \`compare --mode serve\`, is an exhaustive grid: section 5). Each sweep point also evaluates
every other point's optimum (so the curve carries no search noise) and the
commSMs below the optimum's (for the fewest that reach it within 0.1%): a few hundred evaluations in all, well under a
second.

## How to read the tables

- *tuned*: the best config of the point's own search, or another point's (chip's) optimum when that is better there.
- *commSMs needed*: the fewest SMs for the all-to-all that keep the tuned throughput within 0.1%, the other fields
  fixed. *overlapped*: the schedule pairs forward and backward chunks, so these SMs are taken from the GEMMs;
  *serial*: the all-to-all runs alone and holds the SMs only while it runs (more SMs never cost compute there).
- Serial schedules (1F1B, ZB-*) run the all-to-all alone on as many SMs as the spec's range allows (2..64 here), so
  they pay only its exposed transfer; DualPipe hides it but takes its SMs from the GEMMs. Where the tables prefer ZB-V
  to DualPipe (as on the H800 itself, where DeepSeek ran DualPipe with ~20 SMs), the margin is the model's estimate of
  that trade (docs/cost-model.md sections 4 and 10).
- A change between points is marked when the optimum's regime (communication-, compute-, pipeline-bound), bottleneck,
  overlap, schedule, pp, ep, micro-batch, recompute or the baseline's bottleneck differs, or when the commSMs it needs
  move by more than 10%.
- \`autotune sweep --vary\` aliases: nvlink (chip-to-chip, both directions, line rate; achievable in proportion), nic
  (NIC line rate in GB/s; achievable in proportion), bf16, fp8, compute (BF16 peak, FP8 in proportion), hbm-bw (TB/s),
  hbm (GiB), sms (SM count at the same peak FLOPS); or any numeric dotted path of the chip or cluster profile
  (\`chip.efficiency.gemmFp8PeakFraction\`, \`cluster.scaleOut.latencyUs\`). Results: \`results/compare-*.json\`, \`results/sweep-*.json\`.
`;

writeFileSync(opts.out, md);
process.stderr.write(`wrote ${opts.out}\n`);
