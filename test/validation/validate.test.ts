/** `autotune validate`'s data and arithmetic, and the errors the model reaches on Megatron's Table 5. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { Catalog } from '../../src/profiles/catalog.js';
import { loadValidationFile, loadValidationFiles } from '../../src/validation/runs.js';
import { errorStats, validate, validateRun } from '../../src/validation/validate.js';

const catalog = new Catalog();
const shipped = loadValidationFiles();
const table5 = shipped.find((f) => f.id === 'megatron-korthikanti-2022')!;

/**
 * |model / published - 1| per Table 5 run at the end of issues 12 and 16 (physics v2 with the traced training code's
 * kernel rates in the DeepSeek workloads, not in the chips: Megatron's GPT runs its wgrad at the forward rate and its
 * non-GEMM kernels at the A100's streaming rate), rounded up to 0.1 point: a model change that worsens any of them
 * fails here and must say why. Mean 3.02%, max 7.64%: below Calculon's 3.65% and 8.87%. With DeepSeek's H800 kernel
 * rates carried over to the A100 (an intermediate state) the mean was 11.5%.
 */
const TABLE5_MAX_ABS_ERROR: Record<string, number> = {
  '22b-full': 0.011,
  '22b-seq-sel': 0.034,
  '175b-full': 0.019,
  '175b-seq-sel': 0.016,
  '530b-full': 0.016,
  '530b-seq-sel': 0.009,
  '1t-full': 0.063,
  '1t-seq-sel': 0.077,
};
/** Mean and max of the above, unrounded figures rounded up to 0.1 point. */
const TABLE5_SUMMARY = { meanAbsError: 0.031, maxAbsError: 0.077 };

describe('Megatron Table 5 (Korthikanti et al. 2022)', () => {
  const report = validate([table5], catalog);

  it('ships the 8 runs: 4 models x (full recompute, sequence parallel + selective)', () => {
    expect(report.cases.map((c) => c.id).sort()).toEqual(Object.keys(TABLE5_MAX_ABS_ERROR).sort());
    expect(report.cases.every((c) => c.metric === 'stepTimeS' && c.unit === 's')).toBe(true);
  });

  it.each(Object.entries(TABLE5_MAX_ABS_ERROR))('%s: |error| stays at or below its recorded value', (id, bound) => {
    const c = report.cases.find((x) => x.id === id)!;
    expect(Math.abs(c.error)).toBeLessThanOrEqual(bound);
    expect(c.feasible).toBe(true); // every run ran, so the model must say it fits
  });

  it('mean and worst |error| stay at or below their recorded values', () => {
    expect(report.summary.meanAbsError).toBeLessThanOrEqual(TABLE5_SUMMARY.meanAbsError);
    expect(report.summary.maxAbsError).toBeLessThanOrEqual(TABLE5_SUMMARY.maxAbsError);
  });

  it("the peers' figures reproduce Calculon's published summary", () => {
    const calculon = errorStats(report.cases.map((c) => c.peers.calculon!.error));
    expect(calculon.meanAbsError).toBeCloseTo(0.0365, 4);
    expect(calculon.maxAbsError).toBeCloseTo(0.0887, 4);
    // and the model beats them, from physics rather than per-run factors
    expect(report.summary.meanAbsError).toBeLessThan(calculon.meanAbsError);
    expect(report.summary.maxAbsError).toBeLessThan(calculon.maxAbsError);
  });

  it('the run sets its own global batch: 175B runs 64 micro-batches, not the workload default 1536', () => {
    const run = table5.runs.find((r) => r.id === '175b-seq-sel')!;
    expect(catalog.get('workload', 'gpt-175b').globalBatchSequences).toBe(1536);
    const c = validateRun(run, table5.source, catalog);
    expect(c.model).toBeCloseTo(c.published * (1 + c.error), 12);
    expect(c.error).toBeCloseTo(report.cases.find((x) => x.id === run.id)!.error, 12);
  });
});

/** |error| per Figure 1 memory figure (same rounding and rule as Table 5's). */
const FIGURE1_MAX_ABS_ERROR: Record<string, number> = {
  '22b-weights-optimizer': 0.029,
  '22b-activations-none': 0.004,
  '22b-activations-seq-sel': 0.017,
  '175b-weights-optimizer': 0.03,
  '175b-activations-none': 0.007,
  '175b-activations-seq-sel': 0.001,
  '530b-weights-optimizer': 0.074,
  '530b-activations-none': 0.025,
  '530b-activations-seq-sel': 0.014,
  '1t-weights-optimizer': 0.086,
  '1t-activations-none': 0.024,
  '1t-activations-seq-sel': 0.014,
};

describe('Megatron Figure 1: memory per GPU', () => {
  const figure1 = shipped.find((f) => f.id === 'megatron-korthikanti-2022-memory')!;
  const report = validate([figure1], catalog);

  it.each(Object.entries(FIGURE1_MAX_ABS_ERROR))('%s: |error| stays at or below its recorded value', (id, bound) => {
    expect(Math.abs(report.cases.find((x) => x.id === id)!.error)).toBeLessThanOrEqual(bound);
  });

  it("without recompute none of the runs fits in 80 GB (the figure's point); with SP + selective all do", () => {
    for (const c of report.cases) expect(c.feasible).toBe(!c.id.endsWith('-activations-none'));
  });
});

describe('summary arithmetic', () => {
  it('mean and max of absolute errors', () => {
    const s = errorStats([0.1, -0.3, 0.2]);
    expect(s.meanAbsError).toBeCloseTo(0.2, 12);
    expect(s.maxAbsError).toBeCloseTo(0.3, 12);
    expect(errorStats([])).toEqual({ meanAbsError: 0, maxAbsError: 0 });
  });

  it('per source and overall', () => {
    const twice = validate([table5, { ...table5, id: 'copy', source: 'a copy' }], catalog);
    expect(twice.summary.bySource.map((s) => [s.source, s.cases])).toEqual([
      [table5.source, 8],
      ['a copy', 8],
    ]);
    expect(twice.summary.meanAbsError).toBeCloseTo(twice.summary.bySource[0]!.meanAbsError, 12);
  });
});

describe('validation files: bad input names the file and the field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'autotune-validation-'));
  const good = JSON.parse(
    JSON.stringify({
      id: 'x',
      source: 'S',
      notes: 'n',
      runs: [{ ...table5.runs[0], config: { ...table5.runs[0]!.config } }],
    }),
  );
  const write = (name: string, mutate: (d: typeof good) => void) => {
    const data = JSON.parse(JSON.stringify(good));
    mutate(data);
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(data));
    return path;
  };

  it('a unit that does not match its metric', () => {
    const path = write('unit.json', (d) => (d.runs[0].measured.unit = 'ms'));
    expect(() => loadValidationFile(path)).toThrow(UserError);
    expect(() => loadValidationFile(path)).toThrow(
      /unit\.json: \$\.runs\.0\.measured\.unit: must be "s" for metric stepTimeS/,
    );
  });

  it('an unknown config field', () => {
    const path = write('config.json', (d) => (d.runs[0].config.sp = true));
    expect(() => loadValidationFile(path)).toThrow(/config\.json: \$\.runs\.0\.config\.sp = true: unknown field/);
  });

  it('a duplicate run id and an unknown metric', () => {
    const dup = write('dup.json', (d) => d.runs.push(d.runs[0]));
    expect(() => loadValidationFile(dup)).toThrow(/dup\.json: \$\.runs\.1\.id: must be unique/);
    const metric = write('metric.json', (d) => (d.runs[0].measured.metric = 'seconds'));
    expect(() => loadValidationFile(metric)).toThrow(/metric\.json: \$\.runs\.0\.measured\.metric/);
  });

  it('a run the model refuses names the file and the run', () => {
    const path = write('refused.json', (d) => (d.runs[0].config.pp = 3));
    expect(() => validate([loadValidationFile(path)], catalog)).toThrow(
      /refused\.json: run "22b-full": config\.pp = 3/,
    );
    const chip = write('chip.json', (d) => (d.runs[0].chip = 'a99'));
    expect(() => validate([loadValidationFile(chip)], catalog)).toThrow(
      /chip\.json: run "22b-full": unknown chip "a99"/,
    );
  });

  it('the good file loads', () => {
    expect(loadValidationFile(write('good.json', () => {})).runs[0]!.config.sequenceParallel).toBe(false);
  });
});
