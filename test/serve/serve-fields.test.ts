import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ruleAllows } from '../../src/contract/config-fields.js';
import { serveConfigSchema } from '../../src/contract/serve-config.js';
import { SERVE_CONFIG_FIELDS } from '../../src/search/serve-fields.js';
import { parseSpec } from '../../src/search/spec.js';

const PROBES = [-1, 0, 0.5, 1, 2, 3, 12.5, 64, 'prefill', 'decode', 'bf16', 'fp8', 'other', true];

describe('serving spec rules', () => {
  it('accept and refuse each probe value exactly as the serving schema does', () => {
    const shape = serveConfigSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
    expect(Object.keys(SERVE_CONFIG_FIELDS).sort()).toEqual(Object.keys(shape).sort());
    for (const [name, rule] of Object.entries(SERVE_CONFIG_FIELDS)) {
      for (const probe of PROBES)
        expect([name, probe, ruleAllows(rule, probe)]).toEqual([name, probe, shape[name]!.safeParse(probe).success]);
      expect([name, rule.required]).toEqual([name, !shape[name]!.safeParse(undefined).success]);
    }
  });

  it('a spec with a fractional latency limit passes, three micro-batches is refused at the spec', () => {
    const spec = JSON.parse(readFileSync('searches/deepseek-v3-h800-decode.json', 'utf8'));
    expect(parseSpec({ ...spec, fixed: { ...spec.fixed, maxLatencyMs: 12.5 } }, 'spec.json').fixed.maxLatencyMs).toBe(
      12.5,
    );
    const three = { ...spec, space: { ...spec.space, microBatches: { type: 'choice', values: [1, 3] } } };
    expect(() => parseSpec(three, 'spec.json')).toThrow(/space\.microBatches\.values\[1\].*one of 1, 2/s);
  });
});
