import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/profiles/catalog.js';
import { exportControlFigures } from '../../src/profiles/export-control.js';

const catalog = new Catalog();
const figures = (id: string) => exportControlFigures(catalog.get('chip', id));

describe('export-control figures (hardware.md section 4)', () => {
  it('computes TPP as dense TFLOPS x bit width, the larger of BF16 and FP8', () => {
    // 989 x 16 = 15,824 (BF16) < 1979 x 8 = 15,832 (FP8)
    expect(figures('h100-sxm').tpp).toBe(15832);
    expect(figures('h800-sxm').tpp).toBe(15832);
    // H20: 148 x 16 = 2,368 = 296 x 8
    expect(figures('h20').tpp).toBe(2368);
    // A100 has no FP8: 312 x 16
    expect(figures('a100-sxm').tpp).toBe(4992);
  });

  it('computes performance density as TPP / die area', () => {
    expect(figures('h20').performanceDensity).toBeCloseTo(2368 / 814, 6);
    expect(figures('h20').performanceDensity).toBeCloseTo(2.9, 1);
  });

  it('reproduces why each chip looks the way it does', () => {
    // 2022: the H800 and A800 escaped only by cutting NVLink to 400 GB/s.
    expect(figures('h100-sxm').licenceNeededOct2022).toBe(true);
    expect(figures('h800-sxm').licenceNeededOct2022).toBe(false);
    expect(figures('a800-sxm').licenceNeededOct2022).toBe(false);
    expect(figures('a100-sxm').licenceNeededOct2022).toBe(true);
    // 2023: the interconnect test is gone; the H800 is caught, the H20 passes on TPP and density.
    expect(figures('h800-sxm').licenceNeededOct2023).toBe(true);
    expect(figures('a800-sxm').licenceNeededOct2023).toBe(true);
    expect(figures('h20').licenceNeededOct2023).toBe(false);
    expect(figures('h20').chipToChipGBps).toBe(900);
  });
});
