import type { Chip } from './schemas.js';

/**
 * US export-control figures (BIS rules 87 FR 62186, October 2022, and 88 FR 73458, October 2023). TPP = dense TFLOPS x operand bit width, the
 * largest over the chip's tensor formats; performance density = TPP / die area.
 */
export const EXPORT_RULES = {
  /** October 2022: licence needed when TPP >= 4800 AND chip-to-chip I/O >= 600 GB/s (bidirectional). */
  oct2022: { tpp: 4800, chipToChipGBps: 600 },
  /** October 2023: licence needed when TPP >= 4800, or TPP >= 1600 with performance density >= 5.92. */
  oct2023: { tpp: 4800, tppWithDensity: 1600, density: 5.92 },
} as const;

export interface ExportControlFigures {
  tpp: number;
  /** TPP per mm^2 of die; undefined when the profile has no die area. */
  performanceDensity?: number;
  /** NVLink, both directions summed (the rule's "chip-to-chip I/O"). */
  chipToChipGBps: number;
  licenceNeededOct2022: boolean;
  /** Undefined when the density test decides and the die area is unknown. */
  licenceNeededOct2023?: boolean;
}

export function exportControlFigures(chip: Chip): ExportControlFigures {
  const tpp = Math.max(chip.bf16DenseTFLOPS * 16, (chip.fp8DenseTFLOPS ?? 0) * 8);
  const performanceDensity = chip.dieAreaMm2 ? tpp / chip.dieAreaMm2 : undefined;
  const chipToChipGBps = chip.nvlink.lineGBpsPerDirection * 2;
  const r22 = EXPORT_RULES.oct2022;
  const r23 = EXPORT_RULES.oct2023;
  let licenceNeededOct2023: boolean | undefined;
  if (tpp >= r23.tpp) licenceNeededOct2023 = true;
  else if (tpp < r23.tppWithDensity) licenceNeededOct2023 = false;
  else if (performanceDensity !== undefined) licenceNeededOct2023 = performanceDensity >= r23.density;
  return {
    tpp,
    performanceDensity,
    chipToChipGBps,
    licenceNeededOct2022: tpp >= r22.tpp && chipToChipGBps >= r22.chipToChipGBps,
    licenceNeededOct2023,
  };
}
