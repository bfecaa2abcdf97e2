/**
 * Constraint expressions between parameters, e.g. `pp * tp <= 64` or `schedule != "dualpipe" || pp % 2 == 0`.
 * A tiny typed language (no eval of JavaScript): numbers, strings, true/false, parameter names, + - * / %,
 * comparisons, ! && || and parentheses, with the usual precedence. Checked for types once, evaluated per config.
 */
import type { ParamValue } from './dimension.js';

export type ValueType = 'number' | 'string' | 'boolean';
type BinaryOp = '+' | '-' | '*' | '/' | '%' | '<' | '<=' | '>' | '>=' | '==' | '!=' | '&&' | '||';

export type Expr =
  | { kind: 'literal'; value: ParamValue }
  | { kind: 'name'; name: string }
  | { kind: 'unary'; op: '-' | '!'; arg: Expr }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr };

/** Binding power of each binary operator: higher binds tighter. */
const PRECEDENCE: Record<BinaryOp, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};
const OPERATORS = ['<=', '>=', '==', '!=', '&&', '||', '+', '-', '*', '/', '%', '<', '>', '!', '(', ')'] as const;

type Token =
  | { kind: 'op'; op: string; at: number }
  | { kind: 'atom'; expr: Expr; at: number }
  | { kind: 'end'; at: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const number = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i));
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (number) {
      tokens.push({ kind: 'atom', expr: { kind: 'literal', value: Number(number[0]) }, at: i });
      i += number[0].length;
    } else if (name) {
      const word = name[0];
      const expr: Expr =
        word === 'true' || word === 'false'
          ? { kind: 'literal', value: word === 'true' }
          : { kind: 'name', name: word };
      tokens.push({ kind: 'atom', expr, at: i });
      i += word.length;
    } else if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unterminated string at column ${i + 1}`);
      tokens.push({ kind: 'atom', expr: { kind: 'literal', value: text.slice(i + 1, end) }, at: i });
      i = end + 1;
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (!op) throw new Error(`unexpected ${JSON.stringify(c)} at column ${i + 1}`);
      tokens.push({ kind: 'op', op, at: i });
      i += op.length;
    }
  }
  tokens.push({ kind: 'end', at: text.length });
  return tokens;
}

/** Parses by precedence climbing; throws an Error naming the column of the first problem. */
export function parseExpression(text: string): Expr {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (): Token => tokens[pos]!;
  const describe = (t: Token): string => (t.kind === 'end' ? 'end of expression' : `column ${t.at + 1}`);

  function primary(): Expr {
    const t = tokens[pos++]!;
    if (t.kind === 'atom') return t.expr;
    if (t.kind === 'op' && (t.op === '-' || t.op === '!')) return { kind: 'unary', op: t.op, arg: primary() };
    if (t.kind === 'op' && t.op === '(') {
      const inner = binary(0);
      const close = tokens[pos++]!;
      if (close.kind !== 'op' || close.op !== ')') throw new Error(`expected ")" at ${describe(close)}`);
      return inner;
    }
    throw new Error(`expected a number, name or "(" at ${describe(t)}`);
  }

  function binary(minPrecedence: number): Expr {
    let left = primary();
    for (;;) {
      const t = peek();
      if (t.kind !== 'op' || !(t.op in PRECEDENCE)) return left;
      const op = t.op as BinaryOp;
      if (PRECEDENCE[op] <= minPrecedence) return left;
      pos++;
      left = { kind: 'binary', op, left, right: binary(PRECEDENCE[op]) };
    }
  }

  const expr = binary(0);
  if (peek().kind !== 'end') throw new Error(`unexpected text at ${describe(peek())}`);
  return expr;
}

function typeOfValue(value: ParamValue): ValueType {
  return typeof value as ValueType;
}

/** The type of an expression given the types of the names; throws on unknown names and type mismatches. */
export function typeCheck(expr: Expr, names: ReadonlyMap<string, ValueType>): ValueType {
  switch (expr.kind) {
    case 'literal':
      return typeOfValue(expr.value);
    case 'name': {
      const type = names.get(expr.name);
      if (!type) throw new Error(`unknown name "${expr.name}" (known: ${[...names.keys()].join(', ')})`);
      return type;
    }
    case 'unary': {
      const want: ValueType = expr.op === '-' ? 'number' : 'boolean';
      if (typeCheck(expr.arg, names) !== want) throw new Error(`"${expr.op}" needs a ${want}`);
      return want;
    }
    case 'binary': {
      const left = typeCheck(expr.left, names);
      const right = typeCheck(expr.right, names);
      switch (expr.op) {
        case '==':
        case '!=':
          if (left !== right) throw new Error(`"${expr.op}" compares a ${left} with a ${right}`);
          return 'boolean';
        case '&&':
        case '||':
          if (left !== 'boolean' || right !== 'boolean') throw new Error(`"${expr.op}" needs booleans on both sides`);
          return 'boolean';
        case '<':
        case '<=':
        case '>':
        case '>=':
        case '+':
        case '-':
        case '*':
        case '/':
        case '%':
          if (left !== 'number' || right !== 'number') throw new Error(`"${expr.op}" needs numbers on both sides`);
          return ['+', '-', '*', '/', '%'].includes(expr.op) ? 'number' : 'boolean';
      }
    }
  }
}

/** Evaluates a type-checked expression. Division by zero yields Infinity/NaN, so a comparison with it is false. */
export function evaluate(expr: Expr, lookup: (name: string) => ParamValue): ParamValue {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'name':
      return lookup(expr.name);
    case 'unary': {
      const arg = evaluate(expr.arg, lookup);
      return expr.op === '-' ? -(arg as number) : !arg;
    }
    case 'binary': {
      if (expr.op === '&&') return Boolean(evaluate(expr.left, lookup)) && Boolean(evaluate(expr.right, lookup));
      if (expr.op === '||') return Boolean(evaluate(expr.left, lookup)) || Boolean(evaluate(expr.right, lookup));
      const a = evaluate(expr.left, lookup);
      const b = evaluate(expr.right, lookup);
      switch (expr.op) {
        case '==':
          return a === b;
        case '!=':
          return a !== b;
        case '<':
          return (a as number) < (b as number);
        case '<=':
          return (a as number) <= (b as number);
        case '>':
          return (a as number) > (b as number);
        case '>=':
          return (a as number) >= (b as number);
        case '+':
          return (a as number) + (b as number);
        case '-':
          return (a as number) - (b as number);
        case '*':
          return (a as number) * (b as number);
        case '/':
          return (a as number) / (b as number);
        case '%':
          return (a as number) % (b as number);
      }
    }
  }
}

/** A named, checked constraint: `test` is true when a config satisfies it. */
export interface Constraint {
  readonly expr: string;
  test(lookup: (name: string) => ParamValue): boolean;
}

/** Parses and type-checks a constraint; throws an Error (the caller adds file and field) when it is malformed. */
export function compileConstraint(text: string, names: ReadonlyMap<string, ValueType>): Constraint {
  const expr = parseExpression(text);
  const type = typeCheck(expr, names);
  if (type !== 'boolean') throw new Error(`a constraint must be a comparison or condition, this is a ${type}`);
  return { expr: text, test: (lookup) => evaluate(expr, lookup) === true };
}
