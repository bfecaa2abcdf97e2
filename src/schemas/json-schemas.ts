/**
 * The JSON Schemas under schemas/, generated from the zod schemas (zod 4's toJSONSchema) by scripts/schemas.mjs; a
 * test checks that the committed files equal what this produces. Files a person writes (profiles, specs) are
 * described as input (defaults optional); files autotune writes as output.
 */
import { z } from 'zod';
import { frameworkSchema } from '../contract/frameworks.js';
import { measurementFileSchema } from '../contract/measurements.js';
import { compareResultSchema, journalLineSchema, studyResultSchema, sweepResultSchema } from '../contract/results.js';
import { specSchema } from '../contract/spec.js';
import { PROFILE_SCHEMAS } from '../profiles/schemas.js';

interface Entry {
  file: string;
  title: string;
  schema: z.ZodType;
  io: 'input' | 'output';
}

const ENTRIES: readonly Entry[] = [
  {
    file: 'chip.schema.json',
    title: 'autotune chip profile (models/chips/*.json)',
    schema: PROFILE_SCHEMAS.chip,
    io: 'input',
  },
  {
    file: 'workload.schema.json',
    title: 'autotune workload profile (models/workloads/*.json)',
    schema: PROFILE_SCHEMAS.workload,
    io: 'input',
  },
  {
    file: 'cluster.schema.json',
    title: 'autotune cluster profile (models/clusters/*.json)',
    schema: PROFILE_SCHEMAS.cluster,
    io: 'input',
  },
  {
    file: 'kernel.schema.json',
    title: 'autotune communication-kernel profile (models/kernels/*.json)',
    schema: PROFILE_SCHEMAS.kernel,
    io: 'input',
  },
  {
    file: 'measurements.schema.json',
    title: 'autotune measurement file (models/measurements/*.json)',
    schema: measurementFileSchema,
    io: 'input',
  },
  {
    file: 'framework.schema.json',
    title: 'autotune framework mapping (models/frameworks/*.json)',
    schema: frameworkSchema,
    io: 'input',
  },
  { file: 'search-spec.schema.json', title: 'autotune search spec (searches/*.json)', schema: specSchema, io: 'input' },
  {
    file: 'study-result.schema.json',
    title: 'autotune study result (autotune search)',
    schema: studyResultSchema,
    io: 'output',
  },
  {
    file: 'compare-result.schema.json',
    title: 'autotune compare result (autotune compare)',
    schema: compareResultSchema,
    io: 'output',
  },
  {
    file: 'sweep-result.schema.json',
    title: 'autotune sweep result (autotune sweep)',
    schema: sweepResultSchema,
    io: 'output',
  },
  {
    file: 'study-journal-line.schema.json',
    title: 'one line of an autotune study journal (*.journal.jsonl)',
    schema: journalLineSchema,
    io: 'output',
  },
];

/** File name under schemas/ -> its text (pretty JSON with a final newline). */
export function jsonSchemaFiles(): Map<string, string> {
  return new Map(
    ENTRIES.map((e) => {
      const generated = z.toJSONSchema(e.schema, { io: e.io, target: 'draft-2020-12' }) as Record<string, unknown>;
      const { $schema, ...rest } = generated;
      return [e.file, `${JSON.stringify({ $schema, title: e.title, ...rest }, null, 2)}\n`];
    }),
  );
}
