/** The tables of `autotune compare`, shared by the plain-text and the Ink output. */
import { formatGiB, formatSeconds } from '../format/numbers.js';
import type { ChipComparison, CompareResult } from './compare.js';
import type { ConfigFigures } from './figures.js';
import { configCells, figure, left, percent, type ReportTable, right, times, tokens } from './tables.js';

export function compareHeadline(r: CompareResult): string[] {
  return [
    `${r.workload} on ${r.gpus} GPUs (spec ${r.spec}, cluster ${r.cluster}, kernel ${r.kernel}); ${r.optimizer} search, budget ${r.budget}, seed ${r.seed}`,
    `baseline: ${r.baselineRule}`,
  ];
}

/** The tuned config's SM split: "64 (48%)", with the fewest SMs that reach the same throughput. */
function commSMs(c: ChipComparison): { split: string; needed: string } {
  if (!c.tuned) return { split: '-', needed: '-' };
  return {
    split: `${c.tuned.config.commSMs} (${percent(c.tuned.commSMsShare)})`,
    needed: `${c.commSMsNeeded} (${percent(c.commSMsNeededShare)})${c.tuned.overlapsCommunication ? '' : ' serial'}`,
  };
}

function origin(c: ChipComparison, chips: readonly ChipComparison[]): string {
  if (!c.origin) return '';
  switch (c.origin.kind) {
    case 'search':
      return '';
    case 'peer':
      return ` (found on ${chips[c.origin.from]!.chip})`;
  }
}

export function compareTables(r: CompareResult): ReportTable[] {
  const vsRef = `vs ${r.reference}`;
  const tunedConfigs = configCells(r.chips.map((c) => c.tuned?.config ?? null));
  const baselineConfigs = configCells(r.chips.map((c) => c.baseline?.config ?? null));
  const tuned: ReportTable = {
    title: 'Tuned (best of the search)',
    columns: [
      left('chip', 'chip'),
      left('config', 'config'),
      right('tps', 'tok/s/GPU'),
      right('mfu', 'MFU bf16'),
      right('mfu8', 'fp8'),
      right('comm', 'commSMs'),
      right('needed', 'needed'),
      left('bottleneck', 'bottleneck'),
      right('mem', 'GiB'),
      right('ref', vsRef),
    ],
    rows: r.chips.map((c, i) => ({
      chip: c.chip,
      config: c.tuned ? tunedConfigs.cells[i]! + origin(c, r.chips) : 'nothing feasible',
      tps: tokens(c.tuned?.tokensPerSecPerGpu),
      mfu: percent(c.tuned?.mfu ?? null),
      mfu8: percent(c.tuned?.mfuFp8 ?? null),
      comm: commSMs(c).split,
      needed: commSMs(c).needed,
      bottleneck: c.tuned?.bottleneck ?? '-',
      mem: c.tuned ? `${formatGiB(c.tuned.memoryGiB)}/${formatGiB(c.tuned.memory.capacityGiB)}` : '-',
      ref: times(c.relativeToReference.tuned),
    })),
    highlight: 0,
    notes: [
      ...(tunedConfigs.shared ? [`every config: ${tunedConfigs.shared}`] : []),
      "MFU: model FLOPs over the BF16 dense peak (the contract's MFU; above 100% when GEMMs run FP8), fp8: over the FP8 peak",
      'needed: the fewest commSMs within 0.1% of the best throughput; serial: the all-to-all runs alone, so its SMs cost no GEMM time',
    ],
  };
  const baseline: ReportTable = {
    title: 'Naive baseline (same chip) and adaptation gain',
    columns: [
      left('chip', 'chip'),
      left('config', 'config'),
      right('comm', 'commSMs'),
      right('tps', 'tok/s/GPU'),
      right('mfu', 'MFU bf16'),
      right('mfu8', 'fp8'),
      left('bottleneck', 'bottleneck'),
      right('mem', 'GiB'),
      right('ref', vsRef),
      right('gain', 'gain'),
    ],
    rows: r.chips.map((c, i) => ({
      chip: c.chip,
      config: c.baseline ? baselineConfigs.cells[i]! : (c.baselineProblem ?? 'none'),
      comm: c.baseline ? String(c.baseline.config.commSMs) : '-',
      tps: tokens(c.baseline?.tokensPerSecPerGpu),
      mfu: percent(c.baseline?.mfu ?? null),
      mfu8: percent(c.baseline?.mfuFp8 ?? null),
      bottleneck: c.baseline?.bottleneck ?? '-',
      mem: c.baseline ? `${formatGiB(c.baseline.memoryGiB)}/${formatGiB(c.baseline.memory.capacityGiB)}` : '-',
      ref: times(c.relativeToReference.baseline),
      gain: times(c.adaptationGain),
    })),
    highlight: 0,
    ...(baselineConfigs.shared ? { notes: [`every config: ${baselineConfigs.shared}`] } : {}),
  };
  return [tuned, baseline, breakdownTable(r.chips), memoryTable(r.chips), chipTable(r.chips)];
}

const seconds = (f: ConfigFigures | null, pick: (f: ConfigFigures) => number): string =>
  f ? formatSeconds(pick(f)) : '-';

function breakdownTable(chips: readonly ChipComparison[]): ReportTable {
  return {
    title: 'Step of the tuned config, critical rank',
    columns: [
      left('chip', 'chip'),
      right('step', 'step'),
      right('f', 'forward'),
      right('bi', 'bwd input'),
      right('bw', 'bwd weight'),
      right('pairs', 'overlapped'),
      right('comm', 'exposed comm'),
      right('bubble', 'bubble'),
      right('opt', 'optimizer'),
    ],
    rows: chips.map(({ chip, tuned: t }) => ({
      chip,
      step: seconds(t, (f) => f.stepTimeS),
      f: seconds(t, (f) => f.breakdown.forwardS),
      bi: seconds(t, (f) => f.breakdown.backwardInputS),
      bw: seconds(t, (f) => f.breakdown.backwardWeightS),
      pairs: seconds(t, (f) => f.breakdown.overlappedS),
      comm: seconds(t, (f) => f.breakdown.exposedCommS),
      bubble: seconds(t, (f) => f.breakdown.bubbleS),
      opt: seconds(t, (f) => f.breakdown.optimizerS),
    })),
  };
}

function memoryTable(chips: readonly ChipComparison[]): ReportTable {
  const gib = (t: ConfigFigures | null, pick: (f: ConfigFigures) => number): string => (t ? formatGiB(pick(t)) : '-');
  return {
    title: 'Memory of the tuned config, fullest GPU (GiB)',
    columns: [
      left('chip', 'chip'),
      right('params', 'params'),
      right('grads', 'grads'),
      right('opt', 'optimizer'),
      right('act', 'activations'),
      right('buf', 'buffers'),
      right('res', 'reserved'),
      right('total', 'total'),
      right('cap', 'capacity'),
    ],
    rows: chips.map(({ chip, tuned: t }) => ({
      chip,
      params: gib(t, (f) => f.memory.parametersGiB),
      grads: gib(t, (f) => f.memory.gradientsGiB),
      opt: gib(t, (f) => f.memory.optimizerGiB),
      act: gib(t, (f) => f.memory.activationsGiB),
      buf: gib(t, (f) => f.memory.commBuffersGiB),
      res: gib(t, (f) => f.memory.reservedGiB),
      total: gib(t, (f) => f.memory.totalGiB),
      cap: gib(t, (f) => f.memory.capacityGiB),
    })),
  };
}

function chipTable(chips: readonly ChipComparison[]): ReportTable {
  const licence = (x: boolean | undefined): string => (x === undefined ? '?' : x ? 'yes' : 'no');
  return {
    title: 'Chips: export-control figures and throughput per watt and per dollar (tuned)',
    columns: [
      left('chip', 'chip'),
      right('sms', 'SMs'),
      right('tpp', 'TPP'),
      right('density', 'density'),
      right('io', 'NVLink GB/s'),
      right('l22', 'licence 2022'),
      right('l23', 'licence 2023'),
      right('tdp', 'TDP W'),
      right('perW', 'tok/s/W'),
      right('perUsd', 'tok/$'),
    ],
    rows: chips.map((c) => ({
      chip: c.chip,
      sms: String(c.sms),
      tpp: figure(c.exportControl.tpp),
      density: figure(c.exportControl.performanceDensity),
      io: figure(c.exportControl.chipToChipGBps),
      l22: licence(c.exportControl.licenceNeededOct2022),
      l23: licence(c.exportControl.licenceNeededOct2023),
      tdp: figure(c.tdpW),
      perW: figure(c.tuned?.tokensPerSecPerWatt),
      perUsd: c.tuned?.tokensPerDollar == null ? 'no price' : tokens(c.tuned.tokensPerDollar),
    })),
    notes: [
      'TPP = dense TFLOPS x bit width; density = TPP / die mm^2; NVLink = chip-to-chip I/O, both directions (line rate)',
    ],
  };
}
