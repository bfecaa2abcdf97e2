/** The compiled-schedule cache and the figures a Schedule exposes to the cost model. */
import { describe, expect, it } from 'vitest';
import { SCHEDULES } from '../../src/contract/config.js';
import {
  buildSchedule,
  createScheduleCache,
  generate,
  SCHEDULE_CACHE_LIMIT,
  scheduleShape,
} from '../../src/schedule/build.js';
import { OP_INDEX, OP_KINDS, type Program } from '../../src/schedule/types.js';

describe('buildSchedule', () => {
  it('returns the same compiled schedule for the same parameters from one cache', () => {
    const cache = createScheduleCache();
    expect(buildSchedule('dualpipe', { pp: 4, microBatches: 8 }, cache)).toBe(
      buildSchedule('dualpipe', { pp: 4, microBatches: 8 }, cache),
    );
    expect(buildSchedule('dualpipe', { pp: 4, microBatches: 10 }, cache)).not.toBe(
      buildSchedule('dualpipe', { pp: 4, microBatches: 8 }, cache),
    );
  });
  it('keeps at most SCHEDULE_CACHE_LIMIT schedules, evicting the least recently used', () => {
    const cache = createScheduleCache();
    const first = buildSchedule('gpipe', { pp: 1, microBatches: 1 }, cache);
    const kept = buildSchedule('gpipe', { pp: 1, microBatches: 2 }, cache);
    for (let m = 3; m <= SCHEDULE_CACHE_LIMIT + 1; m++) {
      buildSchedule('gpipe', { pp: 1, microBatches: m }, cache);
      if (m === SCHEDULE_CACHE_LIMIT) buildSchedule('gpipe', { pp: 1, microBatches: 2 }, cache); // touch: now recent
    }
    expect(buildSchedule('gpipe', { pp: 1, microBatches: 2 }, cache)).toBe(kept);
    expect(buildSchedule('gpipe', { pp: 1, microBatches: 1 }, cache)).not.toBe(first);
  });
  it('states chunks, copies and op counts per family', () => {
    const expected = {
      gpipe: [1, 4, 1],
      '1f1b': [1, 4, 1],
      'interleaved-1f1b': [3, 12, 1],
      'zb-h1': [1, 4, 1],
      'zb-h2': [1, 4, 1],
      'zb-v': [2, 8, 1],
      dualpipe: [2, 4, 2],
      dualpipev: [2, 8, 1],
    } as const;
    for (const [kind, [chunksPerRank, chunksPerMicroBatch, copies]] of Object.entries(expected)) {
      const s = buildSchedule(kind as keyof typeof expected, {
        pp: 4,
        microBatches: 12,
        vpp: kind === 'interleaved-1f1b' ? 3 : undefined,
      });
      expect([s.chunksPerRank, s.chunksPerMicroBatch, s.parameterCopies], kind).toEqual([
        chunksPerRank,
        chunksPerMicroBatch,
        copies,
      ]);
      // every rank runs a forward for each of its chunks and each micro-batch that passes it
      const forwards = (r: number) =>
        s.opCounts[r * OP_KINDS.length + OP_INDEX.F]! + s.opCounts[r * OP_KINDS.length + OP_INDEX.FB]!;
      const perRank = kind === 'dualpipe' ? 12 : 12 * chunksPerRank;
      for (let r = 0; r < s.pp; r++) expect(forwards(r), `${kind} rank ${r}`).toBe(perRank);
    }
  });
});

describe('scheduleShape', () => {
  it("gives generate's shape, or refuses with generate's error, for every family", () => {
    let shapes = 0;
    let refusals = 0;
    for (const kind of SCHEDULES)
      for (const pp of [1, 2, 3, 4, 8])
        for (const microBatches of [1, 2, 3, 7, 8, 16])
          for (const vpp of [undefined, 2]) {
            const params = { pp, microBatches, vpp };
            let program: Program | Error;
            try {
              program = generate(kind, params);
            } catch (err) {
              program = err as Error;
            }
            if (program instanceof Error) {
              expect(() => scheduleShape(kind, params)).toThrow(program.message);
              refusals++;
              continue;
            }
            const { stageOf: _stageOf, ranks: _ranks, ...shape } = program;
            expect(scheduleShape(kind, params)).toEqual(shape);
            shapes++;
          }
    expect(shapes).toBeGreaterThan(50);
    expect(refusals).toBeGreaterThan(50);
  });
});
