import type { Chip, Kernel } from '../profiles/schemas.js';
import type { ParamSpec } from './bounds.js';

/**
 * The efficiency parameters calibrate can fit, named by their dotted path in the chip or kernel profile, with the
 * physical bounds that the fit's sigmoid maps onto. Nameplate figures (SMs, peaks, line rates) are never fitted:
 * they are facts of the chip, and the efficiencies are what a measurement tells apart.
 */

/** The profile a parameter belongs to: the chip, or one kernel by id. */
export type ParamOwner = { kind: 'chip' } | { kind: 'kernel'; id: string };

/** Predictors receive fitted values keyed "chip:<path>" or "kernel:<id>:<path>". */
export function paramKey(owner: ParamOwner, path: string): string {
  return owner.kind === 'chip' ? `chip:${path}` : `kernel:${owner.id}:${path}`;
}

/** A fitted parameter of a profile: `path` is its dotted field, `key` the predictor's name for it. */
export interface ProfileParam extends ParamSpec {
  owner: ParamOwner;
  path: string;
}

export function ownedParams(owner: ParamOwner, chip: Chip, kernel: (id: string) => Kernel): ProfileParam[] {
  return owner.kind === 'chip' ? chipParams(chip) : kernelParams(owner, kernel(owner.id));
}

/** Lowest efficiency a fit may return: below 5% of peak the model is wrong, not the chip. */
const MIN_FRACTION = 0.05;

type Bounds = Pick<ParamSpec, 'lower' | 'upper' | 'scale' | 'initial'>;
const param = (owner: ParamOwner, path: string, bounds: Bounds): ProfileParam => ({
  owner,
  path,
  key: paramKey(owner, path),
  ...bounds,
});

function chipParams(chip: Chip): ProfileParam[] {
  const owner: ParamOwner = { kind: 'chip' };
  const fraction = (path: string, initial: number) =>
    param(owner, path, { lower: MIN_FRACTION, upper: 1, scale: 'linear', initial });
  const params = [
    fraction('efficiency.gemmBf16PeakFraction', chip.efficiency.gemmBf16PeakFraction),
    fraction('efficiency.hbmFraction', chip.efficiency.hbmFraction),
  ];
  if (chip.efficiency.gemmFp8PeakFraction !== undefined) {
    params.unshift(fraction('efficiency.gemmFp8PeakFraction', chip.efficiency.gemmFp8PeakFraction));
  }
  // Per-tile fixed cost as extra K elements: 0 (none) to 4096 (a tile's prologue as long as a K=4096 main loop).
  params.push(
    param(owner, 'efficiency.gemmTileOverheadK', {
      lower: 0,
      upper: 4096,
      scale: 'linear',
      initial: chip.efficiency.gemmTileOverheadK,
    }),
  );
  // Achieved NVLink cannot beat the line rate; a tenth of it would mean a broken fabric, not an efficiency.
  const line = chip.nvlink.lineGBpsPerDirection;
  params.push(
    param(owner, 'nvlink.achievableGBpsPerDirection', {
      lower: line * 0.1,
      upper: line,
      scale: 'log',
      initial: chip.nvlink.achievableGBpsPerDirection,
    }),
  );
  return params;
}

/** A kernel that holds no SM has no per-SM rate to fit; its link fraction and latency still are. */
function kernelParams(owner: ParamOwner, kernel: Kernel): ProfileParam[] {
  const params: ProfileParam[] = [];
  if (kernel.smsPerChannel > 0) {
    // 0.5-500 GB/s per SM spans NCCL's ~12 and a TMA kernel's ~50 with room on both sides; log scale for the decades.
    params.push(
      param(owner, 'dispatchPerSmGBps', { lower: 0.5, upper: 500, scale: 'log', initial: kernel.dispatchPerSmGBps }),
      param(owner, 'combinePerSmGBps', { lower: 0.5, upper: 500, scale: 'log', initial: kernel.combinePerSmGBps }),
    );
  }
  params.push(
    param(owner, 'linkFraction', { lower: MIN_FRACTION, upper: 1, scale: 'linear', initial: kernel.linkFraction }),
    param(owner, 'launchLatencyUs', { lower: 0, upper: 1000, scale: 'linear', initial: kernel.launchLatencyUs }),
    // 1 is the softest knee the schema allows; 64 is a hard min(link, SMs x rate) for every practical purpose.
    param(owner, 'saturationExponent', { lower: 1, upper: 64, scale: 'log', initial: kernel.saturationExponent }),
  );
  return params;
}

/** Reads a dotted numeric field of a profile. */
export function readField(profile: object, dotted: string): number {
  const value = dotted.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], profile);
  if (typeof value !== 'number') throw new Error(`internal invariant broken: ${dotted} is not a number in the profile`);
  return value;
}

/** A deep copy of a profile with one dotted field replaced. */
export function withField<P extends object>(profile: P, dotted: string, value: number): P {
  const [head, ...rest] = dotted.split('.') as [string, ...string[]];
  const record = profile as Record<string, unknown>;
  const next = rest.length === 0 ? value : withField(record[head] as object, rest.join('.'), value);
  return { ...record, [head]: next } as P;
}
