/** The contract is the one source: field rules, the objective list and the metric formats are read off it. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configSchema, parseConfig } from '../../src/contract/config.js';
import { CONFIG_FIELDS, describeRule, fieldRules, ruleAllows } from '../../src/contract/config-fields.js';
import { isBetter, METRICS, metricsSchema } from '../../src/contract/metrics.js';
import { OBJECTIVE_METRICS, specSchema } from '../../src/contract/spec.js';
import { formatObjective, metricCaption, metricUnit } from '../../src/format/metrics.js';

describe('config field rules', () => {
  it('come from the schema: commSMs from 0 (a copy-engine kernel holds no SM), counts from 1, six required', () => {
    expect(CONFIG_FIELDS.commSMs).toMatchObject({ kind: 'integer', min: 0, required: true });
    expect(CONFIG_FIELDS.pp).toMatchObject({ kind: 'integer', min: 1, required: true });
    expect(CONFIG_FIELDS.recompute).toMatchObject({
      kind: 'enum',
      values: ['none', 'selective', 'full'],
      required: false,
    });
    expect(
      Object.entries(CONFIG_FIELDS)
        .filter(([, r]) => r.required)
        .map(([n]) => n),
    ).toEqual(['schedule', 'pp', 'ep', 'tp', 'microBatchSize', 'commSMs']);
    expect(Object.keys(CONFIG_FIELDS)).toEqual(Object.keys(configSchema.shape));
  });

  it('judge values as the schema does and say so in words', () => {
    expect([0, 1, -1, 2.5].map((v) => ruleAllows(CONFIG_FIELDS.commSMs, v))).toEqual([true, true, false, false]);
    expect(describeRule(CONFIG_FIELDS.tp)).toBe('an integer >= 1');
    const other = fieldRules(
      z.strictObject({ mb: z.union([z.literal(1), z.literal(2)]), limit: z.number().positive().optional() }),
    );
    expect(describeRule(other.mb)).toBe('one of 1, 2');
    expect(describeRule(other.limit)).toBe('a number > 0');
    expect([ruleAllows(other.limit, 0), ruleAllows(other.limit, 0.5), ruleAllows(other.limit, undefined)]).toEqual([
      false,
      true,
      true,
    ]);
  });
});

describe('parseConfig', () => {
  const valid = { schedule: 'dualpipe', pp: 16, ep: 64, tp: 1, microBatchSize: 1, commSMs: 0 };
  it('accepts commSMs 0 and names the first bad field otherwise', () => {
    expect(parseConfig(valid)).toEqual(valid);
    expect(() => parseConfig({ ...valid, colour: 1 })).toThrow(
      /config\.colour = 1: unknown field; a config has schedule, pp/,
    );
    expect(() => parseConfig({ ...valid, pp: undefined })).toThrow(
      'config.pp: missing (required: schedule, pp, ep, tp, microBatchSize, commSMs)',
    );
    expect(() => parseConfig({ ...valid, pp: 0 })).toThrow('config.pp = 0: a whole number >= 1');
    expect(() => parseConfig({ ...valid, schedule: 'fast' })).toThrow(/config\.schedule = "fast": one of gpipe, 1f1b/);
    expect(() => parseConfig({ ...valid, sequenceParallel: 'yes' })).toThrow(
      'config.sequenceParallel = "yes": true or false',
    );
  });

  it("gives the object the whole schema's parse gives: same keys, in the contract's order, same values", () => {
    const shuffled = {
      commSMs: 24,
      nodeLimit: 4,
      ...valid,
      recompute: 'full',
      vpp: undefined,
      sequenceParallel: false,
    };
    for (const config of [valid, shuffled, { vpp: 2, ...valid, schedule: 'interleaved-1f1b' }]) {
      const ours = parseConfig(config);
      const zods = configSchema.parse(config);
      expect(Object.entries(ours)).toEqual(Object.entries(zods)); // order included
      expect(ours).not.toBe(config);
    }
  });
});

describe('metric descriptors', () => {
  it('are the objective list and the numeric headline fields of Metrics', () => {
    expect(OBJECTIVE_METRICS).toEqual(Object.keys(METRICS));
    expect(specSchema.shape.objective.shape.metric.options).toEqual(Object.keys(METRICS));
    for (const name of OBJECTIVE_METRICS) expect(metricsSchema.shape[name]).toBeDefined();
    expect(metricsSchema.shape.mfuFp8.safeParse(undefined).success).toBe(true);
    expect(metricsSchema.shape.mfu.safeParse(undefined).success).toBe(false);
  });

  it('drive the formats: a fraction as a percent, a value with its unit, an axis caption with the direction', () => {
    expect(formatObjective(0.412, 'mfu')).toBe('41.2% MFU');
    expect(formatObjective(1523.43, 'tokensPerSecPerGpu')).toBe('1523.4 tok/s/GPU');
    expect(metricUnit('bubbleFraction')).toBe('% bubble');
    expect(metricCaption('stepTimeS')).toBe('step time (s/step), lower is better');
    expect(formatObjective(3, 'notAMetric')).toBe('3 notAMetric');
  });

  it('isBetter follows the goal', () => {
    expect([isBetter(2, 1, 'maximize'), isBetter(2, 1, 'minimize'), isBetter(1, 1, 'maximize')]).toEqual([
      true,
      false,
      false,
    ]);
  });
});
