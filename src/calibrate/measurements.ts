import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Measurement,
  type MeasurementFile,
  measurementFileSchema,
  measurementSchema,
} from '../contract/measurements.js';
import { UserError, valueAt } from '../errors.js';
import { displayPath, MODELS_DIR } from '../paths.js';

/** A measurement file as loaded: its label (path relative to the package) and its rows. */
export interface LoadedMeasurements {
  file: string;
  data: MeasurementFile;
}

/** The measured value in the unit the fit compares: TFLOPS, GB/s or TB/s. */
export function measuredValue(m: Measurement): number {
  switch (m.kind) {
    case 'gemm':
      return m.tflops;
    case 'alltoall':
    case 'link':
      return m.gbps;
    case 'hbm':
      return m.tbps;
  }
}

export function measurementUnit(m: Measurement): string {
  switch (m.kind) {
    case 'gemm':
      return 'TFLOPS';
    case 'alltoall':
    case 'link':
      return 'GB/s';
    case 'hbm':
      return 'TB/s';
  }
}

/** A short human label: "gemm fp8 4096x7168x16384", "combine ep16/2n 24 SMs deepep-v1 (ib)". */
export function describeMeasurement(m: Measurement): string {
  switch (m.kind) {
    case 'gemm': {
      const groups = m.groups && m.groups > 1 ? `${m.groups}x` : '';
      const sms = m.sms === undefined ? '' : ` on ${m.sms} SMs`;
      return `gemm ${m.dtype} ${groups}${m.m}x${m.n}x${m.k}${sms}`;
    }
    case 'alltoall':
      return `${m.op} ep${m.ep}/${m.nodes}n ${m.sms} SMs ${m.kernel}${m.tier ? ` (${m.tier})` : ''}`;
    case 'link':
      return `${m.tier} link`;
    case 'hbm':
      return 'hbm';
  }
}

/** Validates parsed JSON as a measurement file; `file` labels the errors ("<file>: $.path = value: allowed"). */
export function parseMeasurements(json: unknown, file: string): MeasurementFile {
  const result = measurementFileSchema.safeParse(json);
  if (result.success) return result.data;
  const lines = result.error.issues.flatMap((issue) => {
    const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
    // A misspelt key is reported at the key itself, with the keys that are allowed there.
    const at = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...path, key]) : [path];
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown key; allowed: ${allowedKeys(json, path).join(', ')}`
        : issue.message;
    return at.map((p) => `${file}: ${jsonPath(p)} = ${JSON.stringify(valueAt(json, p)) ?? 'missing'}: ${message}`);
  });
  throw new UserError(`invalid measurement file\n  ${lines.join('\n  ')}`);
}

export function loadMeasurementFile(path: string): LoadedMeasurements {
  const file = displayPath(path);
  if (!existsSync(path)) throw new UserError(`measurement file ${path} does not exist`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UserError(`${file}: not valid JSON: ${(err as Error).message}`);
  }
  return { file, data: parseMeasurements(json, file) };
}

/** Every shipped measurement file under models/measurements/, sorted by name. */
export function shippedMeasurementFiles(root: string = MODELS_DIR): string[] {
  const dir = join(root, 'measurements');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

/** Keys of the object schema at `path`: the file itself or one measurement row (chosen by its `kind`). */
function allowedKeys(json: unknown, path: (string | number)[]): string[] {
  if (path.length === 0) return Object.keys(measurementFileSchema.shape);
  const kind = (valueAt(json, path) as { kind?: unknown } | undefined)?.kind;
  const variant = measurementSchema.options.find((option) => option.shape.kind.value === kind);
  return variant ? Object.keys(variant.shape) : [];
}

function jsonPath(path: (string | number)[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : `${acc}.${p}`), '$');
}
