/** `autotune fidelity`: the model against every shipped measurement, before and after a held-out calibration. */
import type { Command } from 'commander';
import { invalid } from '../../errors.js';
import { Catalog } from '../../profiles/catalog.js';
import { parseFraction, parseWhole } from '../options.js';

const WHERE = 'autotune fidelity';

interface FidelityOptions {
  holdout: string;
  seed: string;
  steps: string;
  cluster: string;
  workload: string;
  json?: boolean;
  markdown?: boolean;
}

async function run(opts: FidelityOptions): Promise<void> {
  if (opts.json && opts.markdown)
    throw invalid(WHERE, '--markdown', true, 'not together with --json: choose one output');
  const holdoutFraction = parseFraction(WHERE, '--holdout', opts.holdout);
  const seed = parseWhole(WHERE, '--seed', opts.seed, 0);
  const steps = parseWhole(WHERE, '--steps', opts.steps, 1);
  // TensorFlow.js and the fit load here only, so other commands never pay their start-up.
  const [{ fidelityReport }, render, { DEFAULT_FIT_OPTIONS }, { loadTf }] = await Promise.all([
    import('../../calibrate/fidelity.js'),
    import('../../calibrate/fidelity-report.js'),
    import('../../calibrate/fit.js'),
    import('../../calibrate/tensor-backend.js'),
  ]);
  const report = fidelityReport(await loadTf(), new Catalog(), {
    holdoutFraction,
    seed,
    fit: { ...DEFAULT_FIT_OPTIONS, steps },
    cluster: opts.cluster,
    workload: opts.workload,
  });
  if (opts.json) process.stdout.write(`${JSON.stringify(render.fidelityJson(report), null, 2)}\n`);
  else if (opts.markdown) {
    // docs/fidelity.md also carries the published-run validation (`autotune validate`), from the same profiles.
    const [{ validate }, { loadValidationFiles }, { validationMarkdown }] = await Promise.all([
      import('../../validation/validate.js'),
      import('../../validation/runs.js'),
      import('../../validation/render.js'),
    ]);
    process.stdout.write(
      render.fidelityMarkdown(report, validationMarkdown(validate(loadValidationFiles(), new Catalog()))),
    );
  } else process.stdout.write(render.fidelityText(report));
}

export function registerFidelity(program: Command): void {
  program
    .command('fidelity')
    .description(
      'how far to trust the model: every shipped measurement against its prediction, before and after a calibration tested on held-out rows',
    )
    .option('--holdout <fraction>', "fraction of each file's rows held out of its fit", '0.3')
    .option('--seed <n>', 'seed of the holdout split', '0')
    .option('--steps <n>', 'Adam steps per fit', '600')
    .option('--cluster <id|path>', 'cluster profile that supplies NIC bandwidth and latencies', 'default')
    .option('--workload <id|path>', 'workload whose MoE shape the all-to-all benchmarks used', 'deepseek-v3')
    .option('--json', 'print the report as JSON')
    .option('--markdown', `print the report as Markdown (docs/fidelity.md is made this way)`)
    .action(run);
}
