import { afterEach, describe, expect, it, vi } from 'vitest';
import { syntheticStudy } from '../../bench/ui-events.js';
import { Dashboard } from '../../src/ui/components/dashboard.js';
import { createStudyFeed } from '../../src/ui/feed.js';
import { ganttOf } from '../../src/ui/gantt.js';
import { layoutFor } from '../../src/ui/layout.js';
import { initialView, reduceAll } from '../../src/ui/state.js';
import { StudyApp } from '../../src/ui/study-app.js';
import { renderAt, type SizedRender, tick } from './helpers.js';

const study = syntheticStudy({ trials: 300, withPipeline: true });
const midStudy = study.slice(0, 201);
let mounted: SizedRender | null = null;
afterEach(() => mounted?.unmount());

function mountApp(columns: number, rows: number) {
  const feed = createStudyFeed({ intervalMs: 0 });
  const controls = { stop: vi.fn(), pause: vi.fn(), resume: vi.fn() };
  const onAbort = vi.fn();
  mounted = renderAt(<StudyApp feed={feed} controls={controls} onAbort={onAbort} ganttOf={ganttOf} />, columns, rows);
  midStudy.forEach(feed.push);
  return { app: mounted, controls, onAbort };
}

describe('StudyApp keys', () => {
  it('q stops the study once and says so', async () => {
    const { app, controls } = mountApp(100, 30);
    await tick();
    app.stdin.write('q');
    await tick();
    app.stdin.write('q');
    await tick();
    expect(controls.stop).toHaveBeenCalledTimes(1);
    expect(app.lastFrame()).toContain('stopping');
  });

  it('p pauses then resumes', async () => {
    const { app, controls } = mountApp(100, 30);
    await tick();
    app.stdin.write('p');
    await tick();
    expect(controls.pause).toHaveBeenCalledTimes(1);
    expect(app.lastFrame()).toMatch(/paused$/m);
    app.stdin.write('p');
    await tick();
    expect(controls.resume).toHaveBeenCalledTimes(1);
    expect(app.lastFrame()).toMatch(/running$/m);
  });

  it('? toggles the help', async () => {
    const { app } = mountApp(100, 30);
    await tick();
    app.stdin.write('?');
    await tick();
    expect(app.lastFrame()).toContain('pause / resume the search');
    app.stdin.write('?');
    await tick();
    expect(app.lastFrame()).not.toContain('pause / resume the search');
  });

  it('ctrl-c stops gracefully, a second one aborts', async () => {
    const { app, controls, onAbort } = mountApp(100, 30);
    await tick();
    app.stdin.write('\x03');
    await tick();
    expect(controls.stop).toHaveBeenCalledTimes(1);
    app.stdin.write('\x03');
    await tick();
    expect(onAbort).toHaveBeenCalledTimes(1);
  });
});

describe('layout', () => {
  const view = reduceAll(initialView, midStudy);

  for (const [columns, rows] of [
    [80, 24],
    [100, 30],
    [120, 40],
    [160, 50],
  ] as const) {
    it(`fits ${columns}x${rows}: no line wider, fewer lines than rows`, async () => {
      const layout = layoutFor(columns, rows);
      const gantt = view.best ? ganttOf(view.best, layout.rightWidth) : null;
      mounted = renderAt(<Dashboard view={view} layout={layout} gantt={gantt} />, columns, rows);
      await tick();
      const lines = mounted.lastFrame().split('\n');
      expect(lines.length).toBeLessThan(rows);
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(columns);
      expect(mounted.lastFrame()).toContain('SMs ');
      expect(mounted.lastFrame()).toContain('trials');
    });
  }

  for (const [columns, rows] of [
    [60, 15],
    [40, 10],
    [100, 12],
  ] as const) {
    it(`degrades to header, progress, best and footer at ${columns}x${rows}: the header and the best line always show`, async () => {
      const layout = layoutFor(columns, rows);
      expect(layout.compact).toBe(true);
      mounted = renderAt(<Dashboard view={view} layout={layout} gantt={null} />, columns, rows);
      await tick();
      const lines = mounted.lastFrame().split('\n');
      expect(lines.length).toBeLessThan(rows);
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(columns);
      expect(lines[0]).toMatch(/^autotune /);
      expect(lines.some((l) => l.startsWith('best '))).toBe(true);
    });
  }

  it('puts the best config beside the chart at 120 columns and draws the Gantt when there is room', async () => {
    const layout = layoutFor(120, 40);
    expect(layout.wide).toBe(true);
    const gantt = ganttOf(view.best!, layout.rightWidth);
    mounted = renderAt(<Dashboard view={view} layout={layout} gantt={gantt} />, 120, 40);
    await tick();
    const frame = mounted.lastFrame();
    const progressLine = frame.split('\n').find((l) => l.includes('elapsed'))!;
    expect(progressLine).toMatch(/SMs /); // same row: side by side
    expect(frame).toMatch(/r0 \|[FBWXOfbwxo.]+\|/);
  });

  it('ends with a note naming the searched ranges the best config sits at the end of, and still fits 80x24', async () => {
    const edge = { param: 'commSMs', value: 64, edge: 'highest', lowest: 2, highest: 64, inner: null } as const;
    const finished = {
      ...reduceAll(initialView, study),
      rangeEdges: [edge, { ...edge, param: 'ep', value: 128, lowest: 8, highest: 128 }],
    };
    const layout = layoutFor(80, 24);
    mounted = renderAt(
      <Dashboard
        view={finished}
        layout={layout}
        gantt={finished.best ? ganttOf(finished.best, layout.rightWidth) : null}
      />,
      80,
      24,
    );
    await tick();
    const lines = mounted.lastFrame().split('\n');
    expect(lines.length).toBeLessThan(24);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(lines).toContain('best at a range end, widen?: commSMs 64 of 2..64, ep 128 of 8..128');
  });

  it('the app reads the terminal size from stdout', async () => {
    const { app } = mountApp(80, 24);
    await tick();
    const lines = app.lastFrame().split('\n');
    expect(lines.length).toBeLessThan(24);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
  });
});
