/**
 * Random argument vectors and random spec/config JSON thrown at every command of the real CLI (fast-check). Whatever
 * comes in: exit 0 or 2 (never 1, never a signal), a message on stderr with 2, and no NaN, Infinity or negative
 * figure in what is printed (signed errors and changes excepted: they are signed by definition).
 * The run count is kept small (each run spawns the compiled CLI); a failure prints its seed and shrunk arguments.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const RUNS = Number(process.env.AUTOTUNE_PROPERTY_RUNS ?? 36);
/** Longest a single command may take before the run counts as hung. */
const COMMAND_TIMEOUT_MS = 60_000;
/** Keys whose figures are signed by definition (prediction errors, changes, gains, correlations). */
const SIGNED_KEY = /error|change|gain|shortfall|delta|bias|residual|spearman|pearson|correlation/i;

const dir = mkdtempSync(join(tmpdir(), 'autotune-props-'));

/** Flag values of every kind a person mistypes: fine, zero, negative, huge, not finite, not a number, empty. */
const messy = fc.oneof(
  fc.constantFrom(
    '0',
    '1',
    '2',
    '-1',
    '1e999',
    '-1e999',
    'NaN',
    'Infinity',
    '',
    ' ',
    'x',
    '2.5',
    '-0',
    '1e308',
    '100000',
    '0x10',
  ),
  fc.integer({ min: -4, max: 40 }).map(String),
);
const small = fc.constantFrom('1', '2', '3', '0', '-1', 'x', '1e999', '2.5');
/** Mostly a good value, sometimes a messy one: each flag of a vector goes wrong alone often enough to reach deep code. */
const mostly = (...good: string[]) =>
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...good) }, { weight: 1, arbitrary: messy });
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const flag = (name: string, value: string | undefined): string[] => (value === undefined ? [] : [name, value]);
const jsonFlag = fc.boolean().map((on) => (on ? ['--json'] : []));

const SMALL_SPEC = {
  name: 'prop',
  workload: 'deepseek-v3',
  chip: 'h800-sxm',
  gpus: 2048,
  objective: { metric: 'tokensPerSecPerGpu', goal: 'maximize' },
  space: {
    commSMs: { type: 'int', min: 8, max: 32, step: 4 },
    schedule: { type: 'choice', values: ['zb-v', 'dualpipe'] },
    ep: { type: 'choice', values: [32, 64] },
  },
  fixed: { pp: 16, tp: 1, microBatchSize: 1, nodeLimit: 4 },
  budget: 3,
  optimizer: 'random',
  seed: 0,
};
const CONFIG = { schedule: 'dualpipe', pp: 16, ep: 64, tp: 1, microBatchSize: 1, commSMs: 20, nodeLimit: 4 };

/** A JSON object with some fields replaced by random JSON (or removed): near enough to valid to reach deep checks. */
function mutated(base: Record<string, unknown>, nested: string[] = []): fc.Arbitrary<Record<string, unknown>> {
  const keys = [...Object.keys(base), 'extra', ...nested];
  const replacement = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(0, -1, 1, 1e308, 1e-300, 2 ** 31, 0.5, 'h20', 'copy-engine', 'dualpipe', 'grid', null),
  );
  const edit = fc.tuple(fc.constantFrom(...keys), fc.option(replacement, { nil: undefined }));
  const edits = fc.oneof(
    { weight: 1, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: fc.array(edit, { minLength: 1, maxLength: 3 }) },
  );
  return edits.map((edits) => {
    const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
    for (const [key, value] of edits) {
      const path = key.split('.');
      let node = copy;
      for (const part of path.slice(0, -1)) {
        if (node[part] === null || typeof node[part] !== 'object') node[part] = {}; // an earlier edit made it a scalar
        node = node[part] as Record<string, unknown>;
      }
      if (value === undefined) delete node[path.at(-1)!];
      else node[path.at(-1)!] = value;
    }
    return copy;
  });
}

let files = 0;
const specFile = (spec: unknown): string => {
  const path = join(dir, `spec-${files++}.json`);
  writeFileSync(path, JSON.stringify(spec));
  return path;
};
const outDir = () => join(dir, `out-${files++}`);

const specArb = mutated(SMALL_SPEC, [
  'space.commSMs.max',
  'space.commSMs.min',
  'space.commSMs.step',
  'fixed.pp',
  'fixed.commSMs',
  'objective.metric',
  'kernel',
  'cluster',
  'batchSize',
]);
const configArb = mutated(CONFIG, ['vpp', 'recompute']);

const argVectors: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 1, arbitrary: jsonFlag.map((json) => ['profiles', ...json]) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom('deepseek-v3', 'deepseek-v3', 'llama3-70b', 'deepseek-v2', 'nope'),
        fc.constantFrom('h800-sxm', 'h20', 'h100-sxm', 'a100-sxm', 'b200', 'x'),
        optional(mostly('2048', '1024', '512')),
        configArb,
        optional(fc.constantFrom('copy-engine', 'nccl', 'deepep-v2', 'bogus')),
        jsonFlag,
      )
      .map(([workload, chip, gpus, config, kernel, json]) => [
        'evaluate',
        '--workload',
        workload,
        '--chip',
        chip,
        ...flag('--gpus', gpus),
        ...flag('--kernel', kernel),
        '--config',
        JSON.stringify(config),
        ...json,
      ]),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          'gpipe',
          '1f1b',
          'interleaved-1f1b',
          'zb-h1',
          'zb-h2',
          'zb-v',
          'dualpipe',
          'dualpipev',
          'zb-h3',
        ),
        mostly('2', '4', '8'),
        mostly('8', '16', '24'),
        optional(small),
        mostly('1', '2', '0.5'),
        mostly('1', '2', '0.5'),
        mostly('1', '0', '0.5'),
        optional(mostly('2', '3', '4')),
        optional(mostly('0', '0.1')),
        jsonFlag,
      )
      .map(([schedule, pp, m, vpp, f, b, w, fb, p2p, json]) => [
        'schedule',
        '--schedule',
        schedule,
        '--pp',
        pp,
        '--micro-batches',
        m,
        ...flag('--vpp', vpp),
        '--f',
        f,
        '--b',
        b,
        '--w',
        w,
        ...flag('--fb', fb),
        ...flag('--p2p', p2p),
        ...json,
      ]),
  },
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        specArb,
        optional(mostly('1', '2', '3')),
        optional(fc.constantFrom('bo', 'evo', 'random', 'qmc', 'grid', 'sgd')),
        optional(mostly('0', '1', '7')),
        fc.constantFrom([], [], [], ['--resume'], ['--fresh']),
      )
      .map(([spec, budget, optimizer, seed, mode]) => [
        'search',
        specFile(spec),
        '--json',
        '--threads',
        '0',
        '--out',
        outDir(),
        ...flag('--budget', budget),
        ...flag('--optimizer', optimizer),
        ...flag('--seed', seed),
        ...mode,
      ]),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        specArb,
        fc.constantFrom('h800-sxm', 'h20,h800-sxm', 'h800-sxm', 'nope', ''),
        mostly('1', '2'),
        optional(mostly('2048', '1024')),
      )
      .map(([spec, chips, budget, gpus]) => [
        'compare',
        specFile(spec),
        '--chips',
        chips,
        '--budget',
        budget,
        ...flag('--gpus', gpus),
        '--out',
        outDir(),
        '--json',
      ]),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        specArb,
        fc.constantFrom(
          'nvlink=100..400:2',
          'sms=0..10:2',
          'hbm=1e999..2:2',
          'bogus=1..2',
          'nic=12.5..x',
          'chip.hbmTBps=-1..2:2',
          'bf16=1..2:1',
        ),
        mostly('1', '2'),
      )
      .map(([spec, vary, budget]) => [
        'sweep',
        specFile(spec),
        '--vary',
        vary,
        '--budget',
        budget,
        '--out',
        outDir(),
        '--json',
      ]),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          'models/measurements/h20.json',
          'models/measurements/h800-links-hbm.json',
          'models/measurements/missing.json',
          'package.json',
        ),
        fc.constantFrom('1', '2', '0', '-1', 'x'),
        optional(messy),
        jsonFlag,
      )
      .map(([file, steps, holdout, json]) => [
        'calibrate',
        file,
        '--steps',
        steps,
        ...flag('--holdout', holdout),
        ...json,
      ]),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('1', '2', '0', 'x'), optional(messy), jsonFlag)
      .map(([steps, holdout, json]) => ['fidelity', '--steps', steps, ...flag('--holdout', holdout), ...json]),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.subarray(
          [
            'results/compare-deepseek-v3-h800-h100-sxm+h800-sxm+h20.json',
            'results/sweep-deepseek-v3-h800-h800-sxm-nic-12.5-100-8.json',
            'package.json',
            'missing.json',
            'models',
          ],
          { minLength: 1 },
        ),
        fc.constantFrom('fresh', 'fresh', 'package.json/x.html', 'models'),
      ) // never the default: it writes beside the shipped results
      .map(([results, out]) => ['report', ...results, '--out', out === 'fresh' ? join(dir, `r-${files++}.html`) : out]),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          'models/measurements/traces/deepseek-v3-h800-pair.json',
          'package.json',
          'models',
          'missing.json',
        ),
        optional(configArb),
        jsonFlag,
      )
      .map(([file, config, json]) => ['trace', file, ...(config ? ['--config', JSON.stringify(config)] : []), ...json]),
  },
);

/** Numbers in a JSON value that are not finite or are negative (outside signed keys), with their paths. */
function badFigures(value: unknown, path = '$', key = ''): string[] {
  if (typeof value === 'number')
    return !Number.isFinite(value) || (value < 0 && !SIGNED_KEY.test(key)) ? [`${path} = ${value}`] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => badFigures(v, `${path}.${k}`, Array.isArray(value) ? key : k));
}

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

describe('every command, random arguments and JSON (fast-check)', () => {
  it(
    'exits 0 or 2, explains a 2 on stderr, and prints no NaN, Infinity or negative figure',
    () => {
      fc.assert(
        fc.property(argVectors, (args) => {
          const run = spawnSync(process.execPath, ['bin/autotune.js', ...args], {
            encoding: 'utf8',
            timeout: COMMAND_TIMEOUT_MS,
            env: { ...process.env, CI: 'true' },
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          const context = `autotune ${args.map((a) => JSON.stringify(a)).join(' ')}\nexit ${run.status} signal ${run.signal}\nstderr: ${run.stderr.slice(0, 2000)}`;
          expect(run.signal, context).toBeNull();
          expect([0, 2], context).toContain(run.status);
          if (run.status === 2) expect(run.stderr.trim().length, context).toBeGreaterThan(0);
          expect(run.stdout, context).not.toMatch(/\bNaN\b|\bInfinity\b/);
          const json = parsedJson(run.stdout);
          if (json !== undefined) expect(badFigures(json), context).toEqual([]);
        }),
        { numRuns: RUNS, seed: Number(process.env.AUTOTUNE_PROPERTY_SEED ?? 13) },
      );
    },
    RUNS * COMMAND_TIMEOUT_MS,
  );
});
