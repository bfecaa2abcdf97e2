import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { z } from 'zod';
import { fileError, shown, UserError, valueAt } from '../errors.js';
import { displayPath, MODELS_DIR } from '../paths.js';
import { PROFILE_DIRS, PROFILE_SCHEMAS, type ProfileKind, type ProfileTypes } from './schemas.js';
import { checkSources } from './sources.js';

export interface LoadedProfile<K extends ProfileKind> {
  kind: K;
  id: string;
  /** Where it was read from, relative to the package root when inside it. */
  file: string;
  /** sha256 of the file's bytes, for provenance in exported results. */
  sha256: string;
  data: ProfileTypes[K];
}

/**
 * The profiles under models/ (or another root), loaded on demand and validated once.
 * A profile is named by id (a file models/<kind>s/<id>.json) or by a path to a JSON file (a calibrated profile).
 */
export class Catalog {
  private readonly loaded = new Map<string, LoadedProfile<ProfileKind>>();

  constructor(readonly root: string = MODELS_DIR) {}

  ids(kind: ProfileKind): string[] {
    const dir = join(this.root, PROFILE_DIRS[kind]);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => basename(f, '.json'))
      .sort();
  }

  get<K extends ProfileKind>(kind: K, idOrPath: string): ProfileTypes[K] {
    return this.load(kind, idOrPath).data;
  }

  load<K extends ProfileKind>(kind: K, idOrPath: string): LoadedProfile<K> {
    const key = `${kind}:${idOrPath}`;
    const cached = this.loaded.get(key);
    if (cached) return cached as LoadedProfile<K>;
    const path = this.resolve(kind, idOrPath);
    const profile = loadProfileFile(kind, path);
    if (!looksLikePath(idOrPath) && profile.id !== idOrPath) {
      throw new UserError(
        `${profile.file}: id = ${JSON.stringify(profile.id)}: must equal the file name (${JSON.stringify(idOrPath)})`,
      );
    }
    this.loaded.set(key, profile);
    return profile;
  }

  /** Every profile of every kind; the first invalid one throws. */
  all(): LoadedProfile<ProfileKind>[] {
    return (Object.keys(PROFILE_DIRS) as ProfileKind[]).flatMap((kind) =>
      this.ids(kind).map((id) => this.load(kind, id)),
    );
  }

  private resolve(kind: ProfileKind, idOrPath: string): string {
    if (looksLikePath(idOrPath)) {
      if (!existsSync(idOrPath)) throw new UserError(`${kind} profile file ${idOrPath} does not exist`);
      return idOrPath;
    }
    const path = join(this.root, PROFILE_DIRS[kind], `${idOrPath}.json`);
    if (!existsSync(path)) {
      throw new UserError(
        `unknown ${kind} ${JSON.stringify(idOrPath)}: known ${kind}s are ${this.ids(kind).join(', ')} (or give a path to a .json profile)`,
      );
    }
    return path;
  }
}

function looksLikePath(idOrPath: string): boolean {
  return idOrPath.endsWith('.json') || idOrPath.includes('/');
}

/** Reads, parses and validates one profile file; every failure is a UserError naming the file and the field. */
export function loadProfileFile<K extends ProfileKind>(kind: K, path: string): LoadedProfile<K> {
  const file = displayPath(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw fileError(file, `read the ${kind} profile`, err);
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new UserError(`${file}: not valid JSON: ${(err as Error).message}`);
  }
  const data = parseProfile(kind, json, file);
  return { kind, id: data.id, file, sha256: createHash('sha256').update(bytes).digest('hex'), data };
}

/** Validates parsed JSON as a profile of `kind`; `file` only labels the errors. */
export function parseProfile<K extends ProfileKind>(kind: K, json: unknown, file: string): ProfileTypes[K] {
  const schema = PROFILE_SCHEMAS[kind] as z.ZodType<ProfileTypes[K]>;
  const result = schema.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.flatMap((issue) => {
      const path = issue.path.map(String);
      // An unknown key is named by itself, not by the whole object around it.
      if (issue.code === 'unrecognized_keys') {
        const known = Object.keys(objectShapeAt(schema, path) ?? {});
        return issue.keys.map(
          (key) =>
            `${file}: ${jsonPath([...path, key])} = ${clipped(valueAt(json, [...path, key]))}: unknown field${known.length > 0 ? `; allowed: ${known.join(', ')}` : ''}`,
        );
      }
      return [`${file}: ${jsonPath(path)} = ${clipped(valueAt(json, path))}: ${issue.message}`];
    });
    throw new UserError(`invalid ${kind} profile\n  ${lines.join('\n  ')}`);
  }
  // $schema only guides editors; a profile as used (and as written by calibrate or sweep) leaves it out.
  const { $schema: _editorSchema, ...data } = result.data as ProfileTypes[K] & {
    sources: Record<string, string>;
    $schema?: string;
  };
  const problems = checkSources(data as unknown as Record<string, unknown>, data.sources);
  if (problems.length > 0) {
    const lines = problems.map(
      (p) => `${file}: $.${p.field}: ${p.message}; every figure needs a source (a guess says GUESS)`,
    );
    throw new UserError(`invalid ${kind} profile\n  ${lines.join('\n  ')}`);
  }
  return data as unknown as ProfileTypes[K];
}

/** Most characters of a value quoted in a message: a whole object would bury the point. */
const SHOWN_CHARS = 80;

function clipped(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = shown(value);
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS - 3)}...` : text;
}

interface SchemaDef {
  type?: string;
  shape?: Record<string, unknown>;
  innerType?: unknown;
  in?: unknown;
}

/** The object schema under wrappers (optional, default, refinements' pipes), or null when none is there. */
function objectDef(node: unknown): SchemaDef | null {
  let def = (node as { def?: SchemaDef } | undefined)?.def;
  while (def && def.type !== 'object') {
    const inner = def.innerType ?? def.in;
    def = inner ? (inner as { def?: SchemaDef }).def : undefined;
  }
  return def?.shape ? def : null;
}

/** The keys a strict object schema allows at `path` (for "unknown field" messages); null when not an object there. */
function objectShapeAt(schema: z.ZodType, path: string[]): Record<string, unknown> | null {
  let def = objectDef(schema);
  for (const part of path) def = def ? objectDef(def.shape![part]) : null;
  return def?.shape ?? null;
}

function jsonPath(path: string[]): string {
  return path.length === 0 ? '$' : `$.${path.join('.')}`;
}
