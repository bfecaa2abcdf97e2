/** `autotune schedule` end to end, from the compiled CLI (dist/, built by `npm test`'s tsc). */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'autotune.js');

function autotune(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, COLUMNS: '100' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  // `npm test` compiles first; when run alone, build once (errors in other modules do not stop tsc emitting).
  if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'commands', 'schedule.js'))) {
    spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
  }
});

describe('autotune schedule', () => {
  it('prints the timeline contract with --json', () => {
    const r = autotune(
      'schedule',
      '--schedule',
      'dualpipe',
      '--pp',
      '4',
      '--micro-batches',
      '8',
      '--f',
      '1',
      '--b',
      '1',
      '--w',
      '1',
      '--fb',
      '2',
      '--json',
    );
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.stepTime).toBeGreaterThan(0);
    expect(out.ranks).toHaveLength(4);
    for (const [i, rank] of out.ranks.entries()) {
      expect(rank).toMatchObject({ rank: i, busy: expect.any(Number), idle: expect.any(Number), peakActivations: 5 });
      for (const op of rank.ops) {
        expect(['F', 'B', 'W', 'BW', 'FB']).toContain(op.kind);
        expect(op).toMatchObject({
          microBatch: expect.any(Number),
          start: expect.any(Number),
          end: expect.any(Number),
        });
        expect(op.end).toBeGreaterThanOrEqual(op.start);
      }
      expect(rank.busy + rank.idle).toBeCloseTo(out.stepTime, 9);
    }
    expect(out.ranks[0].ops.some((op: { kind: string }) => op.kind === 'FB')).toBe(true);
  });
  it('defaults --fb to f+b+w and --p2p to 0', () => {
    const r = autotune(
      'schedule',
      '--schedule',
      'dualpipe',
      '--pp',
      '2',
      '--micro-batches',
      '4',
      '--f',
      '1',
      '--b',
      '2',
      '--w',
      '3',
      '--json',
    );
    expect(JSON.parse(r.stdout).durations).toEqual({ F: 1, B: 2, W: 3, FB: 6, p2p: 0 });
  });
  it('draws a Gantt chart without --json', () => {
    const r = autotune(
      'schedule',
      '--schedule',
      'dualpipe',
      '--pp',
      '8',
      '--micro-batches',
      '20',
      '--f',
      '1',
      '--b',
      '1',
      '--w',
      '1',
      '--fb',
      '2',
    );
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').filter((l) => /^r\d \|/.test(l))).toHaveLength(8);
    expect(r.stdout).toContain('step time 52');
  });
  it('exits 2 naming the flag, the value and what is allowed', () => {
    const odd = autotune(
      'schedule',
      '--schedule',
      'dualpipe',
      '--pp',
      '3',
      '--micro-batches',
      '12',
      '--f',
      '1',
      '--b',
      '1',
      '--w',
      '1',
    );
    expect(odd.status).toBe(2);
    expect(odd.stderr).toMatch(/--pp = 3: must be even/);
    const kind = autotune(
      'schedule',
      '--schedule',
      'zb-h3',
      '--pp',
      '4',
      '--micro-batches',
      '8',
      '--f',
      '1',
      '--b',
      '1',
      '--w',
      '1',
    );
    expect(kind.status).toBe(2);
    expect(kind.stderr).toMatch(/--schedule = "zb-h3": one of gpipe, 1f1b/);
    const time = autotune(
      'schedule',
      '--schedule',
      '1f1b',
      '--pp',
      '4',
      '--micro-batches',
      '8',
      '--f',
      'fast',
      '--b',
      '1',
      '--w',
      '1',
    );
    expect(time.status).toBe(2);
    expect(time.stderr).toMatch(/--f = "fast": a finite number > 0/);
    const mb = autotune(
      'schedule',
      '--schedule',
      'interleaved-1f1b',
      '--pp',
      '4',
      '--vpp',
      '2',
      '--micro-batches',
      '6',
      '--f',
      '1',
      '--b',
      '1',
      '--w',
      '1',
    );
    expect(mb.status).toBe(2);
    expect(mb.stderr).toMatch(/--micro-batches = 6: must be a multiple of pp = 4/);
  });
});
