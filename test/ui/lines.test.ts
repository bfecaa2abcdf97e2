import { describe, expect, it } from 'vitest';
import { syntheticStudy } from '../../bench/ui-events.js';
import { createLineLogger } from '../../src/ui/lines.js';

function logStudy(trials: number, rate: number) {
  let out = '';
  const log = createLineLogger({ write: (text) => (out += text), progressEveryS: 5 });
  for (const event of syntheticStudy({ trials, rate })) log(event);
  return out;
}

describe('createLineLogger', () => {
  const out = logStudy(2000, 100); // 20 s of study time
  const lines = out.trimEnd().split('\n');

  it('writes no escape codes', () => {
    // eslint-disable-next-line no-control-regex
    expect(out).not.toMatch(/\x1b|\x9b/);
  });

  it('starts with the study line', () => {
    expect(lines[0]).toBe(
      'study deepseek-v3-h800: deepseek-v3 on 2048x h800-sxm, optimizer bo, seed 0, budget 2000, maximize tokensPerSecPerGpu',
    );
  });

  it('writes one line per improvement, with the change after the first', () => {
    const improvements = lines.filter((l) => l.startsWith('trial '));
    expect(improvements.length).toBeGreaterThan(3);
    expect(improvements[0]).toMatch(
      /^trial \d+\/2000 {2}best \d+(\.\d)? tok\/s\/GPU {2}\S+ pp\d+ ep\d+ tp1 mbs\d commSMs=\d+$/,
    );
    for (const line of improvements.slice(1)) {
      expect(line).toMatch(
        /^trial \d+\/2000 {2}best \d+(\.\d)? tok\/s\/GPU {2}\(\+\d+(\.\d+)?%\) {2}\S+ pp\d+ ep\d+ tp1 mbs\d commSMs=\d+$/,
      );
    }
  });

  it('writes a progress line every 5 s of study time', () => {
    const progress = lines.filter((l) => l.startsWith('progress '));
    expect(progress).toHaveLength(4); // at 5, 10, 15, 20 s
    expect(progress[0]).toMatch(
      /^progress 500\/2000 \(25%\) {2}100\/s {2}elapsed 5s {2}ETA 15s {2}best .* tok\/s\/GPU$/,
    );
  });

  it('ends with the summary: best config, metrics with units, breakdown, memory, bottleneck, top 5', () => {
    const end = lines.findIndex((l) => l.startsWith('finished: budget spent after'));
    expect(lines[end]).toMatch(/^finished: budget spent after 2000\/2000 trials \(\d+ infeasible or rejected\)$/);
    const summary = lines.slice(end).join('\n');
    expect(summary).toMatch(/best config \(trial \d+\): /);
    for (const label of [
      'throughput',
      'MFU',
      'step time',
      'bubble',
      'memory',
      'SMs',
      'bottleneck',
      'forward',
      'exposed comm',
      'activations',
      'top 5:',
    ]) {
      expect(summary).toContain(label);
    }
    expect(summary).toMatch(/step time\s+\d+(\.\d+)? s/);
    expect(summary).toMatch(/SMs\s+\d+ compute \| \d+ comm of 132/);
  });

  it('notes a best config at an end of a searched range', () => {
    let out = '';
    const log = createLineLogger({ write: (text) => (out += text) });
    const events = [...syntheticStudy({ trials: 50, rate: 100 })];
    const end = events.at(-1)!;
    if (end.type !== 'study-end') throw new Error('the synthetic study ends with study-end');
    for (const event of events.slice(0, -1)) log(event);
    log({
      ...end,
      result: {
        ...end.result,
        rangeEdges: [{ param: 'commSMs', value: 64, edge: 'highest', lowest: 2, highest: 64, inner: null }],
      },
    });
    expect(out).toContain(
      '\nnote: commSMs = 64 is the highest value searched (2..64); the optimum may lie beyond: widen space.commSMs\n',
    );
  });

  it('says when the study pauses, resumes and stops', () => {
    let out = '';
    const log = createLineLogger({ write: (text) => (out += text) });
    log({ type: 'study-paused', completed: 12, elapsedS: 3 });
    log({ type: 'study-resumed', completed: 12, elapsedS: 9 });
    log({ type: 'study-stopping', completed: 20, elapsedS: 12 });
    expect(out).toBe(
      'paused after 12 trials (elapsed 3s)\nresumed\nstopping after 20 trials: finishing the trials in flight, writing the journal and results\n',
    );
  });

  it('sends the closing summary to its own writer when given one (stdout, with progress on stderr)', () => {
    let progress = '';
    let summary = '';
    const log = createLineLogger({ write: (text) => (progress += text), writeSummary: (text) => (summary += text) });
    for (const event of syntheticStudy({ trials: 30, rate: 100 })) log(event);
    expect(progress).toMatch(/^study /);
    expect(summary).not.toMatch(/^study |^trial \d+\//m);
    expect(summary.length).toBeGreaterThan(0);
    // Together they are what a single writer receives: the summary comes last.
    expect(progress + summary).toBe(logStudy(30, 100));
  });
});
