import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { runSweep, sweepFileName } from '../../src/report/sweep.js';
import { catalog, exhaustiveBest, inputFor, tinySpec } from './helpers.js';

const leftovers = () => readdirSync(tmpdir()).filter((f) => f.startsWith('autotune-sweep-'));

describe('autotune sweep', async () => {
  const spec = tinySpec();
  const before = leftovers().length;
  const nic = await runSweep({ spec, vary: 'nic=12.5..100:3', catalog });

  it('re-runs the search on the modified cluster at each point and finds its exhaustive optimum', () => {
    expect(nic.points.map((p) => p.value)).toEqual([12.5, 56.25, 100]);
    for (const p of nic.points) {
      const cluster = structuredClone(catalog.get('cluster', 'default'));
      cluster.scaleOut.nicGbps = p.value * 8;
      cluster.scaleOut.achievableGBpsPerNic = p.value * 8 * (44.6 / 400);
      expect(p.set['cluster.scaleOut.achievableGBpsPerNic']).toBeCloseTo(cluster.scaleOut.achievableGBpsPerNic, 9);
      const best = exhaustiveBest(spec, inputFor(spec, undefined, cluster));
      expect(p.tuned?.tokensPerSecPerGpu).toBeCloseTo(best.tokensPerSecPerGpu, 6);
      expect(p.baseline?.config.schedule).toBe('1f1b');
    }
    // A faster NIC never slows the optimum or the baseline down.
    const tuned = nic.points.map((p) => p.tuned!.tokensPerSecPerGpu);
    expect(tuned[2]).toBeGreaterThanOrEqual(tuned[0]!);
    expect(nic.points[2]!.baseline!.tokensPerSecPerGpu).toBeGreaterThan(nic.points[0]!.baseline!.tokensPerSecPerGpu);
  });

  it('describes the axis and names its file; leaves no temporary profiles behind', () => {
    expect(nic.axis).toMatchObject({
      field: 'cluster.scaleOut.nicGbps',
      alias: 'nic',
      from: 12.5,
      to: 100,
      steps: 3,
      base: 50,
      linked: ['cluster.scaleOut.achievableGBpsPerNic'],
    });
    expect(sweepFileName(nic)).toBe('sweep-tiny-h800-sxm-nic-12.5-100-3.json');
    expect(leftovers().length).toBe(before);
  });

  it('clips commSMs to the SMs of each point and varies the chip named by --chip', async () => {
    const sms = await runSweep({ spec, vary: 'sms=20..78:2', chip: 'h20', catalog });
    expect(sms.chip).toBe('h20');
    expect(sms.points[0]!.study.commSMs).toEqual({ type: 'int', min: 8, max: 16, step: 8 });
    expect(sms.points[1]!.study.commSMs).toEqual({ type: 'int', min: 8, max: 24, step: 8 });
  });
});
