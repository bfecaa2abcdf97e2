/**
 * Search specs (searches/*.json): parsed with zod, then checked against the Config contract and compiled into a
 * SearchSpace. Every error is a UserError naming the file, the JSON path, the bad value and what is allowed.
 */
import { readFileSync } from 'node:fs';
import type { Config } from '../contract/config.js';
import { CONFIG_FIELDS, describeRule, type FieldRule, ruleAllows } from '../contract/config-fields.js';
import { describeIssues, type ParamSpec, type SearchSpec, specSchema } from '../contract/spec.js';
import { invalid, UserError } from '../errors.js';
import type { Dimension, Params, ParamValue } from './dimension.js';
import { compileConstraint, type ValueType } from './expr.js';
import { SERVE_CONFIG_FIELDS } from './serve-fields.js';
import { SearchSpace, type SpaceCheck, type Validity } from './space.js';

export {
  DEFAULT_BATCH_SIZE,
  OBJECTIVE_METRICS,
  type ObjectiveMetric,
  type ParamSpec,
  type SearchSpec,
} from '../contract/spec.js';

/** A dimension from its spec; numeric choice lists become ordinal (sorted), anything else categorical. */
export function dimensionOf(name: string, param: ParamSpec): Dimension {
  switch (param.type) {
    case 'int':
      return { kind: 'int', name, min: param.min, max: param.max, step: param.step ?? 1, log: param.log ?? false };
    case 'float':
      return { kind: 'float', name, min: param.min, max: param.max, step: param.step ?? null, log: param.log ?? false };
    case 'choice':
      return param.values.every((v) => typeof v === 'number')
        ? { kind: 'ordinal', name, values: [...(param.values as number[])].sort((a, b) => a - b) }
        : { kind: 'categorical', name, values: param.values };
  }
}

function checkParam(where: string, name: string, param: ParamSpec): string[] {
  const field = `space.${name}`;
  if (param.type === 'choice') {
    const dup = param.values.find((v, i) => param.values.indexOf(v) !== i);
    return dup === undefined
      ? []
      : [
          invalid(where, `${field}.values`, param.values, `values must be distinct (${JSON.stringify(dup)} repeats)`)
            .message,
        ];
  }
  const errors: string[] = [];
  if (param.max < param.min)
    errors.push(invalid(where, `${field}.max`, param.max, `must be >= min (${param.min})`).message);
  if (param.log && param.min <= 0)
    errors.push(invalid(where, `${field}.min`, param.min, 'must be > 0 with "log": true').message);
  return errors;
}

type Fields = Readonly<Record<string, FieldRule>>;

/** The config contract a spec's space and fixed values are checked against: training's Config or the serving config. */
function fieldsOf(spec: SearchSpec): Fields {
  return spec.mode === 'serve' ? SERVE_CONFIG_FIELDS : CONFIG_FIELDS;
}

/** Checks that every value a parameter can take is one its Config field accepts. */
function checkAgainstConfig(where: string, name: string, param: ParamSpec, fields: Fields): string[] {
  if (!Object.hasOwn(fields, name)) {
    return [
      invalid(where, `space.${name}`, param, `not a Config field; allowed: ${Object.keys(fields).join(', ')}`).message,
    ];
  }
  const rule = fields[name]!;
  switch (param.type) {
    case 'choice':
      return param.values.flatMap((v, i) =>
        ruleAllows(rule, v)
          ? []
          : [invalid(where, `space.${name}.values[${i}]`, v, `${name} takes ${describeRule(rule)}`).message],
      );
    case 'int':
    case 'float': {
      // A range of numbers suits a numeric field whose schema accepts its lowest value (ranges only go up from min);
      // a float range cannot fill an integer field.
      const numeric = rule.kind === 'number' || (rule.kind === 'integer' && param.type === 'int');
      if (numeric) {
        return ruleAllows(rule, param.min)
          ? []
          : [invalid(where, `space.${name}.min`, param.min, `${name} takes ${describeRule(rule)}`).message];
      }
      const instead = rule.kind === 'integer' ? '"int" or "choice"' : '"choice"';
      return [
        invalid(where, `space.${name}.type`, param.type, `${name} takes ${describeRule(rule)}; use ${instead}`).message,
      ];
    }
  }
}

function checkFixed(where: string, spec: SearchSpec): string[] {
  const errors: string[] = [];
  const fields = fieldsOf(spec);
  for (const [name, value] of Object.entries(spec.fixed)) {
    if (!Object.hasOwn(fields, name)) {
      errors.push(
        invalid(where, `fixed.${name}`, value, `not a Config field; allowed: ${Object.keys(fields).join(', ')}`)
          .message,
      );
    } else if (!ruleAllows(fields[name]!, value)) {
      errors.push(invalid(where, `fixed.${name}`, value, `${name} takes ${describeRule(fields[name]!)}`).message);
    }
    if (Object.hasOwn(spec.space, name))
      errors.push(invalid(where, `fixed.${name}`, value, `${name} is also in space; define it in one place`).message);
  }
  for (const [name, rule] of Object.entries(fields)) {
    if (rule.required && !Object.hasOwn(spec.space, name) && !Object.hasOwn(spec.fixed, name)) {
      errors.push(
        invalid(
          where,
          `space.${name}`,
          undefined,
          `required: every config needs ${name} (${describeRule(rule)}), in space or fixed`,
        ).message,
      );
    }
  }
  return errors;
}

/**
 * A point of a spec's space as the Config it is: parseSpec checked that every space and fixed name is a Config field
 * whose values the contract accepts and that every required field is there, so no point needs checking again.
 */
export function configOf(params: Params): Config {
  return params as Partial<Config> as Config;
}

/** A config as a point of the space (absent optional fields left out). */
export function paramsOf(config: Config): Params {
  return Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined)) as Params;
}

/** Validates a parsed JSON value as a search spec; `where` (the file) prefixes every message. */
export function parseSpec(raw: unknown, where: string): SearchSpec {
  const parsed = specSchema.safeParse(raw);
  if (!parsed.success) throw new UserError(describeIssues(where, raw, parsed.error.issues).join('\n'));
  // $schema only guides editors; the spec as run (in results and journals) leaves it out.
  const { $schema: _editorSchema, ...spec } = parsed.data;
  const errors = [
    ...Object.entries(spec.space).flatMap(([name, param]) => [
      ...checkParam(where, name, param),
      ...checkAgainstConfig(where, name, param, fieldsOf(spec)),
    ]),
    ...checkFixed(where, spec),
  ];
  if (errors.length > 0) throw new UserError(errors.join('\n'));
  buildSpace(spec, null, where); // compiles the constraints, so a bad expression fails at load time
  return spec;
}

export function loadSpec(path: string): SearchSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UserError(`${path}: cannot read the search spec (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  return parseSpec(raw, path);
}

/**
 * The spec's commSMs values against the chip it runs on (the spec file alone cannot know the SM count): a value the
 * chip cannot give would only be refused point by point, and a best at the range's end would look like a finding.
 */
export function checkSpecOnChip(spec: SearchSpec, where: string, chip: { id: string; sms: number }): void {
  const allowed = `below the ${chip.id}'s ${chip.sms} SMs (at most ${chip.sms - 1}: compute needs an SM)`;
  const param = spec.space.commSMs;
  const fixed = spec.fixed.commSMs;
  if (typeof fixed === 'number' && fixed >= chip.sms) throw invalid(where, 'fixed.commSMs', fixed, allowed);
  if (param?.type === 'choice') {
    const i = param.values.findIndex((v) => typeof v === 'number' && v >= chip.sms);
    if (i >= 0) throw invalid(where, `space.commSMs.values[${i}]`, param.values[i], allowed);
  } else if (param && param.max >= chip.sms) {
    throw invalid(where, 'space.commSMs.max', param.max, allowed);
  }
}

function typeOf(values: readonly ParamValue[]): ValueType | null {
  const types = new Set(values.map((v) => typeof v as ValueType));
  return types.size === 1 ? [...types][0]! : null;
}

/**
 * The space of a spec: its dimensions in spec order, fixed values, `gpus` as a constant, compiled constraints, and
 * the evaluator's check when given (see SpaceDefinition.check).
 */
export function buildSpace(
  spec: SearchSpec,
  check: SpaceCheck | null = null,
  where: string = spec.name,
  validity?: Validity,
): SearchSpace {
  const dims = Object.entries(spec.space).map(([name, param]) => dimensionOf(name, param));
  const names = new Map<string, ValueType>([['gpus', 'number']]);
  for (const dim of dims) {
    const type = dim.kind === 'categorical' ? typeOf(dim.values) : 'number';
    if (type) names.set(dim.name, type);
  }
  for (const [name, value] of Object.entries(spec.fixed)) names.set(name, typeof value as ValueType);
  const constraints = spec.constraints.map((c, i) => {
    try {
      return compileConstraint(c.expr, names);
    } catch (err) {
      throw invalid(where, `constraints[${i}].expr`, c.expr, (err as Error).message);
    }
  });
  return new SearchSpace({
    dims,
    fixed: { ...spec.fixed },
    constants: { gpus: spec.gpus },
    constraints,
    check,
    ...(validity ? { validity } : {}),
  });
}
