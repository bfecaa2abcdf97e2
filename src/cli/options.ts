import { InvalidArgumentError } from 'commander';

/** A commander argument parser for integers >= min, whose error names the flag, the value and what is allowed. */
export function parseIntegerOption(flag: string, min: number): (value: string) => number {
  return (value: string) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) {
      throw new InvalidArgumentError(`${flag} = ${JSON.stringify(value)}: must be an integer >= ${min}`);
    }
    return parsed;
  };
}
