/**
 * Parsing of command-line values, in one place so every command words its errors the same way:
 * "<where>: <flag> = <value>: <what is allowed>" (exit code 2).
 */
import { InvalidArgumentError } from 'commander';
import type { Config } from '../contract/config.js';
import { parseConfig } from '../contract/config.js';
import { invalid, UserError } from '../errors.js';

export function parseWhole(where: string, flag: string, value: string, min: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min)
    throw invalid(where, flag, value, `a whole number >= ${min}`);
  return n;
}

export function parseNonNegative(where: string, flag: string, value: string, unit = ''): number {
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || x < 0)
    throw invalid(where, flag, value, `a finite number >= 0${unit}`);
  return x;
}

export function parsePositive(where: string, flag: string, value: string, unit = ''): number {
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || x <= 0)
    throw invalid(where, flag, value, `a finite number > 0${unit}`);
  return x;
}

export function parseFraction(where: string, flag: string, value: string): number {
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || x < 0 || x >= 1)
    throw invalid(where, flag, value, 'a fraction >= 0 and < 1');
  return x;
}

export function parseChoice<T extends string>(where: string, flag: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined) throw invalid(where, flag, value, `one of ${allowed.join(', ')}`);
  return found;
}

/** As a commander option parser: commander prints the message and the CLI exits 2. */
export function asOption<T>(
  parse: (where: string, flag: string, value: string) => T,
  flag: string,
): (value: string) => T {
  return (value) => {
    try {
      return parse('', flag, value);
    } catch (err) {
      if (err instanceof UserError) throw new InvalidArgumentError(err.message.replace(/^: /, ''));
      throw err;
    }
  };
}

export const wholeNumberOption = (flag: string, min: number) =>
  asOption((where, f, value) => parseWhole(where, f, value, min), flag);

/** A --config value: JSON text of one config, checked against the contract. */
export function parseConfigText(text: string, where: string): Config {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${where}: not valid JSON: ${(err as Error).message}`);
  }
  return parseConfig(json);
}
