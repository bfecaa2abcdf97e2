import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { exportControlFigures } from '../../src/profiles/export-control.js';
import { applyVary, axisValueOf, DEFAULT_STEPS, parseVary } from '../../src/report/sweep-axis.js';
import { catalog } from './helpers.js';

const base = { chip: catalog.get('chip', 'h800-sxm'), cluster: catalog.get('cluster', 'default') };

describe('--vary FIELD=FROM..TO[:STEPS]', () => {
  it('nvlink: both directions of the line rate, the achievable rate in proportion', () => {
    const vary = parseVary('nvlink=100..900', base);
    expect(vary.values).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(vary.values).toHaveLength(DEFAULT_STEPS);
    expect(axisValueOf(base, vary.axis)).toBe(400);
    const at900 = applyVary(base, vary, 900);
    expect(at900.chip.nvlink).toMatchObject({ lineGBpsPerDirection: 450, achievableGBpsPerDirection: 360 });
    expect(exportControlFigures(at900.chip).chipToChipGBps).toBe(900);
    expect(at900.set).toEqual({
      'chip.nvlink.lineGBpsPerDirection': 450,
      'chip.nvlink.achievableGBpsPerDirection': 360,
    });
    expect(at900.chip.sources['nvlink.lineGBpsPerDirection']).toMatch(/^what-if sweep: 450 \(the profile's 200/);
    expect(base.chip.nvlink.lineGBpsPerDirection).toBe(200); // the base is not touched
  });

  it('a dotted path moves its field, and its line or achievable partner in proportion', () => {
    const nic = parseVary('cluster.scaleOut.achievableGBpsPerNic=10..80:3', base);
    expect(nic.values).toEqual([10, 45, 80]);
    const moved = applyVary(base, nic, 80).cluster.scaleOut;
    expect(moved.achievableGBpsPerNic).toBe(80);
    expect(moved.nicGbps).toBeCloseTo((80 * 400) / 44.6, 6); // default.json: 44.6 GB/s achievable of 400 Gb/s
    const alias = parseVary('nic=12.5..100:8', base);
    expect(alias.values[0]).toBe(12.5);
    expect(applyVary(base, alias, 12.5).cluster.scaleOut.nicGbps).toBe(100);
    expect(applyVary(base, alias, 12.5).cluster.scaleOut.achievableGBpsPerNic).toBeCloseTo((100 * 44.6) / 400, 9);
    expect(applyVary(base, parseVary('compute=100..1000:2', base), 100).chip).toMatchObject({ bf16DenseTFLOPS: 100 });
    expect(applyVary(base, parseVary('hbm=40..80:2', base), 40).chip.hbmGiB).toBe(40);
  });

  it('rounds the points of a count to whole numbers without repeats', () => {
    expect(parseVary('sms=60..64:9', base).values).toEqual([60, 61, 62, 63, 64]);
  });

  it.each([
    [
      'bogus=1..2',
      /--vary = "bogus=1..2": unknown field "bogus"; allowed: the aliases nvlink, nic, .* or a numeric field: chip.sms, /,
    ],
    ['chip.name=1..2', /unknown field "chip.name"/],
    ['nvlink', /expected FIELD=FROM..TO\[:STEPS\]/],
    ['nvlink=100-900', /expected FIELD=FROM..TO/],
    ['nvlink=a..900', /FROM and TO must be numbers/],
    ['nvlink=900..100', /FROM must be below TO \(got 900 .. 100\)/],
    ['nvlink=100..900:1', /STEPS must be a whole number from 2 to 50 \(got "1"\)/],
    ['nvlink=100..900:x', /STEPS must be a whole number/],
    ['sms=60.1..60.4', /chip.sms takes whole numbers: 60.1..60.4 holds fewer than 2 of them/],
    [
      'nvlink=-100..900:3',
      /invalid chip profile\n {2}--vary nvlink=-100..900:3 at -100: \$\.nvlink\.lineGBpsPerDirection = -50/,
    ],
    ['chip.efficiency.hbmFraction=0.5..1.5:3', /invalid chip profile\n.*efficiency\.hbmFraction = 1\.5/],
  ])('%s is a UserError naming the flag, the value and what is allowed', (text, message) => {
    expect(() => parseVary(text, base)).toThrow(UserError);
    expect(() => parseVary(text, base)).toThrow(message);
  });

  it('an alias for a figure the profile lacks is refused', () => {
    const a100 = { ...base, chip: catalog.get('chip', 'a100-sxm') };
    expect(() => parseVary('fp8=100..200', a100)).toThrow(
      /fp8 sets chip.fp8DenseTFLOPS, which this chip profile does not have/,
    );
  });
});
