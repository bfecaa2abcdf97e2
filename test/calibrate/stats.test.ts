import { describe, expect, it } from 'vitest';
import { holdoutSplit } from '../../src/calibrate/split.js';
import { errorPercent, summarize } from '../../src/calibrate/stats.js';

describe('calibrate: statistics and the holdout split', () => {
  it('summarizes absolute percentage errors and rank correlation', () => {
    const rows = [
      { measured: 100, predicted: 110 },
      { measured: 200, predicted: 180 },
      { measured: 300, predicted: 330 },
      { measured: 400, predicted: 400 },
    ];
    expect(errorPercent(rows[0]!)).toBeCloseTo(10);
    const s = summarize(rows);
    expect(s.medianApePercent).toBeCloseTo(10);
    expect(s.mapePercent).toBeCloseTo(7.5);
    expect(s.spearman).toBeCloseTo(1);
    expect(summarize(rows.slice(0, 2)).spearman).toBeUndefined();
    expect(summarize([]).count).toBe(0);
  });

  it('splits the same way for the same seed, keeps at least one row to fit, and covers every row once', () => {
    const a = holdoutSplit(10, 0.3, 7);
    expect(a).toEqual(holdoutSplit(10, 0.3, 7));
    expect(a.test).toHaveLength(3);
    expect([...a.train, ...a.test].sort((x, y) => x - y)).toEqual([...Array(10).keys()]);
    expect(holdoutSplit(10, 0.3, 8)).not.toEqual(a);
    expect(holdoutSplit(1, 0.9, 0)).toEqual({ train: [0], test: [] });
    expect(holdoutSplit(4, 0, 0).test).toEqual([]);
  });
});
