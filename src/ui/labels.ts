/**
 * Words for the model's fields, shared by the Ink panels and the plain-text summary. Records keyed by the model's
 * own types, so a new breakdown term or bottleneck fails to compile until it has a label.
 */
import type { Bottleneck, Breakdown, MemoryBreakdown } from '../contract/metrics.js';
import type { EndReason } from '../contract/results.js';
import type { MemoryTerm } from './theme.js';

export const BREAKDOWN_LABELS: Readonly<Record<keyof Breakdown, { readonly long: string; readonly short: string }>> = {
  forwardS: { long: 'forward', short: 'F' },
  backwardInputS: { long: 'input backward', short: 'B' },
  backwardWeightS: { long: 'weight backward', short: 'W' },
  overlappedS: { long: 'overlapped F&B', short: 'F&B' },
  bubbleS: { long: 'bubble', short: 'bubble' },
  optimizerS: { long: 'optimizer', short: 'opt' },
  exposedCommS: { long: 'exposed comm', short: 'comm' },
};

/** Display order of the breakdown terms: the step's work first, then what is lost. */
export const BREAKDOWN_TERMS = Object.keys(BREAKDOWN_LABELS) as (keyof Breakdown)[];

export const MEMORY_LABELS: Readonly<Record<MemoryTerm, string>> = {
  parametersGiB: 'params',
  gradientsGiB: 'grads',
  optimizerGiB: 'optimizer',
  activationsGiB: 'activations',
  commBuffersGiB: 'comm buffers',
  reservedGiB: 'reserved',
};

export const MEMORY_TERMS = Object.keys(MEMORY_LABELS) as MemoryTerm[];

/** Memory terms, largest first. */
export function largestMemoryTerms(memory: MemoryBreakdown, count: number): { term: MemoryTerm; gib: number }[] {
  return MEMORY_TERMS.map((term) => ({ term, gib: memory[term] }))
    .filter((t) => t.gib > 0)
    .sort((a, b) => b.gib - a.gib)
    .slice(0, count);
}

export const BOTTLENECK_TEXT: Readonly<Record<Bottleneck, string>> = {
  compute: 'compute: GEMMs and attention on the SMs left to compute',
  'memory-bandwidth': 'memory bandwidth: element-wise and small-M work bound by HBM',
  'scale-up': 'scale-up: NVLink all-to-all or TP collectives left exposed',
  'scale-out': 'scale-out: IB/RoCE all-to-all left exposed',
  'comm-sms': 'comm SMs: too few SMs to drive the links; the all-to-all is left exposed',
  'pipeline-bubble': 'pipeline bubble: ranks idle waiting on their neighbours',
  'data-parallel': 'data parallel: gradient reduce-scatter / parameter all-gather at the step boundary',
  optimizer: 'optimizer step',
  'memory-capacity': 'memory capacity: does not fit',
};

/** Why a study ended, as the summary and the dashboard's last line say it. */
export const END_TEXT: Readonly<Record<EndReason, string>> = {
  budget: 'finished: budget spent',
  exhausted: 'finished: no untried config left',
  stopped: 'stopped',
};

/** After an SM split whose schedule runs the all-to-all alone: its GEMMs keep every SM. */
export const SERIAL_SM_NOTE = ' (serial: only while the all-to-all runs)';
