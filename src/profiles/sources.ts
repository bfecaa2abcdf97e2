/**
 * Every figure in a profile carries its source: a `sources` key naming the figure's dotted path, or an ancestor of it
 * ("nvlink" covers "nvlink.links"). A source that names no existing field is stale and also an error.
 */

/** Dotted paths of every numeric leaf of a profile, outside `sources`. */
export function figurePaths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'number') return [prefix];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const paths: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (prefix === '' && key === 'sources') continue;
    paths.push(...figurePaths(child, prefix ? `${prefix}.${key}` : key));
  }
  return paths;
}

export interface SourceProblem {
  field: string;
  message: string;
}

export function checkSources(profile: Record<string, unknown>, sources: Record<string, string>): SourceProblem[] {
  const problems: SourceProblem[] = [];
  const figures = figurePaths(profile);
  const covered = (path: string) => Object.keys(sources).some((key) => path === key || path.startsWith(`${key}.`));
  for (const path of figures) {
    if (!covered(path)) problems.push({ field: `sources.${path}`, message: `figure "${path}" has no source` });
  }
  for (const key of Object.keys(sources)) {
    const names = figures.some((path) => path === key || path.startsWith(`${key}.`)) || hasField(profile, key);
    if (!names) problems.push({ field: `sources.${key}`, message: `names no field of this profile` });
  }
  return problems;
}

function hasField(profile: Record<string, unknown>, dotted: string): boolean {
  let node: unknown = profile;
  for (const part of dotted.split('.')) {
    if (node === null || typeof node !== 'object' || !(part in node)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return true;
}

/** A source marked as a guess or as unverified, per the project's rule that a guess says it is one. */
export function isGuess(source: string): boolean {
  return /\b(GUESS|UNVERIFIED)\b/.test(source);
}
