import { describe, expect, it } from 'vitest';
import { runCompare } from '../../src/report/compare.js';
import { compareHeadline, compareTables } from '../../src/report/compare-tables.js';
import { outputMode, terminalColumns, textReport } from '../../src/report/output.js';
import { runSweep } from '../../src/report/sweep.js';
import { changeLines, sweepHeadline, sweepTables } from '../../src/report/sweep-tables.js';
import { configCells } from '../../src/report/tables.js';
import { renderCompare, renderSweep } from '../../src/ui/compare/render.js';
import { catalog, tinySpec } from './helpers.js';

describe('compare and sweep output', async () => {
  const spec = tinySpec();
  const compare = await runCompare({ spec, chips: ['h100-sxm', 'h20'], catalog });
  const sweep = await runSweep({ spec, vary: 'nvlink=100..900:3', catalog });

  it('picks JSON, Ink on a terminal, plain text in a pipe or on CI', () => {
    expect(outputMode(true, { isTTY: true }, {})).toBe('json');
    expect(outputMode(false, { isTTY: true }, {})).toBe('ink');
    expect(outputMode(false, { isTTY: true }, { CI: '1' })).toBe('text');
    expect(outputMode(undefined, { isTTY: false }, {})).toBe('text');
    expect([terminalColumns({ columns: 132 }), terminalColumns({ columns: 0 }), terminalColumns({})]).toEqual([
      132, 100, 100,
    ]);
  });

  it('plain text: the tables with the figures of the result', () => {
    const text = textReport(compareHeadline(compare), compareTables(compare));
    expect(text).toMatch(/^deepseek-v3 on 2048 GPUs \(spec tiny/);
    expect(text).toMatch(/Tuned \(best of the search\)\nchip\s+config\s+tok\/s\/GPU/);
    expect(text).toContain(compare.chips[1]!.tuned!.tokensPerSecPerGpu.toFixed(0));
    expect(text).toMatch(/h20\s+78\s+2368\s+2\.91\s+900\s+no\s+no\s+400/);
    expect(text).toContain('every config: pp16 ep64 tp1 mbs1 nodeLimit=4');
    const sweepText = textReport(sweepHeadline(sweep), sweepTables(sweep), changeLines(sweep));
    expect(sweepText).toMatch(/nvlink \(GB\/s\)\s+tok\/s\/GPU/);
    expect(sweepText).toMatch(/^\s+500\s+\d+/m);
  });

  it('Ink: bars per chip, charts of throughput and commSMs against the varied figure, the same tables', () => {
    const drawn = renderCompare(compare, 120);
    expect(drawn).toContain('tokens/s per GPU: tuned (green) over the naive baseline (gray)');
    expect(drawn).toContain('Naive baseline (same chip) and adaptation gain');
    const chart = renderSweep(sweep, 120);
    expect(chart).toContain('commSMs the optimum needs');
    expect(chart).toMatch(/[\u2801-\u28ff]/); // braille dots
    expect(chart).toContain('nvlink (GB/s)');
    expect(chart).toContain('Where the optimum changes');
  });

  it('configs print without commSMs and without the fields every row shares', () => {
    const a = { schedule: '1f1b', pp: 8, ep: 64, tp: 1, microBatchSize: 1, commSMs: 16 } as const;
    expect(configCells([a, { ...a, pp: 16, commSMs: 20 }, null])).toEqual({
      cells: ['pp8', 'pp16', '-'],
      shared: '1f1b ep64 tp1 mbs1',
    });
  });
});
