import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/contract/config.js';
import type { Bottleneck } from '../../src/contract/metrics.js';
import { describeChanges, optimumChanges, type SeriesPoint } from '../../src/report/changes.js';
import { type ConfigFigures, regimeOf } from '../../src/report/figures.js';

const CONFIG: Config = { schedule: 'dualpipev', pp: 16, ep: 64, tp: 1, microBatchSize: 1, commSMs: 24 };

/** A point with only what change detection reads filled in. */
function point(
  value: number,
  tuned: { bottleneck: Bottleneck; config?: Partial<Config>; overlaps?: boolean } | null,
  needed = 24,
  baseline: Bottleneck = 'scale-out',
): SeriesPoint {
  const figures = (bottleneck: Bottleneck, config: Config, overlaps: boolean) =>
    ({ config, bottleneck, regime: regimeOf(bottleneck), overlapsCommunication: overlaps }) as ConfigFigures;
  return {
    value,
    tuned: tuned && figures(tuned.bottleneck, { ...CONFIG, ...tuned.config }, tuned.overlaps ?? true),
    commSMsNeeded: tuned ? needed : null,
    baseline: figures(baseline, { ...CONFIG, schedule: '1f1b' }, false),
  };
}

describe('optimumChanges', () => {
  it('marks a regime change from communication- to compute-bound, with the config fields that moved', () => {
    const series = [
      point(100, { bottleneck: 'scale-up' }, 32),
      point(200, { bottleneck: 'scale-out' }, 30),
      point(300, { bottleneck: 'compute', config: { schedule: 'zb-v', commSMs: 64 }, overlaps: false }, 48),
      point(400, { bottleneck: 'compute', config: { schedule: 'zb-v', commSMs: 62 }, overlaps: false }, 46),
    ];
    const changes = optimumChanges(series);
    expect(changes.map((c) => [c.from, c.to])).toEqual([
      [100, 200],
      [200, 300],
    ]);
    expect(changes[0]!.changes).toEqual([{ what: 'bottleneck', before: 'scale-up', after: 'scale-out' }]);
    expect(changes[1]!.changes.map((c) => c.what)).toEqual([
      'regime',
      'bottleneck',
      'overlap',
      'schedule',
      'commSMsNeeded',
    ]);
    expect(describeChanges(changes[1]!.changes)).toBe(
      'regime communication -> compute; bottleneck scale-out -> compute; overlap overlapped -> serial; schedule dualpipev -> zb-v; commSMsNeeded 30 -> 48',
    );
  });

  it('ignores the commSMs the search happened to pick and drifts of the needed SMs within 10%', () => {
    const series = [
      point(1, { bottleneck: 'compute', config: { commSMs: 64 } }, 20),
      point(2, { bottleneck: 'compute', config: { commSMs: 56 } }, 22),
    ];
    expect(optimumChanges(series)).toEqual([]);
    expect(optimumChanges([series[0]!, point(3, { bottleneck: 'compute' }, 26)])[0]!.changes).toEqual([
      { what: 'commSMsNeeded', before: 20, after: 26 },
    ]);
  });

  it("marks where the optimum stops fitting, and the baseline's bottleneck", () => {
    const changes = optimumChanges([point(80, { bottleneck: 'compute' }), point(40, null, 0, 'memory-capacity')]);
    expect(changes[0]!.changes).toEqual([
      { what: 'feasible', before: true, after: false },
      { what: 'baselineBottleneck', before: 'scale-out', after: 'memory-capacity' },
    ]);
  });

  it('finds nothing in a flat series', () => {
    expect(optimumChanges([1, 2, 3].map((v) => point(v, { bottleneck: 'compute' })))).toEqual([]);
  });
});
