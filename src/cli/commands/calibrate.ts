/** `autotune calibrate`: fit a chip's (or a kernel's) efficiency parameters to measurements; write the profile. */
import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { checkOutputFile, writeJsonAtomically } from '../../files.js';
import { Catalog } from '../../profiles/catalog.js';
import { parseFraction, parseWhole } from '../options.js';

const WHERE = 'autotune calibrate';

interface CalibrateOptions {
  chip?: string;
  kernel?: string;
  cluster: string;
  workload: string;
  out?: string;
  holdout?: string;
  seed: string;
  steps: string;
  json?: boolean;
}

async function run(files: string[], opts: CalibrateOptions): Promise<void> {
  const holdout = opts.holdout === undefined ? undefined : { fraction: parseFraction(WHERE, '--holdout', opts.holdout), seed: parseWhole(WHERE, '--seed', opts.seed, 0) };
  const steps = parseWhole(WHERE, '--steps', opts.steps, 1);
  if (opts.out) checkOutputFile(opts.out, '--out'); // before the fit, not after it
  // TensorFlow.js and the fit load here only, so other commands never pay their start-up.
  const [{ loadContext }, { calibrate }, { DEFAULT_FIT_OPTIONS }, { loadTf }, report, out] = await Promise.all([
    import('../../calibrate/context.js'),
    import('../../calibrate/calibration.js'),
    import('../../calibrate/fit.js'),
    import('../../calibrate/tensor-backend.js'),
    import('../../calibrate/report.js'),
    import('../../calibrate/profile-out.js'),
  ]);
  const ctx = loadContext({ catalog: new Catalog(), files, chip: opts.chip, kernel: opts.kernel, cluster: opts.cluster, workload: opts.workload });
  const owner = ctx.chosenKernel ? ({ kind: 'kernel', id: ctx.chosenKernel.data.id } as const) : ({ kind: 'chip' } as const);
  const result = calibrate(await loadTf(), {
    predictor: ctx.predictor,
    chip: ctx.chip.data,
    kernel: ctx.kernel,
    measurements: ctx.measurements,
    owners: [owner],
    holdout,
    fit: { ...DEFAULT_FIT_OPTIONS, steps },
  });

  if (result.fitted.before.count === 0) {
    const subject = owner.kind === 'chip' ? `chip ${ctx.chip.data.id}` : `kernel ${owner.id}`;
    throw new UserError(`${files.join(', ')}: no measurement depends on a parameter of ${subject}, so there is nothing to calibrate (a kernel is calibrated by alltoall rows that name it)`);
  }
  const provenance = { files: ctx.files.map((f) => f.file), date: new Date().toISOString().slice(0, 10) };
  const profile = ctx.chosenKernel ? out.calibratedKernel(ctx.chosenKernel.data, result, provenance) : out.calibratedChip(ctx.chip.data, result, provenance);
  if (opts.out) writeJsonAtomically(opts.out, profile);

  if (opts.json) {
    const target = owner.kind === 'chip' ? { chip: ctx.chip.file } : { kernel: ctx.chosenKernel!.file };
    process.stdout.write(`${JSON.stringify({ files: provenance.files, ...target, ...report.calibrationJson(result), profile, out: opts.out ?? null }, null, 2)}\n`);
    return;
  }
  const subject = owner.kind === 'chip' ? `chip ${ctx.chip.data.id} (${ctx.chip.file})` : `kernel ${owner.id} (${ctx.chosenKernel!.file})`;
  const lines = [
    `Calibrating ${subject} to ${provenance.files.join(', ')}: ${steps} Adam steps on TensorFlow.js (${result.backend})`,
    '',
    'Parameters',
    report.formatParams(result),
    '',
    'Measurements (error = predicted / measured - 1)',
    report.formatRows(result.rows),
    '',
    report.formatSummary('Fitted', result.fitted),
    ...(holdout ? [report.formatSummary(`Held out (fraction ${holdout.fraction}, seed ${holdout.seed})`, result.heldOut)] : []),
  ];
  if (result.findings.length > 0) lines.push('', 'Findings', ...result.findings.map((f) => `- ${report.formatFinding(f)}`));
  lines.push('', opts.out ? `Wrote the calibrated ${owner.kind} profile to ${opts.out}` : 'No --out given: the calibrated profile was not written.');
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function registerCalibrate(program: Command): void {
  program
    .command('calibrate')
    .description("fit a chip's efficiency parameters (or, with --kernel, a communication kernel's) to measurements, by gradient descent on the cost model's own formulas")
    .argument('<measurements...>', 'measurement JSON files (see models/measurements/), all from one chip')
    .option('--chip <id|path>', 'starting chip profile (default: the chip named in the measurement files)')
    .option('--kernel <id|path>', 'fit this all-to-all kernel profile instead of the chip')
    .option('--cluster <id|path>', 'cluster profile that supplies NIC bandwidth and latencies', 'default')
    .option('--workload <id|path>', 'workload whose MoE shape the all-to-all benchmarks used', 'deepseek-v3')
    .option('--out <path>', 'write the calibrated chip (or kernel) profile here; every command accepts the path in place of an id')
    .option('--holdout <fraction>', 'hold this fraction of the measurements out of the fit and report their error')
    .option('--seed <n>', 'seed of the holdout split', '0')
    .option('--steps <n>', 'Adam steps', '600')
    .option('--json', 'print the result as JSON')
    .action(run);
}
