/**
 * The files autotune writes, each stamped with its `kind` and a `schemaVersion` "MAJOR.MINOR": a minor bump only adds
 * fields (an older reader ignores them), a major bump changes what existing fields mean, so a reader refuses a newer
 * major rather than misread it. Files written before versioning carry no schemaVersion and read as 1.0.
 */
import { UserError } from '../errors.js';

export const FILE_KINDS = ['study', 'compare', 'sweep', 'study-journal'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export const SCHEMA_VERSIONS: { readonly [K in FileKind]: string } = {
  study: '1.0',
  compare: '1.0',
  sweep: '1.0',
  'study-journal': '1.0',
};

export interface VersionStamp<K extends FileKind> {
  kind: K;
  schemaVersion: string;
}

export function versionStamp<K extends FileKind>(kind: K): VersionStamp<K> {
  return { kind, schemaVersion: SCHEMA_VERSIONS[kind] };
}

function majorOf(version: string): number {
  return Number(version.split('.')[0]);
}

/** Throws a UserError (exit 2) when `schemaVersion` is malformed or of a newer major than this autotune reads. */
export function checkSchemaVersion(where: string, kind: FileKind, schemaVersion: unknown): void {
  if (schemaVersion === undefined) return; // written before files were versioned: 1.0
  if (typeof schemaVersion !== 'string' || !/^\d+\.\d+$/.test(schemaVersion)) {
    throw new UserError(
      `${where}: schemaVersion = ${JSON.stringify(schemaVersion)}: must be "MAJOR.MINOR", e.g. "${SCHEMA_VERSIONS[kind]}"`,
    );
  }
  const supported = SCHEMA_VERSIONS[kind];
  if (majorOf(schemaVersion) > majorOf(supported)) {
    throw new UserError(
      `${where}: schemaVersion = "${schemaVersion}": this ${kind} file was written by a newer autotune; this version reads ${kind} files up to ${majorOf(supported)}.x (upgrade autotune to read it)`,
    );
  }
}
