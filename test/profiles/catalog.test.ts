import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { Catalog, loadProfileFile, parseProfile } from '../../src/profiles/catalog.js';
import { PROFILE_KINDS } from '../../src/profiles/schemas.js';
import { figurePaths, isGuess } from '../../src/profiles/sources.js';

const catalog = new Catalog();

function tempFile(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'autotune-profile-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function errorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return err as UserError;
  }
  throw new Error('expected a UserError');
}

describe('shipped profiles', () => {
  it('ships the chips, workloads, clusters and kernels the issue names', () => {
    expect(catalog.ids('chip')).toEqual(
      expect.arrayContaining(['h100-sxm', 'h800-sxm', 'h20', 'h200-sxm', 'a100-sxm', 'a800-sxm', 'b200']),
    );
    expect(catalog.ids('workload')).toEqual(expect.arrayContaining(['deepseek-v3', 'deepseek-v2', 'llama3-70b']));
    expect(catalog.ids('cluster')).toContain('default');
    const families = catalog.ids('kernel').map((id) => catalog.get('kernel', id).family);
    expect(new Set(families)).toEqual(new Set(['all-to-all', 'collective', 'copy-engine']));
  });

  it.each(PROFILE_KINDS.flatMap((kind) => catalog.ids(kind).map((id) => [kind, id] as const)))(
    '%s %s validates and sources every figure',
    (kind, id) => {
      const profile = catalog.load(kind, id);
      expect(profile.id).toBe(id);
      expect(profile.sha256).toMatch(/^[0-9a-f]{64}$/);
      const sources = (profile.data as { sources: Record<string, string> }).sources;
      for (const path of figurePaths(profile.data)) {
        const covering = Object.keys(sources).filter((key) => path === key || path.startsWith(`${key}.`));
        expect(covering.length, `${id}: ${path} has a source`).toBeGreaterThan(0);
      }
    },
  );

  it('keeps the export-limited chips as the reference describes them', () => {
    const h100 = catalog.get('chip', 'h100-sxm');
    const h800 = catalog.get('chip', 'h800-sxm');
    const h20 = catalog.get('chip', 'h20');
    // H800: H100 compute, NVLink cut from 18 links to 8.
    expect(h800.bf16DenseTFLOPS).toBe(h100.bf16DenseTFLOPS);
    expect(h800.nvlink.links).toBe(8);
    expect(h800.nvlink.lineGBpsPerDirection * 2).toBe(400);
    expect(h100.nvlink.lineGBpsPerDirection * 2).toBe(900);
    // H20: ~15% of the compute, more and faster HBM, full NVLink.
    expect(h20.bf16DenseTFLOPS / h100.bf16DenseTFLOPS).toBeCloseTo(0.15, 2);
    expect(h20.hbmGiB).toBeGreaterThan(h100.hbmGiB);
    expect(h20.hbmTBps).toBeGreaterThan(h100.hbmTBps);
    expect(h20.nvlink.lineGBpsPerDirection).toBe(h100.nvlink.lineGBpsPerDirection);
  });

  it('derives the Hopper BF16 peak from SMs x 4096 FLOP/clk x 1.83 GHz', () => {
    const h800 = catalog.get('chip', 'h800-sxm');
    const perClockPerSm = 4096;
    expect((h800.sms * perClockPerSm * h800.clockGHz) / 1e3).toBeCloseTo(h800.bf16DenseTFLOPS, -1);
  });

  it('marks guesses as guesses', () => {
    const h20 = catalog.get('chip', 'h20');
    expect(isGuess(h20.sources['efficiency.gemmFp8PeakFraction']!)).toBe(true);
    expect(isGuess(h20.sources.hbmTBps!)).toBe(false);
  });
});

describe('loading errors', () => {
  it('lists the known ids for an unknown one', () => {
    const err = errorOf(() => catalog.get('chip', 'nonexistent'));
    expect(err.message).toContain('unknown chip "nonexistent"');
    expect(err.message).toContain('h800-sxm');
    expect(err.message).toContain('h20');
  });

  it('names the file for malformed JSON', () => {
    const path = tempFile('broken.json', '{ "id": "x", ');
    const err = errorOf(() => loadProfileFile('chip', path));
    expect(err.message).toContain(path);
    expect(err.message).toContain('not valid JSON');
  });

  it('names the file, the field, the value and what is allowed for an invalid figure', () => {
    const h800 = structuredClone(catalog.get('chip', 'h800-sxm')) as Record<string, unknown>;
    (h800.nvlink as Record<string, unknown>).links = -8;
    const err = errorOf(() => parseProfile('chip', h800, 'models/chips/bad.json'));
    expect(err.message).toContain('models/chips/bad.json: $.nvlink.links = -8');
    expect(err.message).toMatch(/>0|positive/);
  });

  it('rejects a misspelt key instead of ignoring it', () => {
    const h800 = structuredClone(catalog.get('chip', 'h800-sxm')) as Record<string, unknown>;
    h800.hbmGb = 80;
    const err = errorOf(() => parseProfile('chip', h800, 'f.json'));
    expect(err.message).toContain('hbmGb');
  });

  it('rejects a missing field and a wrong enum value', () => {
    const cluster = structuredClone(catalog.get('cluster', 'default')) as Record<string, unknown>;
    delete cluster.gpusPerNode;
    (cluster.scaleOut as Record<string, unknown>).fabric = 'ethernet';
    const err = errorOf(() => parseProfile('cluster', cluster, 'c.json'));
    expect(err.message).toContain('$.gpusPerNode = missing');
    expect(err.message).toContain('$.scaleOut.fabric = "ethernet"');
    expect(err.message).toContain('infiniband');
  });

  it('rejects a figure without a source and a stale source', () => {
    const h20 = structuredClone(catalog.get('chip', 'h20'));
    delete h20.sources.tdpW;
    h20.sources.nvlinkGBps = 'somewhere';
    const err = errorOf(() => parseProfile('chip', h20, 'h20.json'));
    expect(err.message).toContain('$.sources.tdpW: figure "tdpW" has no source');
    expect(err.message).toContain('$.sources.nvlinkGBps: names no field');
  });

  it('checks cross-field rules of workloads and kernels', () => {
    const v3 = structuredClone(catalog.get('workload', 'deepseek-v3'));
    v3.moe!.activeExperts = 300;
    expect(errorOf(() => parseProfile('workload', v3, 'w.json')).message).toContain('$.moe.activeExperts');
    const ce = structuredClone(catalog.get('kernel', 'copy-engine'));
    ce.minSMs = 2;
    expect(errorOf(() => parseProfile('kernel', ce, 'k.json')).message).toContain('$.minSMs = 2');
  });

  it('accepts a path to a profile file in place of an id', () => {
    const h20 = structuredClone(catalog.get('chip', 'h20'));
    h20.id = 'h20-calibrated';
    const path = tempFile('h20-calibrated.json', JSON.stringify(h20));
    expect(new Catalog().get('chip', path).id).toBe('h20-calibrated');
  });
});
