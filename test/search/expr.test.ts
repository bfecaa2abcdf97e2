import { describe, expect, it } from 'vitest';
import { compileConstraint, evaluate, parseExpression, typeCheck, type ValueType } from '../../src/search/expr.js';

const names = new Map<string, ValueType>([
  ['pp', 'number'],
  ['tp', 'number'],
  ['schedule', 'string'],
  ['gpus', 'number'],
]);
const env = { pp: 8, tp: 2, schedule: 'dualpipe', gpus: 2048 } as Record<string, number | string>;
const value = (text: string) => evaluate(parseExpression(text), (n) => env[n]!);

describe('constraint expressions', () => {
  it('follows the usual precedence', () => {
    expect(value('1 + 2 * 3')).toBe(7);
    expect(value('(1 + 2) * 3')).toBe(9);
    expect(value('10 - 4 - 3')).toBe(3);
    expect(value('-pp + 10 % 4')).toBe(-6);
    expect(value('pp * tp <= 16 && tp < 4 || false')).toBe(true);
    expect(value('!(pp == 8) || schedule == "dualpipe"')).toBe(true);
    expect(value('gpus % (pp * tp) == 0')).toBe(true);
    expect(value("schedule != 'dualpipe' || pp % 2 == 0")).toBe(true);
    expect(value('1.5e1 > 14')).toBe(true);
  });

  it('is false when dividing by zero', () => {
    expect(compileConstraint('pp / 0 <= 1', names).test((n) => env[n]!)).toBe(false);
  });

  it.each([
    ['pp *', /expected a number, name or "\(" at end of expression/],
    ['pp ^ 2 > 1', /unexpected "\^" at column 4/],
    ['(pp > 1', /expected "\)"/],
    ['pp > 1 2', /unexpected text at column 8/],
    ['"open', /unterminated string at column 1/],
  ])('reports syntax errors with their column: %s', (text, message) => {
    expect(() => parseExpression(text)).toThrow(message);
  });

  it.each([
    ['schedule > 2', /needs numbers on both sides/],
    ['schedule == 2', /compares a string with a number/],
    ['pp && tp', /needs booleans/],
    ['ep > 1', /unknown name "ep" \(known: pp, tp, schedule, gpus\)/],
    ['!pp', /"!" needs a boolean/],
  ])('rejects ill-typed expressions: %s', (text, message) => {
    expect(() => typeCheck(parseExpression(text), names)).toThrow(message);
  });
});
