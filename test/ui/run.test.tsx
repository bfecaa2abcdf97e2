import { describe, expect, it, vi } from 'vitest';
import { syntheticStudy } from '../../bench/ui-events.js';
import { runStudyUi } from '../../src/ui/run.js';
import { FakeStdin, plain, SizedStdout, tick } from './helpers.js';

describe('runStudyUi', () => {
  it('draws the study from its events and lets go of the terminal after study-end', async () => {
    const stdout = new SizedStdout(100, 30);
    const stdin = new FakeStdin();
    const controls = { stop: vi.fn(), pause: vi.fn(), resume: vi.fn() };
    const ui = runStudyUi({
      controls,
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      frameIntervalMs: 10,
      patchConsole: false,
    });
    const events = syntheticStudy({ trials: 200, withPipeline: true });
    for (const event of events.slice(0, 101)) ui.onEvent(event);
    await tick(50);
    stdin.write('q');
    await tick();
    expect(controls.stop).toHaveBeenCalledTimes(1);
    for (const event of events.slice(101)) ui.onEvent(event);
    const view = await ui.done;
    expect(view.finished).toBe(true);
    expect(view.trialsDone).toBe(200);
    expect(ui.stats().publications).toBeGreaterThan(1);
    const lastFrame = plain(stdout.frames.join('')).split('\n');
    expect(lastFrame.some((line) => line.includes('200/200'))).toBe(true);
    expect(lastFrame.some((line) => /^finished: budget spent/.test(line))).toBe(true);
  });

  it('can be closed early (the study threw) and still resolves', async () => {
    const stdout = new SizedStdout(80, 24);
    const ui = runStudyUi({
      controls: { stop() {}, pause() {}, resume() {} },
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: new FakeStdin() as unknown as NodeJS.ReadStream,
      patchConsole: false,
    });
    ui.onEvent(syntheticStudy({ trials: 1 })[0]!);
    ui.close();
    expect((await ui.done).finished).toBe(false);
  });
});
