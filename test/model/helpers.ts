/** Shared fixtures for the cost-model tests: the catalog's profiles and DeepSeek's published configuration. */
import type { Config } from '../../src/contract/config.js';
import { type CostModel, createModel, type ModelInput } from '../../src/model/evaluate.js';
import { Catalog } from '../../src/profiles/catalog.js';
import { createRng, uniform } from '../../src/search/rng.js';

export const catalog = new Catalog();

export function profiles(chip = 'h800-sxm', workload = 'deepseek-v3', gpus = 2048): ModelInput {
  return {
    workload: catalog.get('workload', workload),
    chip: catalog.get('chip', chip),
    cluster: catalog.get('cluster', 'default'),
    kernel: catalog.get('kernel', 'deepep-v1'),
    gpus,
  };
}

export function model(chip = 'h800-sxm', workload = 'deepseek-v3', gpus = 2048): CostModel {
  return createModel(profiles(chip, workload, gpus));
}

/** DeepSeek-V3's pre-training setup (shared/reference/deepseek-v3.md): DualPipe, PP 16, EP 64, no TP, ~20 SMs. */
export const DEEPSEEK: Config = {
  schedule: 'dualpipe',
  pp: 16,
  ep: 64,
  tp: 1,
  microBatchSize: 1,
  commSMs: 20,
  nodeLimit: 4,
};

/** Tokens/s per GPU for every even commSMs from 2 to `max`. */
export function sweep(evaluator: CostModel, base: Config, max: number): { sms: number; tps: number }[] {
  const out: { sms: number; tps: number }[] = [];
  for (let sms = 2; sms <= max; sms += 2)
    out.push({ sms, tps: evaluator.evaluate({ ...base, commSMs: sms }).tokensPerSecPerGpu });
  return out;
}

export function argmax(points: { sms: number; tps: number }[]): number {
  return points.reduce((best, p) => (p.tps > best.tps ? p : best)).sms;
}

/** A seeded uniform [0, 1) stream for the property tests (the search's own pure-rand generator). */
export function rng(seed: number): () => number {
  const stream = createRng(seed);
  return () => uniform(stream);
}
