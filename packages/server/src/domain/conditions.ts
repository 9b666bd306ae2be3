/**
 * Rule conditions on event fields. All conditions of a rule must hold (AND); an empty list always holds.
 *
 * Operators, with `v` the field's value on the event and `x` the condition's value:
 * - `eq` / `neq`: v equals x (JSON equality, no coercion: "5" is not 5); `neq` is true when v is missing.
 * - `in` / `nin`: v equals a member of the list x; for an array field (tags), any element does.
 * - `contains`: on text, x is a substring, ignoring case; on arrays, an element equals x.
 * - `matches`: x is a regular expression tested ignoring case on text (numbers and booleans as their
 *   text; on arrays, any element), in RE2 syntax on a linear-time engine (user-regex.ts).
 * - `exists`: v is present and not null (x = false inverts).
 * - `gte` / `lte` / `gt` / `lt`: on `severity`, by rank (debug < info < warning < error < critical);
 *   on data fields, numerically when v is a finite number.
 * A missing field or a value of another type makes every operator false except `neq`, `nin` and `exists: false`.
 */
import { type Static, Type } from 'typebox';
import { isSeverity, type MatchableEvent, severities, severityRank } from './event.ts';
import { type EventFieldKind, eventFieldKind, eventFieldReader, jsonEqual } from './event-field.ts';
import { compileUserRegex } from './user-regex.ts';

export const conditionOps = [
  'eq',
  'neq',
  'in',
  'nin',
  'contains',
  'matches',
  'exists',
  'gte',
  'lte',
  'gt',
  'lt',
] as const;
export type ConditionOp = (typeof conditionOps)[number];

export const conditionsMax = 50;
export const conditionListMax = 1000;

export const ConditionSchema = Type.Object(
  {
    field: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'severity, type, title, body, tags, source, data or data.some.path',
    }),
    op: Type.Enum(conditionOps),
    value: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);
export type Condition = Static<typeof ConditionSchema>;

const severityList = severities.join(', ');

function checkScalar(kind: EventFieldKind, value: unknown): string | null {
  if (kind === 'severity' && !isSeverity(value)) return `must be a severity (${severityList})`;
  if (kind === 'text' && typeof value !== 'string') return 'must be a string';
  if (value === undefined) return 'is required';
  return null;
}

function checkValue(kind: EventFieldKind, op: ConditionOp, value: unknown): string | null {
  switch (op) {
    case 'exists':
      return value === undefined || typeof value === 'boolean' ? null : 'must be true, false or left out';
    case 'eq':
    case 'neq':
      if (kind === 'tags' && !(Array.isArray(value) && value.every((tag) => typeof tag === 'string'))) {
        return 'must be a list of tags; use "contains" to test for one tag';
      }
      return kind === 'tags' ? null : checkScalar(kind, value);
    case 'in':
    case 'nin': {
      if (!Array.isArray(value) || value.length === 0 || value.length > conditionListMax) {
        return `must be a list of 1 to ${conditionListMax} values`;
      }
      const member = kind === 'tags' ? 'text' : kind;
      const problem = value.map((item) => checkScalar(member, item)).find((p) => p !== null);
      return problem === undefined ? null : `every member ${problem}`;
    }
    case 'contains':
      if (kind === 'severity') return 'cannot be used with "contains" on severity; use "eq" or "in"';
      return checkScalar(kind === 'tags' ? 'text' : kind, value);
    case 'matches':
      // The pattern itself is checked by compiling it, once, in compilePredicate.
      return typeof value === 'string' ? null : 'must be a regular expression string';
    default:
      if (kind === 'severity') return checkScalar(kind, value);
      if (kind !== 'data') return `cannot be compared with "${op}"; compare severity or numbers in data.*`;
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a finite number';
  }
}

/** What is wrong with a rule's conditions: `path` names the field in the API's JSON-pointer form. */
export interface ConditionsProblem {
  path: string;
  message: string;
}

type Predicate = (value: unknown) => boolean;

function isMember(list: readonly unknown[], value: unknown): boolean {
  if (list.some((item) => jsonEqual(item, value))) return true;
  return Array.isArray(value) && value.some((element) => list.some((item) => jsonEqual(item, element)));
}

function compare(op: string, a: number, b: number): boolean {
  return op === 'gte' ? a >= b : op === 'lte' ? a <= b : op === 'gt' ? a > b : a < b;
}

/** The test of one condition on its field's value, or what is wrong with the condition's value. */
function compilePredicate(
  kind: EventFieldKind,
  op: ConditionOp,
  expected: unknown,
): Predicate | { error: string } {
  switch (op) {
    case 'eq':
      return (value) => jsonEqual(value, expected);
    case 'neq':
      return (value) => !jsonEqual(value, expected);
    case 'in':
      return (value) => isMember(expected as unknown[], value);
    case 'nin':
      return (value) => !isMember(expected as unknown[], value);
    case 'exists': {
      const wanted = expected !== false;
      return (value) => (value !== undefined && value !== null) === wanted;
    }
    case 'contains': {
      const needle = typeof expected === 'string' ? expected.toLowerCase() : undefined;
      return (value) => {
        if (Array.isArray(value)) return value.some((element) => jsonEqual(element, expected));
        return typeof value === 'string' && needle !== undefined && value.toLowerCase().includes(needle);
      };
    }
    case 'matches': {
      const compiled = compileUserRegex(expected as string);
      if (!compiled.ok) return { error: compiled.error };
      const { regex } = compiled;
      const test = (value: unknown) =>
        (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') &&
        regex.test(String(value));
      return (value) => (Array.isArray(value) ? value.some(test) : test(value));
    }
  }
  if (kind === 'severity') {
    const rank = severityRank(expected as MatchableEvent['severity']);
    return (value) => isSeverity(value) && compare(op, severityRank(value), rank);
  }
  return (value) =>
    typeof value === 'number' && Number.isFinite(value) && compare(op, value, expected as number);
}

export type CompiledConditions =
  | { ok: true; holds: (event: MatchableEvent) => boolean }
  | { ok: false; problem: ConditionsProblem };

/**
 * Checks conditions and compiles them into one predicate (all must hold) in the same pass, so each regular
 * expression is compiled once: RE2 compiles in about a hundred microseconds, not V8's one or two.
 */
export function checkAndCompileConditions(conditions: readonly Condition[]): CompiledConditions {
  const fail = (path: string, message: string): CompiledConditions => ({
    ok: false,
    problem: { path, message },
  });
  if (!Array.isArray(conditions)) return fail('/conditions', 'conditions must be a list');
  if (conditions.length > conditionsMax)
    return fail('/conditions', `a rule has at most ${conditionsMax} conditions`);
  const checks: ((event: MatchableEvent) => boolean)[] = [];
  for (const [index, condition] of conditions.entries()) {
    const at = `/conditions/${index}`;
    if (condition === null || typeof condition !== 'object') return fail(at, 'must be an object');
    if (typeof condition.field !== 'string') return fail(`${at}/field`, 'must be a string');
    const kind = eventFieldKind(condition.field);
    if (typeof kind !== 'string') return fail(`${at}/field`, kind.error);
    if (!(conditionOps as readonly string[]).includes(condition.op)) {
      return fail(`${at}/op`, `must be one of ${conditionOps.join(', ')}`);
    }
    const problem = checkValue(kind, condition.op, condition.value);
    if (problem !== null) return fail(`${at}/value`, problem);
    const predicate = compilePredicate(kind, condition.op, condition.value);
    if (typeof predicate !== 'function') return fail(`${at}/value`, predicate.error);
    const read = eventFieldReader(condition.field);
    checks.push((event) => predicate(read(event)));
  }
  if (checks.length === 0) return { ok: true, holds: () => true };
  return { ok: true, holds: (event) => checks.every((check) => check(event)) };
}

/** What is wrong with a rule's conditions: `path` names the field in the API's JSON-pointer form. */
export interface ConditionsProblem {
  path: string;
  message: string;
}

/** Why `conditions` cannot be used, or null when they can. */
export function validateConditions(conditions: readonly Condition[]): ConditionsProblem | null {
  const compiled = checkAndCompileConditions(conditions);
  return compiled.ok ? null : compiled.problem;
}
