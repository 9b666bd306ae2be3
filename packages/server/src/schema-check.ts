import { createRequire } from 'node:module';
import type { TSchema } from 'typebox';
import type { Compile } from 'typebox/compile';
import { type NarrowedSchema, narrowToChosenBranches } from './schema-branch-errors.ts';

export interface SchemaProblem {
  /** A JSON pointer to the value that is wrong; '' is the whole value. */
  path: string;
  message: string;
}

const compiled = new WeakMap<TSchema, ReturnType<typeof Compile>>();
// TypeBox's compiler is some 300 small modules, ~120 ms of every start, and only checks what arrives from
// outside (configs sent to the API, webhook bodies): it is loaded on the first check, synchronously, since
// the checks are.
const require = createRequire(import.meta.url);
let compile: typeof Compile | undefined;

function validatorOf(schema: TSchema): ReturnType<typeof Compile> {
  let validator = compiled.get(schema);
  if (!validator) {
    compile ??= (require('typebox/compile') as typeof import('typebox/compile')).Compile;
    validator = compile(schema);
    compiled.set(schema, validator);
  }
  return validator;
}

const narrowedValidators = new WeakMap<TSchema, Map<string, ReturnType<typeof Compile>>>();

/** The validator of a narrowed schema, compiled once per combination of chosen branches. */
function narrowedValidator(schema: TSchema, narrowed: NarrowedSchema): ReturnType<typeof Compile> {
  if (narrowed.key === '') return validatorOf(schema);
  let byKey = narrowedValidators.get(schema);
  if (!byKey) {
    byKey = new Map();
    narrowedValidators.set(schema, byKey);
  }
  let validator = byKey.get(narrowed.key);
  if (!validator) {
    validator = validatorOf(narrowed.schema as TSchema);
    byKey.set(narrowed.key, validator);
  }
  return validator;
}

/**
 * What is wrong with `value` against `schema`, at most `max` problems; none when it matches. TypeBox
 * messages name the rule broken, never the value, so a wrong secret is not echoed back.
 */
export function schemaProblems(schema: TSchema, value: unknown, max = 10): SchemaProblem[] {
  const validator = validatorOf(schema);
  if (validator.Check(value)) return [];
  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  // A union reports every branch's errors, and TypeBox stops at 8: the real one may be cut off behind the
  // other branches'. So the errors come from the branches the value's constants chose (`auth.mode`), and
  // the same path and message from several remaining branches is one problem.
  const narrowed = narrowToChosenBranches(schema, value);
  const errors = [...narrowed.problems, ...narrowedValidator(schema, narrowed).Errors(value)];
  for (const error of errors) {
    const key = `${error.instancePath}\u0000${error.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ path: error.instancePath, message: error.message ?? 'is not valid' });
    if (problems.length === max) break;
  }
  return problems.length > 0 ? problems : [{ path: '', message: 'does not match the schema' }];
}
