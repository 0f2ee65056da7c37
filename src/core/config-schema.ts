// The glue between valibot schemas and the problems every config reader shows: the config form, the
// share-link / file importer and the headless runner all get `ConfigProblem`s — a dotted path and one
// sentence that starts with that path, names the rule and the value that broke it — from the same schemas
// (core/config.ts for RunConfig, core/workbench-config.ts for the workbench and label budgets). Issue 11.
import * as v from 'valibot';

/** One thing wrong with a config. */
export interface ConfigProblem {
  /**
   * Dotted path of the field (`model.inputSize`, `batchSize`, `budgets.seg`, `datasets[1]`). RunConfig fields
   * are named from the RunConfig root, as the form and the messages show them, also inside a workbench config.
   * `(config)` when the input as a whole could not be read.
   */
  path: string;
  /** A sentence that starts with the path (or says what it is about) and names the allowed values or range. */
  message: string;
}

/** The path of a problem about the input as a whole (not JSON, wrong file format, ...). */
export const WHOLE_CONFIG = '(config)';

/** How a value is shown inside a message: strings quoted, lists and null named, numbers as they are. */
export function showValue(x: unknown): string {
  if (typeof x === 'string') return `"${x}"`;
  if (Array.isArray(x)) return 'a list';
  if (x === null) return 'null';
  if (typeof x === 'object') return 'an object';
  return String(x);
}

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * A number field: valid when `ok(x)` holds for a finite number. `rule` is what the message says after the
 * field's path (`must be in (0, 1]`); the value follows in parentheses. NaN (an empty form input) and
 * non-numbers get the same sentence, so the form always says what the field takes.
 */
export function numberField(ok: (x: number) => boolean, rule: string): v.GenericSchema<number> {
  return v.custom<number>((x) => isFiniteNumber(x) && ok(x), (issue) => `${rule} (got ${String(issue.input)})`);
}

/** A whole number in [min, max] (max optional), a multiple of `step` (optional). `rule` as in numberField. */
export function integerField(min: number, rule: string, max = Number.POSITIVE_INFINITY, step = 1): v.GenericSchema<number> {
  return numberField((x) => Number.isInteger(x) && x >= min && x <= max && x % step === 0, rule);
}

/** true or false. */
export function booleanField(): v.GenericSchema<boolean> {
  return v.custom<boolean>((x) => typeof x === 'boolean', (issue) => `must be true or false (got ${showValue(issue.input)})`);
}

/** One of `options`; the message lists them. */
export function oneOf<const T extends readonly string[]>(options: T): v.GenericSchema<T[number]> {
  return v.custom<T[number]>(
    (x) => typeof x === 'string' && options.includes(x),
    (issue) => `${showValue(issue.input)} is not one of ${options.join(', ')}`,
  );
}

/** A dotted path as the messages show it: `datasets.1.role` → `datasets[1].role`; `prefix` dropped. */
function displayPath(issue: v.BaseIssue<unknown>, dropPrefix: string | undefined): string {
  const keys = (issue.path ?? []).map((p) => p.key);
  if (dropPrefix !== undefined && keys[0] === dropPrefix && keys.length > 1) keys.shift();
  let out = '';
  for (const k of keys) out += typeof k === 'number' ? `[${k}]` : out === '' ? String(k) : `.${String(k)}`;
  return out;
}

/**
 * Every problem `schema` finds in `value`, one per field, in schema order. Each schema message is the rule
 * ("must be in (0, 1] (got 2)"); the problem's message puts the path in front of it. `dropPrefix` leaves a
 * leading key out of paths (`run`, so that RunConfig fields read the same inside a workbench config).
 */
export function problemsOf(schema: v.GenericSchema<unknown>, value: unknown, dropPrefix?: string): ConfigProblem[] {
  const result = v.safeParse(schema, value, { abortPipeEarly: true });
  if (result.success) return [];
  return result.issues.map((issue) => {
    const path = displayPath(issue, dropPrefix);
    // A key absent from its object is reported by the object, not the field's rule (valibot's `key` origin).
    if (issue.path?.at(-1)?.origin === 'key') return { path, message: `${path} is missing` };
    return { path, message: path === '' ? issue.message : `${path} ${issue.message}` };
  });
}

type Plain = Record<string, unknown>;
export const isPlainObject = (x: unknown): x is Plain => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Copies untrusted JSON over `template` (a complete config of the right shape, usually the defaults), leaf by
 * leaf where the JSON type matches the template's; unknown fields and wrong types become problems and keep
 * the template's value. Ranges are the schema's business (problemsOf), run afterwards on the result.
 */
export function mergeOverTemplate<T extends object>(template: T, value: unknown, problems: ConfigProblem[], path = ''): T {
  const out: Plain = { ...(template as Plain) };
  if (!isPlainObject(value)) {
    problems.push({ path: path || WHOLE_CONFIG, message: `${path || 'the config'} must be an object (got ${showValue(value)})` });
    return out as T;
  }
  for (const [key, x] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    if (!(key in out)) {
      problems.push({ path: field, message: `${field} is not a config field (known here: ${Object.keys(template).join(', ')})` });
      continue;
    }
    const t = out[key];
    if (isPlainObject(t)) out[key] = mergeOverTemplate(t, x, problems, field);
    else if (typeof x !== typeof t || x === null) problems.push({ path: field, message: `${field} must be a ${typeof t} (got ${showValue(x)})` });
    else out[key] = x;
  }
  return out as T;
}

/** Only the leaves of `config` that differ from `defaults`: what a short share link needs to carry. */
export function diffFromTemplate<T extends object>(config: T, defaults: T): Partial<T> {
  const diff = (c: Plain, d: Plain): Plain => {
    const out: Plain = {};
    for (const [k, x] of Object.entries(c)) {
      if (isPlainObject(x) && isPlainObject(d[k])) {
        const sub = diff(x, d[k] as Plain);
        if (Object.keys(sub).length > 0) out[k] = sub;
      } else if (!Object.is(x, d[k])) out[k] = x;
    }
    return out;
  };
  return diff(config as Plain, defaults as Plain) as Partial<T>;
}

/** Dotted paths of every leaf of a template object (`model.inputSize`, `seed`, ...). */
export function leafPaths(template: object, path = ''): string[] {
  return Object.entries(template).flatMap(([k, x]) => {
    const field = path ? `${path}.${k}` : k;
    return isPlainObject(x) ? leafPaths(x, field) : [field];
  });
}
