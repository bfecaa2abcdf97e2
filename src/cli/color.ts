/**
 * Colours off on request: NO_COLOR set to anything non-empty (no-color.org) or --no-color anywhere on the command
 * line. Ink's chalk reads FORCE_COLOR when it loads, and Ink loads only after this runs (it is imported lazily), so
 * FORCE_COLOR=0 turns every colour off. Plain-text reports carry no escape codes at all.
 */
export const NO_COLOR_FLAG = '--no-color';

/** Sets FORCE_COLOR=0 when colours are unwanted; returns argv without --no-color (it is no subcommand's option). */
export function applyColorPreference(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const flagged = argv.includes(NO_COLOR_FLAG);
  if (flagged || (env.NO_COLOR ?? '') !== '') env.FORCE_COLOR = '0';
  return argv.filter((arg) => arg !== NO_COLOR_FLAG);
}
