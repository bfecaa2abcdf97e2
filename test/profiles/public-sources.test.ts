import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every string under a `sources` key or a measurement row's `source`, with where it sits. */
function citations(value: unknown, where: string, inSources = false): [string, string][] {
  if (typeof value === 'string') return inSources ? [[where, value]] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) =>
    citations(child, `${where}.${key}`, inSources || key === 'sources' || key === 'source'),
  );
}

describe('profile sources', () => {
  it('cite public sources (papers, repositories, datasheets), never a file the package does not ship', () => {
    const found: [string, string][] = [];
    for (const dir of ['chips', 'workloads', 'clusters', 'kernels', 'measurements']) {
      for (const name of readdirSync(join('models', dir)).filter((f) => f.endsWith('.json'))) {
        found.push(...citations(JSON.parse(readFileSync(join('models', dir, name), 'utf8')), `models/${dir}/${name}`));
      }
    }
    expect(found.length).toBeGreaterThan(200);
    expect(found.filter(([, text]) => /shared\/|reference\/[a-z-]+\.md|DESIGN\.md/.test(text))).toEqual([]);
  });
});
