import { describe, expect, it } from 'vitest';
import { endEvent, startEvent, syntheticMetrics, syntheticStudy, trialEvent } from '../../bench/ui-events.js';
import type { Config } from '../../src/contract/config.js';
import type { Trial } from '../../src/contract/results.js';
import type { StudyEvent, TrialCompleteEvent } from '../../src/search/events.js';
import { initialView, reduceAll, reduceStudy, TOP_K } from '../../src/ui/state.js';

const config = (commSMs: number, pp = 8): Config => ({
  schedule: 'dualpipe',
  pp,
  ep: 64,
  tp: 1,
  microBatchSize: 1,
  commSMs,
});

function trial(
  n: number,
  objective: number | null,
  isBest: boolean,
  c = config(40 + n),
  elapsedS = n / 100,
): TrialCompleteEvent {
  const record: Trial =
    objective === null
      ? { number: n, config: c, status: 'rejected', metrics: null, objective: null, reason: 'check failed' }
      : { number: n, config: c, status: 'ok', metrics: syntheticMetrics(c, objective), objective };
  return { ...trialEvent(record, isBest ? record : null, 100, elapsedS, 100), isBest };
}

describe('reduceStudy', () => {
  it('records improvements with their trial and relative change', () => {
    const view = reduceAll(initialView, [
      startEvent(100),
      trial(1, 1000, true),
      trial(2, 900, false),
      trial(3, 1100, true),
      trial(4, 1050, false),
    ]);
    expect(view.best?.trial).toBe(3);
    expect(view.best?.objective).toBe(1100);
    expect(view.lastChange).toBeCloseTo(0.1);
    expect(view.history).toEqual([
      [1, 1000],
      [3, 1100],
    ]);
    expect(view.trialsDone).toBe(4);
  });

  it('counts trials replayed from a journal out of the rate', () => {
    const view = reduceAll(initialView, [
      { ...startEvent(100), resumedTrials: 40 },
      trial(50, 1000, true, config(20), 10),
    ]);
    // 10 new trials in 10 s: 1 trial/s, 50 left.
    expect(view.etaS).toBeCloseTo(50);
  });

  it('follows the study pausing, resuming and stopping', () => {
    let view = reduceAll(initialView, [startEvent(10), { type: 'study-paused', completed: 4, elapsedS: 1 }]);
    expect(view.paused).toBe(true);
    view = reduceStudy(view, { type: 'study-resumed', completed: 4, elapsedS: 2 });
    expect(view.paused).toBe(false);
    view = reduceStudy(view, { type: 'study-stopping', completed: 8, elapsedS: 3 });
    expect(view.stopping).toBe(true);
    expect(reduceStudy(view, endEvent([], null, 10, 'stopped')).endReason).toBe('stopped');
  });

  it('treats the first feasible trial as the first best, with no change to report', () => {
    const view = reduceAll(initialView, [startEvent(10), trial(1, null, false), trial(2, 1000, true)]);
    expect(view.infeasible).toBe(1);
    expect(view.best?.trial).toBe(2);
    expect(view.lastChange).toBeNull();
  });

  it('reads improvements the goal way when minimising', () => {
    const start = { ...startEvent(10), objective: { metric: 'stepTimeS', goal: 'minimize' as const } };
    const view = reduceAll(initialView, [start, trial(1, 2.0, true), trial(2, 1.5, true), trial(3, 1.8, false)]);
    expect(view.best?.objective).toBe(1.5);
    expect(view.lastChange).toBeCloseTo(-0.25);
    expect(view.top.map((t) => t.objective)).toEqual([1.5, 1.8, 2.0]);
  });

  it('estimates the time left from the trial rate', () => {
    const view = reduceAll(initialView, [startEvent(100), trial(50, 1000, true, config(20), 10)]);
    // 50 trials in 10 s: 5 trials/s, 50 left.
    expect(view.etaS).toBeCloseTo(10);
    expect(reduceStudy(view, endEvent([], null, 100)).etaS).toBe(0);
  });

  it('keeps the top configs distinct and best first', () => {
    const same = config(24);
    const view = reduceAll(initialView, [
      startEvent(100),
      ...[1000, 1200, 1100, 1300, 900, 1250, 1150].map((o, i) => trial(i + 1, o, false)),
      trial(8, 1400, false, same),
      trial(9, 1390, false, same),
    ]);
    expect(view.top).toHaveLength(TOP_K);
    expect(view.top.map((t) => t.objective)).toEqual([1400, 1300, 1250, 1200, 1150]);
  });

  it('applies the UI actions: pause toggles, stop clears pause, help toggles', () => {
    let view = reduceStudy(initialView, { type: 'ui/toggle-pause' });
    expect(view.paused).toBe(true);
    view = reduceStudy(view, { type: 'ui/stop' });
    expect(view).toMatchObject({ paused: false, stopping: true });
    expect(reduceStudy(view, { type: 'ui/toggle-pause' }).paused).toBe(false);
    expect(reduceStudy(view, { type: 'ui/toggle-help' }).showHelp).toBe(true);
  });

  it('folds a whole synthetic study: best-so-far history is monotone and ends at the best', () => {
    const events: StudyEvent[] = syntheticStudy({ trials: 500 });
    const view = reduceAll(initialView, events);
    const values = view.history.map(([, y]) => y);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(values.at(-1)).toBe(view.best?.objective);
    expect(view.finished).toBe(true);
  });
});
