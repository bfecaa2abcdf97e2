/** The checker on hand-written programs: what it catches, and that a deadlock is reported, never waited on. */
import { describe, expect, it } from 'vitest';
import { assertValidSchedule, checkProgram } from '../../src/schedule/check.js';
import { compile } from '../../src/schedule/compile.js';
import { simulate } from '../../src/schedule/simulate.js';
import type { Op, Program } from '../../src/schedule/types.js';

const F = (mb: number): Op => ({ kind: 'F', microBatch: mb, chunk: 0 });
const B = (mb: number): Op => ({ kind: 'B', microBatch: mb, chunk: 0 });
const W = (mb: number): Op => ({ kind: 'W', microBatch: mb, chunk: 0 });
const BW = (mb: number): Op => ({ kind: 'BW', microBatch: mb, chunk: 0 });

/** A two-rank, two-micro-batch linear pipeline with the given op lists. */
function pipeline(rank0: Op[], rank1: Op[]): Program {
  return {
    kind: '1f1b',
    pp: 2,
    microBatches: 2,
    chunksPerRank: 1,
    chunksPerMicroBatch: 2,
    parameterCopies: 1,
    stageOf: (rank) => rank,
    ranks: [rank0, rank1],
  };
}
const messages = (program: Program): string[] => checkProgram(program).map((v) => v.message);

describe('checkSchedule', () => {
  it('accepts a valid 1F1B', () => {
    expect(checkProgram(pipeline([F(0), F(1), BW(0), BW(1)], [F(0), BW(0), F(1), BW(1)]))).toEqual([]);
  });
  it('accepts B and W split, W deferred', () => {
    expect(checkProgram(pipeline([F(0), F(1), B(0), B(1), W(0), W(1)], [F(0), B(0), F(1), B(1), W(1), W(0)]))).toEqual(
      [],
    );
  });
  it('reports a missing weight backward and a duplicated forward', () => {
    const found = messages(pipeline([F(0), F(1), BW(0), BW(1)], [F(0), B(0), F(1), F(1), BW(1)]));
    expect(found).toContain('weight backward of micro-batch 0, stage 1 is missing');
    expect(found).toContain('forward of micro-batch 1, stage 1 appears twice');
  });
  it('reports a W fused twice (BW then W)', () => {
    expect(messages(pipeline([F(0), F(1), BW(0), BW(1)], [F(0), BW(0), W(0), F(1), BW(1)]))).toContain(
      'weight backward of micro-batch 0, stage 1 appears twice',
    );
  });
  it('reports a cross-rank deadlock, and simulate refuses instead of hanging', () => {
    // rank 0 waits for rank 1's backward of mb 0, which rank 1 runs after a forward that rank 0 has not sent yet
    const program = pipeline([F(0), BW(0), F(1), BW(1)], [F(1), F(0), BW(0), BW(1)]);
    expect(messages(program).some((m) => m.startsWith('deadlock'))).toBe(true);
    const s = compile(program);
    expect(() => assertValidSchedule(s)).toThrow(/deadlock/);
    expect(() => simulate(s, { F: 1, B: 1, W: 1, FB: 3, p2p: 0 })).toThrow(/invalid/);
  });
  it('reports a W placed before its B on the same rank', () => {
    expect(
      messages(pipeline([F(0), F(1), BW(0), BW(1)], [F(0), W(0), B(0), F(1), BW(1)])).some((m) =>
        m.startsWith('deadlock'),
      ),
    ).toBe(true);
  });
  it('reports ops on chunks or micro-batches the rank does not hold', () => {
    const found = messages(
      pipeline([F(0), F(1), BW(0), BW(1), { kind: 'F', microBatch: 0, chunk: 1 }], [F(0), BW(0), F(1), BW(1), F(5)]),
    );
    expect(found.filter((m) => m.includes('which rank'))).toHaveLength(2);
  });
  it('reports an FB whose backward half names the wrong direction (dualpipe layout)', () => {
    const program: Program = {
      kind: 'dualpipe',
      pp: 2,
      microBatches: 2,
      chunksPerRank: 2,
      chunksPerMicroBatch: 2,
      parameterCopies: 2,
      stageOf: (rank, chunk, mb) => (chunk !== (mb < 1 ? 0 : 1) ? -1 : chunk === 0 ? rank : 1 - rank),
      ranks: [[{ kind: 'FB', microBatch: 0, chunk: 0, backward: { microBatch: 1, chunk: 0 } }], []],
    };
    expect(messages(program).some((m) => m.includes('micro-batch 1, chunk 0, which rank 0 does not hold'))).toBe(true);
  });
});
