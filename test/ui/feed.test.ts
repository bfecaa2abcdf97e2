import { describe, expect, it } from 'vitest';
import { createStudyFeed, type FeedClock, type StudyEventSource } from '../../src/ui/feed.js';
import type { StudyEvent } from '../../src/ui/studyEvents.js';
import { syntheticStudy } from '../../bench/ui-events.js';

/** A clock the test moves by hand; timers fire when it passes them. */
function manualClock() {
  let time = 0;
  let timers: { at: number; run: () => void; id: number }[] = [];
  let next = 0;
  const clock: FeedClock = {
    now: () => time,
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

function emitter() {
  let listener: ((e: StudyEvent) => void) | null = null;
  const source: StudyEventSource = (l) => {
    listener = l;
    return () => (listener = null);
  };
  return { source, emit: (e: StudyEvent) => listener?.(e) };
}

describe('createStudyFeed', () => {
  it('publishes at most once per interval however many trials arrive, and always the latest', async () => {
    const { clock, advance } = manualClock();
    const { source, emit } = emitter();
    const feed = createStudyFeed(source, { intervalMs: 100, clock });
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

  it('publishes synchronously when a slot is due, so a study that never yields still redraws', () => {
    const { clock, advance } = manualClock();
    const { source, emit } = emitter();
    const feed = createStudyFeed(source, { intervalMs: 100, clock });
    const [start, t1, t2] = syntheticStudy({ trials: 2 });
    emit(start!);
    let publications = 0;
    feed.subscribe(() => publications++);
    emit(t1!);
    expect(publications).toBe(0);
    // Time passes without the loop turning (no timer fired): the next event publishes itself.
    const clockOnly = clock.now;
    clock.now = () => clockOnly() + 150;
    emit(t2!);
    expect(publications).toBe(1);
    advance(0);
  });

  it('publishes UI actions at once', () => {
    const { clock } = manualClock();
    const { source } = emitter();
    const feed = createStudyFeed(source, { intervalMs: 100, clock });
    feed.dispatch({ type: 'ui/toggle-help' });
    expect(feed.getView().showHelp).toBe(true);
  });
});
