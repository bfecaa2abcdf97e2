/** The ASCII chart: one row per rank fitted to the width, kinds and directions distinguishable, idle visible. */
import { describe, expect, it } from 'vitest';
import { buildSchedule } from '../../src/schedule/build.js';
import { renderGantt } from '../../src/schedule/gantt.js';
import { timeline } from '../../src/schedule/simulate.js';

const chart = (
  kind: Parameters<typeof buildSchedule>[0],
  pp: number,
  m: number,
  width: number,
  d = { F: 1, B: 1, W: 1, FB: 2, p2p: 0 },
) =>
  renderGantt(
    timeline(buildSchedule(kind, { pp, microBatches: m, vpp: kind === 'interleaved-1f1b' ? 2 : undefined }), d),
    width,
  );
const rows = (lines: string[]) => lines.filter((l) => /^\s*r\d+ \|/.test(l));

describe('renderGantt', () => {
  it('draws DualPipe with both directions, overlapped pairs, idle and the figures', () => {
    const lines = chart('dualpipe', 8, 20, 100);
    const body = rows(lines);
    expect(body).toHaveLength(8);
    for (const row of rows(lines)) expect(row.length).toBeLessThanOrEqual(100);
    const all = body.join('');
    for (const letter of ['F', 'f', 'O', 'o', 'B', 'b', 'W', 'w', '.']) expect(all).toContain(letter);
    expect(lines.some((l) => l.includes('direction 1'))).toBe(true);
    expect(lines.at(-1)).toMatch(/^step time 52, mean bubble 4\.3%$/);
  });
  it('shows fused backwards and the 1F1B bubble', () => {
    const all = rows(chart('1f1b', 4, 8, 80)).join('');
    expect(all).toContain('X');
    expect(all).toContain('.');
    expect(all).not.toContain('O');
  });
  it('keeps a minimum chart width and survives a zero-length step', () => {
    expect(rows(chart('gpipe', 2, 2, 5))[0]!.length).toBeGreaterThan(20);
    const zero = chart('gpipe', 2, 2, 60, { F: 0, B: 0, W: 0, FB: 0, p2p: 0 });
    expect(zero.at(-1)).toBe('step time 0, mean bubble 0.0%');
  });
});
