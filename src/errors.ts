/**
 * Two kinds of error (after Calculon): a UserError is bad input that the user can fix (exit code 2);
 * anything else is a bug (exit code 1). An infeasible-but-valid config is neither: the model returns it as data.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(message: string) {
    super(message);
  }
}

/** Formats "<where>: <field> = <value>: <what is allowed>" so every input error reads the same way. */
export function invalid(where: string, field: string, value: unknown, allowed: string): UserError {
  const shown = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return new UserError(`${where}: ${field} = ${shown}: ${allowed}`);
}

export function assertInvariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`internal invariant broken: ${message}`);
}
