import { describe, expect, it } from 'vitest';
import { syntheticStudy } from '../../bench/ui-events.js';
import { createStudyFeed, type FeedClock } from '../../src/ui/feed.js';

/** A clock the test moves by hand; timers fire when it passes them. The process gets `share` of a CPU. */
function manualClock(share = 1) {
  let time = 0;
  let timers: { at: number; run: () => void; id: number }[] = [];
  let next = 0;
  const clock: FeedClock = {
    now: () => time,
    cpuNow: () => time * share,
    setTimeout: (run, ms) => {
      timers.push({ at: time + ms, run, id: ++next });
      return next;
    },
    clearTimeout: (id) => (timers = timers.filter((t) => t.id !== id)),
  };
  const advance = (ms: number) => {
    time += ms;
    const due = timers.filter((t) => t.at <= time);
    timers = timers.filter((t) => t.at > time);
    due.forEach((t) => t.run());
  };
  return { clock, advance };
}

describe('createStudyFeed', () => {
  it('publishes at most once per interval however many trials arrive, and always the latest', async () => {
    const { clock, advance } = manualClock();
    const feed = createStudyFeed({ intervalMs: 100, clock });
    const emit = feed.push;
    let publications = 0;
    feed.subscribe(() => publications++);
    const [start, ...rest] = syntheticStudy({ trials: 1000 });
    emit(start!);
    expect(publications).toBe(1); // study-start shows at once
    const trials = rest.slice(0, 1000);
    trials.slice(0, 500).forEach((e) => emit(e)); // a burst within one interval
    expect(publications).toBe(1);
    advance(100);
    expect(publications).toBe(2);
    expect(feed.getView().trialsDone).toBe(500);
    advance(10);
    trials.slice(500).forEach((e) => emit(e));
    advance(100);
    expect(publications).toBe(3);
    emit(rest.at(-1)!); // study-end publishes at once
    expect(publications).toBe(4);
    expect((await feed.finished).trialsDone).toBe(1000);
  });

  it('publishes synchronously past the longest interval, so a study that never yields still redraws', () => {
    const { clock, advance } = manualClock();
    const feed = createStudyFeed({ intervalMs: 100, maxIntervalMs: 2000, clock });
    const emit = feed.push;
    const [start, t1, t2] = syntheticStudy({ trials: 2 });
    emit(start!);
    let publications = 0;
    feed.subscribe(() => publications++);
    emit(t1!);
    expect(publications).toBe(0);
    // Time passes without the loop turning (no timer fired): the next event publishes itself.
    const clockOnly = clock.now;
    clock.now = () => clockOnly() + 2000;
    emit(t2!);
    expect(publications).toBe(1);
    advance(0);
  });

  it('publishes UI actions at once', () => {
    const { clock } = manualClock();
    const feed = createStudyFeed({ intervalMs: 100, clock });
    feed.dispatch({ type: 'ui/toggle-help' });
    expect(feed.getView().showHelp).toBe(true);
  });

  it('spaces publications by the reported redraw cost, within the budget and the cap', () => {
    const { clock, advance } = manualClock();
    const feed = createStudyFeed({ intervalMs: 100, maxIntervalMs: 2000, drawBudget: 0.03, clock });
    const emit = feed.push;
    const [start, ...trials] = syntheticStudy({ trials: 50 });
    let publications = 0;
    feed.subscribe(() => publications++);
    emit(start!);
    for (let k = 0; k < 4; k++) feed.reportDrawCost(7.5); // 7.5 ms measured, ~15 ms with its GC: at 3%, a frame per ~500 ms
    feed.reportDrawCost(400); // one slow frame (GC) is not the cost of a frame
    trials.slice(0, 10).forEach((e) => emit(e));
    advance(400);
    expect(publications).toBe(1);
    advance(200);
    expect(publications).toBe(2);
    for (let k = 0; k < 5; k++) feed.reportDrawCost(500); // absurdly slow: still a frame every 2 s
    trials.slice(10, 20).forEach((e) => emit(e));
    advance(2000);
    expect(publications).toBe(3);
  });

  it('budgets CPU, not wall time: on a loaded machine frames wait for the study to have had its share', () => {
    const { clock, advance } = manualClock(0.5); // the process gets half a core
    const feed = createStudyFeed({ intervalMs: 100, drawBudget: 0.03, clock });
    const emit = feed.push;
    const [start, ...trials] = syntheticStudy({ trials: 50 });
    let publications = 0;
    feed.subscribe(() => publications++);
    emit(start!);
    for (let k = 0; k < 5; k++) feed.reportDrawCost(7.5); // 500 ms of CPU between frames: 1 s of wall at half a core
    trials.slice(0, 10).forEach((e) => emit(e));
    for (let t = 0; t < 900; t += 100) advance(100);
    expect(publications).toBe(1);
    advance(200);
    expect(publications).toBe(2);
  });

  it('does not let the first, cold frames stretch the wait', () => {
    const { clock, advance } = manualClock();
    const feed = createStudyFeed({ intervalMs: 100, clock });
    const [start, ...trials] = syntheticStudy({ trials: 20 });
    let publications = 0;
    feed.subscribe(() => publications++);
    feed.push(start!);
    feed.reportDrawCost(300); // a cold JIT: not what a frame costs
    feed.reportDrawCost(200);
    trials.slice(0, 5).forEach((e) => feed.push(e));
    advance(100);
    expect(publications).toBe(2);
  });
});
