import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { syntheticMetrics } from '../../bench/ui-events.js';
import type { Config } from '../../src/contract/config.js';
import { splitCells } from '../../src/ui/bars.js';
import { BreakdownBars } from '../../src/ui/components/breakdown-bars.js';
import { ConvergenceChart } from '../../src/ui/components/convergence-chart.js';
import { MemoryBar } from '../../src/ui/components/memory-bar.js';
import { SmBar } from '../../src/ui/components/sm-bar.js';
import { Table } from '../../src/ui/components/table.js';
import { TopTable } from '../../src/ui/components/top-table.js';
import { count, plain } from './helpers.js';

const base: Config = { schedule: 'dualpipe', pp: 16, ep: 64, tp: 1, microBatchSize: 1, commSMs: 20 };

describe('splitCells', () => {
  it('apportions exactly and keeps small non-zero terms visible', () => {
    expect(splitCells([112, 20], 66)).toEqual([56, 10]);
    expect(splitCells([1, 1, 1], 10)).toEqual([4, 3, 3]);
    expect(splitCells([131, 1], 20)).toEqual([19, 1]);
    expect(splitCells([30], 10, 60)).toEqual([5]);
    expect(splitCells([0, 0], 10)).toEqual([0, 0]);
  });
});

describe('SmBar', () => {
  it('draws 20 comm SMs of 132 to scale', () => {
    const label = ' 112 compute | 20 comm of 132';
    const width = 66 + label.length + 'SMs '.length; // a 66-cell bar: 1 cell = 2 SMs
    const frame = plain(render(<SmBar commSMs={20} totalSMs={132} width={width} />).lastFrame());
    expect(count(frame, '█')).toBe(56);
    expect(count(frame, '░')).toBe(10);
    expect(frame).toContain('112 compute | 20 comm of 132');
    expect(frame.length).toBeLessThanOrEqual(width);
  });

  it('says when a serial schedule holds the SMs only while the all-to-all runs', () => {
    const frame = plain(render(<SmBar commSMs={64} totalSMs={132} width={100} serial />).lastFrame());
    expect(frame).toContain('68 compute | 64 comm of 132 (serial: only while the all-to-all runs)');
    expect(frame.length).toBeLessThanOrEqual(100);
  });
});

describe('ConvergenceChart', () => {
  const history = [
    [1, 1000],
    [5, 1200],
    [30, 1500],
  ] as const;

  it('draws a monotone staircase with its y range and trial axis labelled', () => {
    const frame = plain(
      render(<ConvergenceChart history={history} trialsDone={100} width={60} height={8} />).lastFrame(),
    );
    const lines = frame.split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[0]).toMatch(/^1500 ┤/);
    expect(lines[5]).toMatch(/^1000 ┤/);
    expect(lines[6]).toMatch(/└─+$/);
    expect(lines[7]).toMatch(/^\s+1\s+trials \(log scale\)\s+100$/); // from 100 trials on, x is logarithmic
    // Monotone: reading left to right, the highest dot of each column never goes down.
    const plot = lines
      .slice(0, 6)
      .map((l) => [...l.slice(l.indexOf('┤') >= 0 ? l.indexOf('┤') + 1 : l.indexOf('│') + 1)]);
    const topRow = (col: number) => plot.findIndex((row) => row[col] !== undefined && row[col] !== '\u2800');
    const tops = plot[0]!.map((_, col) => topRow(col)).filter((r) => r >= 0);
    expect(tops.length).toBeGreaterThan(40);
    for (let i = 1; i < tops.length; i++) expect(tops[i]!).toBeLessThanOrEqual(tops[i - 1]!);
    expect(tops.at(-1)).toBe(0); // ends at the top: the best value
  });

  it('keeps a linear trial axis for short studies', () => {
    const frame = plain(
      render(<ConvergenceChart history={history} trialsDone={60} width={60} height={8} />).lastFrame(),
    );
    expect(frame.split('\n')[7]).toMatch(/^\s+1\s+trials\s+60$/);
  });

  it('shows fractions as percent when scaled', () => {
    const frame = plain(
      render(
        <ConvergenceChart
          history={[
            [1, 0.3],
            [2, 0.41],
          ]}
          trialsDone={2}
          scale={100}
          width={40}
          height={5}
        />,
      ).lastFrame(),
    );
    expect(frame).toContain('41');
    expect(frame).toContain('30');
  });
});

describe('TopTable', () => {
  it('shows only the parameters that differ, then the objective', () => {
    const top = [
      { trial: 7, config: { ...base, commSMs: 22 }, objective: 1523.4 },
      { trial: 3, config: { ...base, commSMs: 24, pp: 8 }, objective: 1490.1 },
      { trial: 9, config: { ...base, commSMs: 20 }, objective: 1401 },
    ];
    const frame = plain(render(<TopTable top={top} metric="tokensPerSecPerGpu" width={80} />).lastFrame());
    const header = frame.split('\n')[0]!.trim().split(/\s+/);
    expect(header).toEqual(['#', 'pp', 'commSMs', 'tok/s/GPU', 'trial']);
    expect(frame).toContain('1523.4');
    expect(frame).not.toContain('dualpipe');
  });

  it('lets the generic Table clip rows to its width', () => {
    const frame = plain(
      render(
        <Table
          columns={[
            { key: 'a', header: 'A' },
            { key: 'b', header: 'B' },
          ]}
          rows={[{ a: 'x'.repeat(30), b: 'y'.repeat(30) }]}
          width={40}
        />,
      ).lastFrame(),
    );
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(40);
    expect(frame).toContain('…');
  });
});

describe('BreakdownBars and MemoryBar', () => {
  const metrics = syntheticMetrics(base, 1000);

  it('draws one bar per term with seconds, or a stacked bar with a legend', () => {
    const full = plain(render(<BreakdownBars breakdown={metrics.breakdown} width={70} />).lastFrame()).split('\n');
    expect(full).toHaveLength(7);
    expect(full[0]).toMatch(/^forward .* s\s+22%$/);
    expect(full[4]).toMatch(/^bubble .*6%$/);
    const compact = plain(
      render(<BreakdownBars breakdown={metrics.breakdown} width={100} compact />).lastFrame(),
    ).split('\n');
    expect(compact).toHaveLength(2);
    expect(count(compact[0]!, '█')).toBe(95);
    expect(compact[1]).toMatch(
      /^F 6.60 s {2}B 6.00 s {2}W 4.20 s {2}F&B 9.00 s {2}bubble 1.80 s {2}opt 900 ms {2}comm 1.50 s$/,
    );
  });

  it('draws memory against capacity with the largest terms named', () => {
    const frame = plain(render(<MemoryBar memory={metrics.memory} width={60} />).lastFrame());
    expect(frame).toContain('57.6/80.0 GiB');
    expect(frame).toContain('activations 24.0 · optimizer 14.2 · params 9.5');
    expect(count(frame, '░')).toBeGreaterThan(0); // free memory drawn empty
  });
});
