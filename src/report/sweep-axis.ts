/**
 * What `autotune sweep --vary FIELD=FROM..TO[:STEPS]` moves: one numeric figure of the chip or cluster profile,
 * named by a dotted path (chip.hbmTBps, cluster.scaleOut.achievableGBpsPerNic) or by an alias. A line rate and its
 * achievable rate move together (the same ratio), so the export-control figure and the model's bandwidth stay
 * consistent whichever of the two is named. Every modified profile is validated by the profile schema.
 */
import { UserError } from '../errors.js';
import { parseProfile } from '../profiles/catalog.js';
import type { Chip, Cluster } from '../profiles/schemas.js';
import { figurePaths } from '../profiles/sources.js';

export type SweptProfile = 'chip' | 'cluster';

export interface SweepAxis {
  /** The dotted path of the field the axis sets, e.g. "chip.nvlink.lineGBpsPerDirection". */
  field: string;
  alias: string | null;
  /** Field value = axis value x scale (the nvlink alias counts both directions, the field one). */
  scale: number;
  /** Dotted paths kept in proportion to the field. */
  linked: string[];
  integer: boolean;
  /** Unit of the axis values; for a dotted path, the unit is in the key's name. */
  unit: string | null;
  description: string;
}

export interface SweepRange {
  from: number;
  to: number;
  steps: number;
}

export interface Vary {
  /** As given on the command line. */
  text: string;
  axis: SweepAxis;
  range: SweepRange;
  /** The points, ascending (rounded and without repeats for integer fields). */
  values: number[];
}

export interface Profiles {
  chip: Chip;
  cluster: Cluster;
}

export const DEFAULT_STEPS = 9;
export const MAX_STEPS = 50;

interface Alias {
  field: string;
  scale: number;
  unit: string;
  description: string;
  /** Extra fields moved with this alias beyond the line/achievable pairs. */
  also?: string[];
}

export const ALIASES: Readonly<Record<string, Alias>> = {
  nvlink: {
    field: 'chip.nvlink.lineGBpsPerDirection',
    scale: 0.5,
    unit: 'GB/s',
    description:
      "NVLink chip-to-chip bandwidth, both directions, line rate (the export rule's figure: H800 400, H100 900)",
  },
  nic: {
    field: 'cluster.scaleOut.nicGbps',
    scale: 8,
    unit: 'GB/s',
    description: 'line rate of each scale-out NIC (50 GB/s = 400 Gb/s)',
  },
  bf16: { field: 'chip.bf16DenseTFLOPS', scale: 1, unit: 'TFLOPS', description: 'BF16 dense peak' },
  fp8: { field: 'chip.fp8DenseTFLOPS', scale: 1, unit: 'TFLOPS', description: 'FP8 dense peak' },
  compute: {
    field: 'chip.bf16DenseTFLOPS',
    scale: 1,
    unit: 'TFLOPS',
    also: ['chip.fp8DenseTFLOPS'],
    description: 'BF16 dense peak, the FP8 peak in proportion',
  },
  'hbm-bw': { field: 'chip.hbmTBps', scale: 1, unit: 'TB/s', description: 'HBM bandwidth' },
  hbm: { field: 'chip.hbmGiB', scale: 1, unit: 'GiB', description: 'HBM capacity' },
  sms: {
    field: 'chip.sms',
    scale: 1,
    unit: 'SMs',
    description: 'SM count at the same peak FLOPS (the per-SM rate scales inversely)',
  },
};

/** Line rates and the achievable rates derived from them. */
const PAIRED: Readonly<Record<string, string>> = {
  'chip.nvlink.lineGBpsPerDirection': 'chip.nvlink.achievableGBpsPerDirection',
  'chip.nvlink.achievableGBpsPerDirection': 'chip.nvlink.lineGBpsPerDirection',
  'cluster.scaleOut.nicGbps': 'cluster.scaleOut.achievableGBpsPerNic',
  'cluster.scaleOut.achievableGBpsPerNic': 'cluster.scaleOut.nicGbps',
};

/** Counts: a sweep rounds its points to whole numbers. */
const INTEGER_FIELDS = new Set([
  'chip.sms',
  'chip.nvlink.links',
  'chip.nvlink.generation',
  'chip.efficiency.gemmTileM',
  'chip.efficiency.gemmTileN',
  'cluster.gpusPerNode',
  'cluster.scaleOut.nicsPerNode',
]);

/** Parses and checks `--vary`; every point's profile is validated here, before any search runs. */
export function parseVary(text: string, base: Profiles): Vary {
  const fail = (allowed: string): never => {
    throw new UserError(`--vary = ${JSON.stringify(text)}: ${allowed}`);
  };
  const eq = text.indexOf('=');
  if (eq < 0) fail('expected FIELD=FROM..TO[:STEPS], e.g. nvlink=100..900:9');
  const name = text.slice(0, eq).trim();
  const [span = '', stepsText, ...extra] = text.slice(eq + 1).split(':');
  const bounds = span.split('..');
  if (bounds.length !== 2 || extra.length > 0) fail('expected FIELD=FROM..TO[:STEPS], e.g. nvlink=100..900:9');
  const [from, to] = bounds.map((b) => (b.trim() === '' ? NaN : Number(b)));
  if (!Number.isFinite(from) || !Number.isFinite(to)) fail(`FROM and TO must be numbers (got ${JSON.stringify(span)})`);
  if (!(from! < to!)) fail(`FROM must be below TO (got ${from} .. ${to})`);
  const steps = stepsText === undefined ? DEFAULT_STEPS : Number(stepsText);
  if (!Number.isInteger(steps) || steps < 2 || steps > MAX_STEPS)
    fail(`STEPS must be a whole number from 2 to ${MAX_STEPS} (got ${JSON.stringify(stepsText)})`);

  const axis = resolveAxis(name, base, fail);
  const range: SweepRange = { from: from!, to: to!, steps };
  const values = pointsOf(range, axis.integer);
  if (values.length < 2) fail(`${axis.field} takes whole numbers: ${from}..${to} holds fewer than 2 of them`);
  const vary: Vary = { text, axis, range, values };
  for (const value of values) applyVary(base, vary, value); // validates every point up front
  return vary;
}

function resolveAxis(name: string, base: Profiles, fail: (allowed: string) => never): SweepAxis {
  const alias = Object.hasOwn(ALIASES, name) ? ALIASES[name]! : null;
  const field = alias?.field ?? name;
  const fields = numericFields(base);
  if (!fields.includes(field)) {
    const why = alias
      ? `${name} sets ${field}, which this ${field.split('.')[0]} profile does not have`
      : `unknown field ${JSON.stringify(name)}`;
    fail(`${why}; allowed: the aliases ${Object.keys(ALIASES).join(', ')}, or a numeric field: ${fields.join(', ')}`);
  }
  const linked = [PAIRED[field], ...(alias?.also ?? [])].filter(
    (f): f is string => f !== undefined && fields.includes(f),
  );
  return {
    field,
    alias: alias ? name : null,
    scale: alias?.scale ?? 1,
    linked,
    integer: INTEGER_FIELDS.has(field),
    unit: alias?.unit ?? null,
    description: alias?.description ?? field,
  };
}

/** Dotted paths of every numeric figure in the chip and cluster profiles. */
export function numericFields(base: Profiles): string[] {
  return [...figurePaths(base.chip).map((p) => `chip.${p}`), ...figurePaths(base.cluster).map((p) => `cluster.${p}`)];
}

function pointsOf({ from, to, steps }: SweepRange, integer: boolean): number[] {
  const raw = Array.from({ length: steps }, (_, i) => tidy(from + ((to - from) * i) / (steps - 1)));
  return integer ? [...new Set(raw.map(Math.round))] : raw;
}

/** Rounds away binary noise (0.1 + 0.2) so points export as written. */
function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

export interface VariedProfiles extends Profiles {
  /** The figures the point set, by dotted path. */
  set: Record<string, number>;
}

/** The base profiles with the axis at `value` (linked fields in proportion), validated by the profile schema. */
export function applyVary(base: Profiles, vary: Vary, value: number): VariedProfiles {
  const { axis } = vary;
  const next: Profiles = { chip: structuredClone(base.chip), cluster: structuredClone(base.cluster) };
  const old = read(base, axis.field);
  const fieldValue = tidy(value * axis.scale);
  const set: Record<string, number> = { [axis.field]: fieldValue };
  for (const path of axis.linked) set[path] = tidy((read(base, path) * fieldValue) / old);
  for (const [path, v] of Object.entries(set)) write(next, path, v, read(base, path));
  const label = `--vary ${vary.text} at ${value}`;
  return { chip: parseProfile('chip', next.chip, label), cluster: parseProfile('cluster', next.cluster, label), set };
}

export function axisValueOf(profiles: Profiles, axis: SweepAxis): number {
  return tidy(read(profiles, axis.field) / axis.scale);
}

function read(profiles: Profiles, path: string): number {
  const [kind, ...keys] = path.split('.') as [SweptProfile, ...string[]];
  return keys.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], profiles[kind]) as number;
}

/** Sets the field and notes the change in the profile's sources (every figure keeps a source). */
function write(profiles: Profiles, path: string, value: number, was: number): void {
  const [kind, ...keys] = path.split('.') as [SweptProfile, ...string[]];
  const profile = profiles[kind] as unknown as Record<string, unknown> & { sources: Record<string, string> };
  const parent = keys
    .slice(0, -1)
    .reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, profile);
  parent[keys[keys.length - 1]!] = value;
  const key = keys.join('.');
  const covering = Object.keys(profile.sources).find((k) => key === k || key.startsWith(`${k}.`));
  profile.sources[key] =
    `what-if sweep: ${value} (the profile's ${was}: ${covering ? profile.sources[covering] : 'no source'})`;
}
