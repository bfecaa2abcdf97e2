/**
 * Requirements a schedule family places on its parameters, as errors a user can act on. The error keeps the field
 * apart from the text so the CLI can name its flag (`--micro-batches`) where the library names the field.
 */
import type { ScheduleKind } from '../contract/config.js';
import { UserError } from '../errors.js';
import type { ScheduleParams } from './types.js';

export type ScheduleField = 'pp' | 'microBatches' | 'vpp';

export class ScheduleParamError extends UserError {
  constructor(
    readonly schedule: ScheduleKind,
    readonly field: ScheduleField,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    const text = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value)); // NaN stays NaN
    const shown = value === undefined ? `${field} is missing` : `${field} = ${text}`;
    super(`schedule ${schedule}: ${shown}: ${allowed}`);
  }
}

/** Throws unless `value` is an integer >= `min`. */
export function requireInt(kind: ScheduleKind, field: ScheduleField, value: unknown, min: number, why = ''): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ScheduleParamError(kind, field, value, `must be an integer >= ${min}${why ? ` (${why})` : ''}`);
  }
  return value;
}

export function requireEven(kind: ScheduleKind, field: ScheduleField, value: number, why: string): void {
  if (value % 2 !== 0) throw new ScheduleParamError(kind, field, value, `must be even (${why})`);
}

/** vpp belongs to interleaved-1f1b; elsewhere it is accepted only as 1 (or absent) so a typo is not silently dropped. */
export function requireNoVpp(kind: ScheduleKind, params: ScheduleParams): void {
  if (params.vpp !== undefined && params.vpp !== 1) {
    throw new ScheduleParamError(kind, 'vpp', params.vpp, 'only interleaved-1f1b takes vpp (omit it, or use 1)');
  }
}

/** The checks every family shares: pp and microBatches are positive integers. */
export function requireBasics(kind: ScheduleKind, params: ScheduleParams): { pp: number; m: number } {
  const pp = requireInt(kind, 'pp', params.pp, 1);
  const m = requireInt(kind, 'microBatches', params.microBatches, 1);
  return { pp, m };
}
