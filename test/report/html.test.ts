/** The HTML report's parts: an exact Gantt, convergence, commSMs curves, loading, and the page as a whole. */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { createModel } from '../../src/model/index.js';
import { runCompare } from '../../src/report/compare.js';
import { commCurves, commSMsReach, timelineOf } from '../../src/report/html/focus.js';
import { ganttSvg } from '../../src/report/html/gantt.js';
import { type LoadedResult, parseResult } from '../../src/report/html/load.js';
import { htmlPathBeside, renderReport } from '../../src/report/html/page.js';
import { convergence } from '../../src/report/html/study.js';
import { ownPoint } from '../../src/report/html/sweep.js';
import { runSweep } from '../../src/report/sweep.js';
import { buildSchedule, timeline } from '../../src/schedule/index.js';
import { runStudy, type StudyResult, type Trial } from '../../src/search/index.js';
import { catalog, inputFor, tinySpec } from './helpers.js';

/** Every <rect class="op ..."> of an SVG string: its classes, x, width and tooltip. */
function opRects(svg: string): { cls: string; x: number; width: number; title: string }[] {
  return [
    ...svg.matchAll(
      /<rect class="(op [^"]*)" x="([^"]+)" y="[^"]+" width="([^"]+)" height="[^"]+"><title>([^<]*)<\/title><\/rect>/g,
    ),
  ].map((m) => ({ cls: m[1]!, x: Number(m[2]), width: Number(m[3]), title: m[4]! }));
}

const count = (text: string, pattern: RegExp): number => [...text.matchAll(pattern)].length;

describe('the SVG Gantt chart', () => {
  // 1F1B, 2 ranks, 2 micro-batches, F = 1, B = 2, W = 1 (BW = 3), no P2P latency. By hand:
  // rank 0: F0 [0,1] F1 [1,2] BW0 [5,8] BW1 [9,12]; rank 1: F0 [1,2] BW0 [2,5] F1 [5,6] BW1 [6,9]; step 12.
  const t = timeline(buildSchedule('1f1b', { pp: 2, microBatches: 2 }), { F: 1, B: 2, W: 1, FB: 4, p2p: 0 });
  const svg = ganttSvg(t, 'g');
  const rects = opRects(svg);
  // The chart's frame: 1100 px wide (the minimum), 46 px left and 14 px right margins: 1040 px for 12 time units.
  const at = (time: number) => 46 + (time * 1040) / 12;

  it('draws one rect per op per rank at its simulated start and end', () => {
    expect(t.stepTime).toBe(12);
    expect(rects).toHaveLength(8);
    const expected: [string, number, number][] = [
      ['op F', 0, 1],
      ['op F', 1, 2],
      ['op BW', 5, 8],
      ['op BW', 9, 12],
      ['op F', 1, 2],
      ['op BW', 2, 5],
      ['op F', 5, 6],
      ['op BW', 6, 9],
    ];
    expected.forEach(([cls, start, end], i) => {
      expect(rects[i]!.cls).toBe(cls);
      expect(rects[i]!.x).toBeCloseTo(at(start), 1);
      expect(rects[i]!.width).toBeCloseTo(at(end) - at(start), 1);
    });
  });

  it('names the op, its micro-batch, start and end on hover, and leaves bubbles on a grey row', () => {
    expect(rects[2]!.title).toBe('rank 0: BW (fused backward (B+W)), micro-batch 0, chunk 0 (stage 0); 5 s to 8 s');
    expect(count(svg, /<rect class="idle"/g)).toBe(2);
    // Rank 0 is busy 1+1+3+3 = 8 of 12: its row's tooltip says the other 4 are idle.
    expect(svg).toContain('rank 0: idle 4 s of 12 s');
  });

  it("draws the odd chunk lighter (the V schedules' way back)", () => {
    const v = timeline(buildSchedule('zb-v', { pp: 4, microBatches: 8 }), { F: 1, B: 1, W: 1, FB: 3, p2p: 0 });
    const all = opRects(ganttSvg(v, 'v'));
    expect(all).toHaveLength(v.ranks.reduce((n, r) => n + r.ops.length, 0));
    expect(all.filter((r) => r.cls.endsWith(' alt'))).toHaveLength(
      v.ranks.reduce((n, r) => n + r.ops.filter((o) => o.chunk === 1).length, 0),
    );
  });
});

describe('convergence', () => {
  const trial = (
    number: number,
    objective: number | null,
    status: Trial['status'] = objective === null ? 'infeasible' : 'ok',
  ): Trial => ({
    number,
    config: tinySpec().fixed as never,
    status,
    metrics: null,
    objective,
    reason: status === 'infeasible' ? 'does not fit' : undefined,
  });
  const trials = [trial(1, 5), trial(2, null), trial(3, 3), trial(4, 7), trial(5, null, 'rejected')];

  it('keeps the best so far, up to the last trial, and lists the trials without a value', () => {
    const c = convergence(trials, { metric: 'tokensPerSecPerGpu', goal: 'maximize' });
    expect(c.feasible).toEqual([
      { trial: 1, value: 5 },
      { trial: 3, value: 3 },
      { trial: 4, value: 7 },
    ]);
    expect(c.bestSoFar).toEqual([
      { trial: 1, value: 5 },
      { trial: 3, value: 5 },
      { trial: 4, value: 7 },
      { trial: 5, value: 7 },
    ]);
    expect(c.without).toEqual([
      { trial: 2, status: 'infeasible', reason: 'does not fit' },
      { trial: 5, status: 'rejected', reason: 'rejected' },
    ]);
  });

  it('follows the goal: minimising keeps the least', () => {
    const c = convergence(trials, { metric: 'stepTimeS', goal: 'minimize' });
    expect(c.bestSoFar.map((p) => p.value)).toEqual([5, 3, 3, 3]);
  });
});

describe('the chosen config', async () => {
  const spec = tinySpec();
  const study = await runStudy({ spec, threads: 0 });
  const best = study.best!;
  const model = createModel(inputFor(spec));

  it('simulates the schedule the cost model did, with its chunk durations', () => {
    const t = timelineOf(best.config, best.metrics!);
    expect(t.stepTime).toBe(best.metrics!.details.pipeline.simulatedS);
    const schedule = buildSchedule(best.config.schedule, {
      pp: best.config.pp,
      microBatches: best.metrics!.details.microBatches,
    });
    expect(t.ranks.reduce((n, r) => n + r.ops.length, 0)).toBe(schedule.opCount);
  });

  it("evaluates each schedule at every valid commSMs up to twice the larger of the config's and the kernel default", () => {
    const kernel = model.input.kernel;
    expect(commSMsReach(best.config, kernel.defaultSMs, 132)).toBe(
      2 * Math.max(best.config.commSMs, kernel.defaultSMs),
    );
    expect(commSMsReach({ ...best.config, commSMs: 100 }, 20, 132)).toBe(131);
    const c = commCurves(model, best.config, ['1f1b', 'dualpipev', 'interleaved-1f1b']);
    expect(c.kernelDefaultSMs).toBe(kernel.defaultSMs);
    expect(c.tried.every((k) => model.check({ ...best.config, commSMs: k }) === null)).toBe(true);
    expect(c.tried.every((k) => k % kernel.smsPerChannel === 0 && k >= kernel.minSMs)).toBe(true);
    expect(Math.max(...c.tried)).toBeLessThanOrEqual(
      commSMsReach(best.config, kernel.defaultSMs, model.input.chip.sms),
    );
    expect(c.curves[0]!.schedule).toBe(best.config.schedule); // the config's own schedule first
    const own = c.curves[0]!.points.find((p) => p.commSMs === best.config.commSMs)!;
    expect(own.tokensPerSecPerGpu).toBe(best.metrics!.tokensPerSecPerGpu);
    for (const curve of c.curves.filter((s) => s.points.length > 0)) {
      const p = curve.points[Math.floor(curve.points.length / 2)]!;
      expect(p.tokensPerSecPerGpu).toBe(
        model.evaluate({ ...best.config, schedule: curve.schedule, commSMs: p.commSMs }).tokensPerSecPerGpu,
      );
    }
    // interleaved-1f1b needs a vpp the config does not have: no curve, and the model's reason.
    expect(c.curves.find((s) => s.schedule === 'interleaved-1f1b')).toMatchObject({
      points: [],
      problem: expect.stringMatching(/vpp/),
    });
  });

  it('renders a page with one rect per op, one marker per trial, and nothing fetched from outside', () => {
    const html = renderReport([{ kind: 'study', file: 'tiny.json', result: study }], catalog, new Date(0));
    const gantt = html.match(/<svg id="result-1-best-gantt".*?<\/svg>/s)![0];
    const schedule = buildSchedule(best.config.schedule, {
      pp: best.config.pp,
      microBatches: best.metrics!.details.microBatches,
    });
    expect(count(gantt, /<rect class="op /g)).toBe(schedule.opCount);
    const conv = html.match(/<svg id="result-1-convergence".*?<\/svg>/s)![0];
    expect(count(conv, /data-trial="/g)).toBe(study.trials.length);
    expect(html).not.toMatch(/<script[^>]*\ssrc=|<link\b|<img\b|url\(|@import/);
    expect([...new Set([...html.matchAll(/https?:\/\/[^"\s<]*/g)].map((m) => m[0]))]).toEqual([
      'http://www.w3.org/2000/svg',
    ]);
    // The results ride along as inert JSON, whole.
    const data = JSON.parse(html.match(/<script type="application\/json" id="report-data">(.*?)<\/script>/s)![1]!);
    expect(data[0].result).toEqual(JSON.parse(JSON.stringify(study)));
  });

  it('puts several studies side by side, every trial of each on one convergence chart', () => {
    const loaded: LoadedResult[] = [
      { kind: 'study', file: 'a.json', result: study },
      { kind: 'study', file: 'b.json', result: { ...study, name: 'other' } },
    ];
    const html = renderReport(loaded, catalog, new Date(0));
    const side = html.match(/<svg id="side-by-side-convergence".*?<\/svg>/s)![0];
    expect(count(side, /data-trial="/g)).toBe(2 * study.trials.length);
    expect(count(side, /data-study="1"/g)).toBe(study.trials.length);
    expect(count(html, /<svg id="result-\d-best-gantt"/g)).toBe(2);
  });
});

describe('compare and sweep pages', async () => {
  const spec = tinySpec({ budget: 4 });
  const compare = await runCompare({ spec, chips: ['h800-sxm', 'h20'], catalog });
  const sweep = await runSweep({ spec, vary: 'nvlink=200..600:3', catalog });

  it("draws tuned and baseline bars per chip with the gain, and each chip's tuned config", () => {
    const html = renderReport([{ kind: 'compare', file: 'c.json', result: compare }], catalog, new Date(0));
    expect(count(html, /<g class="bar tuned">/g)).toBe(compare.chips.filter((c) => c.tuned !== null).length);
    expect(count(html, /<g class="bar baseline">/g)).toBe(compare.chips.filter((c) => c.baseline !== null).length);
    for (const c of compare.chips) expect(html).toContain(`gain ${c.adaptationGain!.toFixed(2)}x`);
    expect(count(html, /<svg id="result-1-chip\d-gantt"/g)).toBe(2);
  });

  it("draws throughput along the axis, one rule per change point and one at the profile's own value", () => {
    const html = renderReport([{ kind: 'sweep', file: 's.json', result: sweep }], catalog, new Date(0));
    const chart = html.match(/<svg id="result-1-chart".*?<\/svg>/s)![0];
    expect(count(chart, /<g class="rule change">/g)).toBe(sweep.changes.length);
    expect(count(chart, /<g class="rule own">/g)).toBe(1);
    expect(count(chart, /<g class="series tuned"/g)).toBe(1);
    expect(count(chart.match(/<g class="series tuned".*?<\/g>/s)![0], /<circle/g)).toBe(
      sweep.points.filter((p) => p.tuned !== null).length,
    );
    // The H800's own NVLink, 400 GB/s, is the middle point: the detail is drawn there.
    expect(ownPoint(sweep)).toBe(1);
    expect(html).toContain('Optimum at nvlink (GB/s) = 400');
    expect(html).toMatch(/<svg id="result-1-own-gantt"/);
  });
});

describe('loading results', () => {
  const study = { name: 's', trials: [] } as unknown as StudyResult;

  it('names the file and the field that is wrong', () => {
    expect(() => parseResult('{', 'x.json')).toThrow(/x\.json: not valid JSON/);
    expect(() => parseResult('{"kind":"tune"}', 'x.json')).toThrow(
      /x\.json: kind = "tune": a result file has kind one of study, compare, sweep/,
    );
    expect(() => parseResult('[]', 'x.json')).toThrow(UserError);
    expect(() => parseResult(JSON.stringify(study), 'x.json')).toThrow(/x\.json: .*optimizer/);
    expect(() =>
      parseResult(
        JSON.stringify({
          kind: 'sweep',
          version: '0',
          spec: 's',
          workload: 'w',
          cluster: 'c',
          kernel: 'k',
          gpus: 8,
          optimizer: 'bo',
          budget: 1,
          seed: 0,
          objective: { metric: 'tokensPerSecPerGpu', goal: 'maximize' },
          baselineRule: 'r',
          chip: 'h20',
          axis: {},
          points: [],
          changes: [],
        }),
        'y.json',
      ),
    ).toThrow(/y\.json: .*axis/);
  });

  it("puts a result's page beside it", () => {
    expect(htmlPathBeside('results/a-bo-seed0.json')).toBe('results/a-bo-seed0.html');
  });
});
