import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { jsonSchemaFiles } from '../src/schemas/json-schemas.js';

const SHIPPED_DIRS = [
  'models/chips',
  'models/workloads',
  'models/clusters',
  'models/kernels',
  'models/measurements',
  'models/frameworks',
  'searches',
];

function validator(file: string) {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  return ajv.compile(JSON.parse(readFileSync(join('schemas', file), 'utf8')));
}

describe('schemas/', () => {
  it('holds exactly what the zod schemas generate (run `npm run schemas` after changing one)', () => {
    const generated = jsonSchemaFiles();
    expect(readdirSync('schemas').sort()).toEqual([...generated.keys()].sort());
    for (const [file, text] of generated) expect(readFileSync(join('schemas', file), 'utf8'), file).toBe(text);
  });

  it('every shipped JSON file names its schema in $schema and satisfies it', () => {
    for (const dir of SHIPPED_DIRS) {
      for (const name of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
        const path = join(dir, name);
        const json = JSON.parse(readFileSync(path, 'utf8'));
        expect(typeof json.$schema, `${path}: $schema`).toBe('string');
        const schemaPath = resolve(dirname(path), json.$schema);
        expect(dirname(schemaPath), `${path}: $schema`).toBe(resolve('schemas'));
        const validate = validator(schemaPath.split('/').at(-1)!);
        expect(validate(json) ? [] : validate.errors, path).toEqual([]);
      }
    }
  });

  it('what autotune writes satisfies the result and journal schemas, and the schemas reject a wrong kind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'autotune-schemas-'));
    const run = spawnSync(
      process.execPath,
      [
        'bin/autotune.js',
        'search',
        'searches/deepseek-v3-h800.json',
        '--optimizer',
        'random',
        '--budget',
        '8',
        '--seed',
        '1',
        '--out',
        dir,
        '--json',
      ],
      { encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    const study = validator('study-result.schema.json');
    const result = JSON.parse(run.stdout);
    expect(study(result) ? [] : study.errors).toEqual([]);
    expect(study({ ...result, kind: 'sweep' })).toBe(false);
    const journal = validator('study-journal-line.schema.json');
    const lines = readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.journal.jsonl'))!), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.length).toBe(9); // the header and 8 trials
    for (const line of lines) expect(journal(line) ? [] : journal.errors).toEqual([]);
    for (const [file, schema] of [
      ['compare-deepseek-v3-h800-h100-sxm+h800-sxm+h20.json', 'compare-result.schema.json'],
      ['sweep-deepseek-v3-h800-h800-sxm-nic-12.5-100-8.json', 'sweep-result.schema.json'],
    ] as const) {
      const validate = validator(schema);
      // Files written before versioning lack schemaVersion; with it they satisfy the current schema.
      const json = { schemaVersion: '1.0', ...JSON.parse(readFileSync(join('results', file), 'utf8')) };
      expect(validate(json) ? [] : validate.errors, file).toEqual([]);
    }
  });
});
