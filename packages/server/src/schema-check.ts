import { createRequire } from 'node:module';
import type { TSchema } from 'typebox';
import type { Compile } from 'typebox/compile';

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

/**
 * What is wrong with `value` against `schema`, at most `max` problems; none when it matches. TypeBox
 * messages name the rule broken, never the value, so a wrong secret is not echoed back.
 */
export function schemaProblems(schema: TSchema, value: unknown, max = 10): SchemaProblem[] {
  const validator = validatorOf(schema);
  if (validator.Check(value)) return [];
  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  // A union reports one error per branch; the same path and message from several branches is one problem.
  for (const error of validator.Errors(value)) {
    const key = `${error.instancePath}\u0000${error.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ path: error.instancePath, message: error.message });
    if (problems.length === max) break;
  }
  return problems.length > 0 ? problems : [{ path: '', message: 'does not match the schema' }];
}
