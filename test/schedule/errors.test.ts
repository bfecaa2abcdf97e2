/** Every requirement of every family is a UserError that names the parameter, the value and what is allowed. */
import { describe, expect, it } from 'vitest';
import type { ScheduleKind } from '../../src/contract/config.js';
import { UserError } from '../../src/errors.js';
import { buildSchedule } from '../../src/schedule/build.js';
import { ScheduleParamError } from '../../src/schedule/requirements.js';
import type { ScheduleParams } from '../../src/schedule/types.js';

const INVALID: Array<[ScheduleKind, ScheduleParams, string, RegExp]> = [
  ['1f1b', { pp: 0, microBatches: 4 }, 'pp', /pp = 0: must be an integer >= 1/],
  ['gpipe', { pp: 2.5, microBatches: 4 }, 'pp', /pp = 2.5: must be an integer >= 1/],
  ['zb-h1', { pp: Number.NaN, microBatches: 4 }, 'pp', /pp = NaN: must be an integer >= 1/],
  ['1f1b', { pp: 4, microBatches: -1 }, 'microBatches', /microBatches = -1: must be an integer >= 1/],
  ['1f1b', { pp: 4, microBatches: 8, vpp: 2 }, 'vpp', /vpp = 2: only interleaved-1f1b takes vpp/],
  ['interleaved-1f1b', { pp: 4, microBatches: 8 }, 'vpp', /vpp is missing: must be an integer >= 1/],
  ['interleaved-1f1b', { pp: 4, microBatches: 8, vpp: 0 }, 'vpp', /vpp = 0: must be an integer >= 1/],
  [
    'interleaved-1f1b',
    { pp: 4, microBatches: 6, vpp: 2 },
    'microBatches',
    /microBatches = 6: must be a multiple of pp = 4/,
  ],
  ['zb-h1', { pp: 4, microBatches: 3 }, 'microBatches', /microBatches = 3: must be >= pp = 4/],
  ['zb-h2', { pp: 4, microBatches: 6 }, 'microBatches', /microBatches = 6: must be >= 2\*pp-1 = 7/],
  ['zb-v', { pp: 4, microBatches: 6 }, 'microBatches', /microBatches = 6: must be >= 2\*pp-1 = 7/],
  ['dualpipe', { pp: 3, microBatches: 12 }, 'pp', /pp = 3: must be even/],
  ['dualpipe', { pp: 4, microBatches: 9 }, 'microBatches', /microBatches = 9: must be even/],
  ['dualpipe', { pp: 4, microBatches: 6 }, 'microBatches', /microBatches = 6: must be >= 2\*pp = 8/],
  ['dualpipe', { pp: 4, microBatches: 8, vpp: 2 }, 'vpp', /only interleaved-1f1b takes vpp/],
  ['dualpipev', { pp: 3, microBatches: 5 }, 'microBatches', /microBatches = 5: must be >= 2\*pp = 6/],
];

describe('invalid schedule parameters', () => {
  it.each(INVALID)('%s %j -> %s', (kind, params, field, message) => {
    let thrown: unknown;
    try {
      buildSchedule(kind, params);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(UserError);
    expect(thrown).toBeInstanceOf(ScheduleParamError);
    expect((thrown as ScheduleParamError).field).toBe(field);
    expect((thrown as Error).message).toMatch(new RegExp(`^schedule ${kind}: `));
    expect((thrown as Error).message).toMatch(message);
  });

  it('accepts the boundary values', () => {
    expect(() => buildSchedule('dualpipe', { pp: 2, microBatches: 4 })).not.toThrow();
    expect(() => buildSchedule('dualpipev', { pp: 1, microBatches: 2 })).not.toThrow();
    expect(() => buildSchedule('zb-h2', { pp: 4, microBatches: 7 })).not.toThrow();
    expect(() => buildSchedule('zb-h1', { pp: 4, microBatches: 4 })).not.toThrow();
    expect(() => buildSchedule('1f1b', { pp: 4, microBatches: 8, vpp: 1 })).not.toThrow();
    expect(() => buildSchedule('interleaved-1f1b', { pp: 4, microBatches: 4, vpp: 1 })).not.toThrow();
  });
});
