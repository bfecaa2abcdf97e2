import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A small space of the real model (DeepSeek-V3 on 2048 H800s: DualPipe and ZB-V at a few SM splits), written to
 * `dir`; 12 trials take about a second. Each set of overrides gets its own file.
 */
export function smallSpec(dir: string, overrides: Record<string, unknown> = {}): string {
  const path = join(dir, `spec-${Object.keys(overrides).join('-') || 'plain'}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      name: 'small',
      workload: 'deepseek-v3',
      chip: 'h800-sxm',
      gpus: 2048,
      objective: { metric: 'tokensPerSecPerGpu', goal: 'maximize' },
      space: {
        commSMs: { type: 'int', min: 8, max: 32, step: 4 },
        schedule: { type: 'choice', values: ['zb-v', 'dualpipe'] },
        ep: { type: 'choice', values: [32, 64] },
      },
      fixed: { pp: 16, tp: 1, microBatchSize: 1, nodeLimit: 4 },
      budget: 12,
      optimizer: 'evo',
      seed: 3,
      ...overrides,
    }),
  );
  return path;
}
