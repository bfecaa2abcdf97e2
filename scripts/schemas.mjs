#!/usr/bin/env node
// Writes schemas/*.schema.json from the zod schemas (run after `npm run build`; `npm run schemas` does both).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsonSchemaFiles } from '../dist/src/schemas/json-schemas.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas');
mkdirSync(dir, { recursive: true });
for (const [file, text] of jsonSchemaFiles()) {
  writeFileSync(join(dir, file), text);
  console.log(`schemas/${file}`);
}
