import type { Measurement } from '../contract/measurements.js';
import { invalid, UserError } from '../errors.js';
import type { Catalog, LoadedProfile } from '../profiles/catalog.js';
import type { Chip, Kernel } from '../profiles/schemas.js';
import { type LoadedMeasurements, loadMeasurementFile, measuredValue, measurementUnit } from './measurements.js';
import { type MeasurementPredictor, modelPredictor } from './predict.js';

/** Everything a calibration or fidelity run needs, resolved from ids or paths and cross-checked. */
export interface CalibrationContext {
  files: LoadedMeasurements[];
  measurements: Measurement[];
  chip: LoadedProfile<'chip'>;
  kernel: (id: string) => Kernel;
  /** The kernel given by --kernel, loaded. */
  chosenKernel: LoadedProfile<'kernel'> | undefined;
  predictor: MeasurementPredictor;
}

export interface ContextInput {
  catalog: Catalog;
  /** Measurement file paths; all must be measured on one chip. */
  files: string[];
  /** Measurements already loaded (read from a trace), used in place of `files`. */
  loaded?: LoadedMeasurements[];
  /** Starting chip profile (id or path); defaults to the files' chip. */
  chip?: string;
  /** A kernel profile (id or path) that replaces the catalog's profile of the same id, e.g. one calibrated before. */
  kernel?: string;
  cluster: string;
  workload: string;
}

export function loadContext(input: ContextInput): CalibrationContext {
  const { catalog } = input;
  const files = input.loaded ?? input.files.map(loadMeasurementFile);
  const chipIds = [...new Set(files.map((f) => f.data.chip))];
  if (chipIds.length > 1) {
    throw new UserError(
      `measurement files are from different chips (${files.map((f) => `${f.file}: ${f.data.chip}`).join(', ')}): calibrate one chip at a time`,
    );
  }
  const fileChip = chipIds[0]!;
  const chip = catalog.load('chip', input.chip ?? fileChip);
  if (chip.data.id !== fileChip) {
    throw invalid(
      'autotune calibrate',
      '--chip',
      input.chip,
      `a profile of chip ${JSON.stringify(fileChip)}, the chip the measurements were taken on (${chip.file} is ${JSON.stringify(chip.data.id)})`,
    );
  }
  const known = new Set(catalog.ids('kernel'));
  for (const f of files) {
    f.data.measurements.forEach((m, i) => {
      if (m.kind === 'alltoall' && !known.has(m.kernel)) {
        throw invalid(f.file, `$.measurements[${i}].kernel`, m.kernel, `a kernel profile id: ${[...known].join(', ')}`);
      }
      const ceiling = chipCeiling(m, chip.data);
      if (ceiling && measuredValue(m) > ceiling.value) {
        throw invalid(
          f.file,
          `$.measurements[${i}].${ceiling.field}`,
          measuredValue(m),
          `at most ${ceiling.what} (${ceiling.value} ${measurementUnit(m)}, ${chip.file}): a measurement cannot beat the hardware`,
        );
      }
    });
  }
  const chosenKernel = input.kernel === undefined ? undefined : catalog.load('kernel', input.kernel);
  const kernel = (id: string) => (chosenKernel?.data.id === id ? chosenKernel.data : catalog.get('kernel', id));
  const predictor = modelPredictor({
    chip: chip.data,
    kernel,
    cluster: catalog.get('cluster', input.cluster),
    workload: catalog.get('workload', input.workload),
  });
  return { files, measurements: files.flatMap((f) => f.data.measurements), chip, kernel, chosenKernel, predictor };
}

/** The chip's own figure a measurement cannot exceed (the peak on the SMs it used, HBM or NVLink line rate), or null. */
function chipCeiling(m: Measurement, chip: Chip): { field: string; what: string; value: number } | null {
  switch (m.kind) {
    case 'gemm': {
      // Chips without FP8 tensor cores run FP8 GEMMs at the BF16 rate, as the model does.
      const peak = m.dtype === 'fp8' ? (chip.fp8DenseTFLOPS ?? chip.bf16DenseTFLOPS) : chip.bf16DenseTFLOPS;
      const sms = m.sms ?? chip.sms;
      return {
        field: 'tflops',
        what: `the ${chip.id}'s ${m.dtype} dense peak on ${sms} of its ${chip.sms} SMs`,
        value: (peak * Math.min(sms, chip.sms)) / chip.sms,
      };
    }
    case 'hbm':
      return { field: 'tbps', what: `the ${chip.id}'s HBM bandwidth`, value: chip.hbmTBps };
    case 'link':
      return m.tier === 'nvlink'
        ? {
            field: 'gbps',
            what: `the ${chip.id}'s NVLink line rate per direction`,
            value: chip.nvlink.lineGBpsPerDirection,
          }
        : null;
    case 'alltoall':
      return null;
  }
}
