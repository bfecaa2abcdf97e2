/** `autotune calibrate`: fit a chip's (or a kernel's) efficiency parameters to measurements; write the profile. */
import type { Command } from 'commander';
import type { LoadedMeasurements } from '../../calibrate/measurements.js';
import { invalid, UserError } from '../../errors.js';
import { checkOutputFile, writeJsonAtomically } from '../../files.js';
import { Catalog } from '../../profiles/catalog.js';
import { parseConfigText, parseFraction, parseWhole } from '../options.js';

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
  trace?: string;
  config?: string;
}

/** The measurements a trace gives (GEMMs with recorded shapes, all-to-all kernels) and the profile they calibrate. */
async function fromTrace(
  path: string,
  opts: CalibrateOptions,
  catalog: Catalog,
): Promise<{ loaded: LoadedMeasurements; kernel: string | undefined }> {
  if (opts.chip === undefined)
    throw invalid(
      WHERE,
      '--chip',
      undefined,
      'a chip id or profile path, required with --trace: a trace does not name a chip profile',
    );
  const config = opts.config === undefined ? undefined : parseConfigText(opts.config, `${WHERE}: --config`);
  const [{ analyzeTrace }, { traceMeasurementFile }, { parseMeasurements }] = await Promise.all([
    import('../../trace/index.js'),
    import('../../trace/measurements.js'),
    import('../../calibrate/measurements.js'),
  ]);
  const report = await analyzeTrace(path, { catalog, workload: opts.workload, cluster: opts.cluster, config });
  const file = traceMeasurementFile(report.summary, catalog.get('chip', opts.chip), report.run);
  if (file.measurements.length === 0) {
    const why = [
      report.summary.gemmRates.length === 0
        ? `no GEMM shapes recorded for its ${report.summary.categories.gemm.count} GEMM kernels (profile with record_shapes=True)`
        : undefined,
      report.summary.allToAll.length === 0
        ? 'no all-to-all kernels'
        : report.run === undefined
          ? 'all-to-all kernels but no --config to give their bytes'
          : undefined,
    ].filter(Boolean);
    throw new UserError(`${path}: the trace gives no measurement to calibrate: ${why.join('; ')}`);
  }
  const loaded = { file: path, data: parseMeasurements(file, path) };
  // GEMM rows calibrate the chip; a trace with only all-to-all rows calibrates their kernel profile.
  const kernels = [...new Set(file.measurements.flatMap((m) => (m.kind === 'alltoall' ? [m.kernel] : [])))];
  const onlyAlltoall = file.measurements.every((m) => m.kind === 'alltoall');
  return { loaded, kernel: opts.kernel ?? (onlyAlltoall && kernels.length === 1 ? kernels[0] : undefined) };
}

async function run(files: string[], opts: CalibrateOptions): Promise<void> {
  if (opts.trace !== undefined && files.length > 0)
    throw invalid(WHERE, '--trace', opts.trace, 'either measurement files or --trace, not both');
  if (opts.trace === undefined && files.length === 0)
    throw new UserError(`${WHERE}: give measurement files (see models/measurements/) or --trace FILE`);
  if (opts.config !== undefined && opts.trace === undefined)
    throw invalid(
      WHERE,
      '--config',
      opts.config,
      'only with --trace (it gives the all-to-all bytes of the traced run)',
    );
  const holdout =
    opts.holdout === undefined
      ? undefined
      : { fraction: parseFraction(WHERE, '--holdout', opts.holdout), seed: parseWhole(WHERE, '--seed', opts.seed, 0) };
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
  const catalog = new Catalog();
  const trace = opts.trace === undefined ? undefined : await fromTrace(opts.trace, opts, catalog);
  const kernelId = trace ? trace.kernel : opts.kernel;
  const ctx = loadContext({
    catalog,
    files,
    loaded: trace ? [trace.loaded] : undefined,
    chip: opts.chip,
    kernel: kernelId,
    cluster: opts.cluster,
    workload: opts.workload,
  });
  const owner = ctx.chosenKernel
    ? ({ kind: 'kernel', id: ctx.chosenKernel.data.id } as const)
    : ({ kind: 'chip' } as const);
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
    throw new UserError(
      `${ctx.files.map((f) => f.file).join(', ')}: no measurement depends on a parameter of ${subject}, so there is nothing to calibrate (a kernel is calibrated by alltoall rows that name it)`,
    );
  }
  const provenance = { files: ctx.files.map((f) => f.file), date: new Date().toISOString().slice(0, 10) };
  const profile = ctx.chosenKernel
    ? out.calibratedKernel(ctx.chosenKernel.data, result, provenance)
    : out.calibratedChip(ctx.chip.data, result, provenance);
  if (opts.out) writeJsonAtomically(opts.out, profile);

  if (opts.json) {
    const target = owner.kind === 'chip' ? { chip: ctx.chip.file } : { kernel: ctx.chosenKernel!.file };
    process.stdout.write(
      `${JSON.stringify({ files: provenance.files, ...target, ...report.calibrationJson(result), profile, out: opts.out ?? null }, null, 2)}\n`,
    );
    return;
  }
  const subject =
    owner.kind === 'chip'
      ? `chip ${ctx.chip.data.id} (${ctx.chip.file})`
      : `kernel ${owner.id} (${ctx.chosenKernel!.file})`;
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
    ...(holdout
      ? [report.formatSummary(`Held out (fraction ${holdout.fraction}, seed ${holdout.seed})`, result.heldOut)]
      : []),
  ];
  if (result.findings.length > 0)
    lines.push('', 'Findings', ...result.findings.map((f) => `- ${report.formatFinding(f)}`));
  lines.push(
    '',
    opts.out
      ? `Wrote the calibrated ${owner.kind} profile to ${opts.out}`
      : 'No --out given: the calibrated profile was not written.',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function registerCalibrate(program: Command): void {
  program
    .command('calibrate')
    .description(
      "fit a chip's efficiency parameters (or, with --kernel, a communication kernel's) to measurements, by gradient descent on the cost model's own formulas",
    )
    .argument('[measurements...]', 'measurement JSON files (see models/measurements/), all from one chip')
    .option(
      '--trace <file>',
      'take the measurements from a PyTorch-profiler trace instead (GEMMs with recorded shapes, all-to-all kernels); needs --chip',
    )
    .option(
      '--config <json>',
      "with --trace: the traced run's config (ep, nodeLimit, microBatchSize), which gives the all-to-all bytes",
    )
    .option('--chip <id|path>', 'starting chip profile (default: the chip named in the measurement files)')
    .option('--kernel <id|path>', 'fit this all-to-all kernel profile instead of the chip')
    .option('--cluster <id|path>', 'cluster profile that supplies NIC bandwidth and latencies', 'default')
    .option('--workload <id|path>', 'workload whose MoE shape the all-to-all benchmarks used', 'deepseek-v3')
    .option(
      '--out <path>',
      'write the calibrated chip (or kernel) profile here; every command accepts the path in place of an id',
    )
    .option('--holdout <fraction>', 'hold this fraction of the measurements out of the fit and report their error')
    .option('--seed <n>', 'seed of the holdout split', '0')
    .option('--steps <n>', 'Adam steps', '600')
    .option('--json', 'print the result as JSON')
    .action(run);
}
