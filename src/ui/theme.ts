/**
 * Semantic colours: components name a role (good, bad, accent), never a colour, so a theme can change in one place.
 * Values are Ink colour names. Frozen: a theme is data, not state.
 */
import type { Breakdown, MemoryBreakdown } from '../contract/metrics.js';

export interface Theme {
  readonly text: string;
  readonly muted: string;
  readonly accent: string;
  readonly good: string;
  readonly bad: string;
  readonly warn: string;
  readonly compute: string;
  readonly comm: string;
  /** Per time-breakdown term, so the stacked and per-term bars agree. */
  readonly breakdown: Readonly<Record<keyof Breakdown, string>>;
  /** Per memory term (without the totals). */
  readonly memory: Readonly<Record<MemoryTerm, string>>;
}

export type MemoryTerm = Exclude<keyof MemoryBreakdown, 'totalGiB' | 'capacityGiB'>;

export const theme: Theme = Object.freeze({
  text: 'white',
  muted: 'gray',
  accent: 'cyan',
  good: 'green',
  bad: 'red',
  warn: 'yellow',
  compute: 'blue',
  comm: 'magenta',
  breakdown: Object.freeze({
    forwardS: 'blue',
    backwardInputS: 'cyan',
    backwardWeightS: 'green',
    overlappedS: 'magenta',
    bubbleS: 'gray',
    optimizerS: 'yellow',
    exposedCommS: 'red',
  }),
  memory: Object.freeze({
    parametersGiB: 'blue',
    gradientsGiB: 'cyan',
    optimizerGiB: 'yellow',
    activationsGiB: 'magenta',
    commBuffersGiB: 'green',
    reservedGiB: 'gray',
  }),
});
