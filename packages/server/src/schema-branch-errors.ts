/**
 * Validation errors of a union, cut down to the branch the value chose.
 *
 * A validator (ajv, TypeBox) that fails an `anyOf` reports every branch's complaints: for a webhook source
 * `{"auth": {"mode": "bearer"}, "secret": "short"}` that is "mode must be equal to constant" three times,
 * "must have required properties username" from the basic branch and, somewhere in the middle, the one that
 * matters. A branch whose constants (`Type.Literal`, JSON Schema `const`, at any depth of its objects) all
 * equal the value's is the one the value means, so only its errors are kept. When no branch's constants
 * match, the errors are the constants themselves: one "must be one of" per discriminating field.
 *
 * Two ways in: `narrowToChosenBranches` gives the schema to validate against (for TypeBox, whose error list
 * stops at 8, so the real error can be cut off behind the other branches'), and `chosenBranchErrors`
 * filters a complete error list (ajv's, `schemaPath` "#/anyOf/1/properties/secret/minLength"). Pure: no I/O.
 */

export interface SchemaError {
  instancePath: string;
  schemaPath: string;
  message?: string;
  keyword?: string;
}

type Schema = Record<string, unknown>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const pointerSegment = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/** The constants a branch pins, as [instance path below the branch, value]; only through object properties. */
function constantsOf(schema: unknown, at = ''): [string, unknown][] {
  if (!isObject(schema)) return [];
  if ('const' in schema) return [[at, schema.const]];
  const properties = schema.properties;
  if (!isObject(properties)) return [];
  return Object.entries(properties).flatMap(([key, child]) =>
    constantsOf(child, `${at}/${pointerSegment(key)}`),
  );
}

function valueAt(value: unknown, path: string): { found: boolean; value?: unknown } {
  let current = value;
  for (const raw of path.split('/').slice(1)) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isObject(current) || !Object.hasOwn(current, key)) return { found: false };
    current = current[key];
  }
  return { found: true, value: current };
}

/** Which branches of a union the value's constants choose; undefined when the branches pin no constants. */
function chooseBranch(
  branches: unknown[],
  value: unknown,
): { chosen: number[]; constants: [string, unknown][][] } | undefined {
  const constants = branches.map((branch) => constantsOf(branch));
  if (!constants.every((list) => list.length > 0)) return undefined;
  // Constants inside objects say nothing about a value that is no object: its own error says more.
  if (!isObject(value) && constants.some((list) => list.some(([path]) => path !== ''))) return undefined;
  const chosen = constants.flatMap((list, index) =>
    list.every(([path, expected]) => {
      const actual = valueAt(value, path);
      return actual.found && actual.value === expected;
    })
      ? [index]
      : [],
  );
  return { chosen, constants };
}

const unionOf = (schema: Schema) =>
  Array.isArray(schema.anyOf)
    ? { keyword: 'anyOf', branches: schema.anyOf as unknown[] }
    : Array.isArray(schema.oneOf)
      ? { keyword: 'oneOf', branches: schema.oneOf as unknown[] }
      : undefined;

export interface NarrowedSchema {
  /** The schema with each discriminated union replaced by the branch the value chose. */
  schema: unknown;
  /** Which branches were chosen, '' when none was: a cache key for validators of the narrowed schema. */
  key: string;
  /** For unions no branch matched: what the discriminating fields may be (their branches are not checked). */
  problems: SchemaError[];
}

/**
 * For validators that report a bounded number of errors (TypeBox stops at 8): validate against this, and
 * every reported error is one of the branch the value means.
 */
export function narrowToChosenBranches(schema: unknown, value: unknown): NarrowedSchema {
  const problems: SchemaError[] = [];
  const keys: string[] = [];
  const narrow = (node: unknown, at: unknown, schemaPath: string, instancePath: string): unknown => {
    if (!isObject(node)) return node;
    const union = unionOf(node);
    const choice = union && chooseBranch(union.branches, at);
    if (union && choice) {
      const base = `${schemaPath}/${union.keyword}`;
      if (choice.chosen.length === 1) {
        const index = choice.chosen[0]!;
        keys.push(`${base}/${index}`);
        return narrow(union.branches[index], at, `${base}/${index}`, instancePath);
      }
      if (choice.chosen.length === 0) {
        keys.push(`${base}/none`);
        problems.push(...constantErrors(choice.constants, at, instancePath, base));
        // Its branches are not checked: the discriminator must be right before the rest means anything.
        return {};
      }
      return node;
    }
    if (!isObject(node.properties) || !isObject(at)) return node;
    const properties: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node.properties)) {
      const segment = pointerSegment(key);
      properties[key] =
        key in at
          ? narrow(child, at[key], `${schemaPath}/properties/${segment}`, `${instancePath}/${segment}`)
          : child;
    }
    return { ...node, properties };
  };
  const narrowed = narrow(schema, value, '#', '');
  return keys.length === 0
    ? { schema, key: '', problems }
    : { schema: narrowed, key: keys.join(';'), problems };
}

interface Verdict {
  /** schemaPath prefixes whose errors are dropped (branches not chosen). */
  drop: string[];
  /** Unions no branch matched: their errors are replaced by these. */
  replace: { prefix: string; errors: SchemaError[] }[];
}

function walk(schema: unknown, value: unknown, schemaPath: string, instancePath: string, verdict: Verdict) {
  if (!isObject(schema)) return;
  const union = unionOf(schema);
  const choice = union && chooseBranch(union.branches, value);
  if (union && choice) {
    const base = `${schemaPath}/${union.keyword}`;
    if (choice.chosen.length === 1) {
      const index = choice.chosen[0]!;
      union.branches.forEach((_, other) => {
        if (other !== index) verdict.drop.push(`${base}/${other}/`, `${base}/${other}`);
      });
      // ajv's own summary ("must match a schema in anyOf") says nothing the chosen branch's errors do not.
      verdict.drop.push(base);
      walk(union.branches[index], value, `${base}/${index}`, instancePath, verdict);
    } else if (choice.chosen.length === 0) {
      verdict.replace.push({
        prefix: base,
        errors: constantErrors(choice.constants, value, instancePath, base),
      });
    }
    return;
  }
  const properties = schema.properties;
  if (isObject(properties) && isObject(value)) {
    for (const [key, child] of Object.entries(properties)) {
      if (key in value) {
        const segment = pointerSegment(key);
        walk(child, value[key], `${schemaPath}/properties/${segment}`, `${instancePath}/${segment}`, verdict);
      }
    }
  }
  if (isObject(schema.items) && Array.isArray(value)) {
    value.forEach((item, index) => {
      walk(schema.items, item, `${schemaPath}/items`, `${instancePath}/${index}`, verdict);
    });
  }
}

/** For a value no branch matched: each constant field that is wrong, with the values it may take. */
function constantErrors(
  constants: [string, unknown][][],
  value: unknown,
  instancePath: string,
  schemaPath: string,
): SchemaError[] {
  const allowed = new Map<string, unknown[]>();
  for (const list of constants) {
    for (const [path, expected] of list) {
      const values = allowed.get(path) ?? [];
      if (!values.includes(expected)) values.push(expected);
      allowed.set(path, values);
    }
  }
  const errors: SchemaError[] = [];
  for (const [path, values] of allowed) {
    const actual = valueAt(value, path);
    if (actual.found && values.includes(actual.value)) continue;
    const options = values.map((option) => JSON.stringify(option)).join(', ');
    // Named at the first part that is missing: `/auth is required`, not `/auth/mode`, when there is no auth.
    const segments = path.split('/');
    let missing = path;
    for (let end = 2; end < segments.length; end++) {
      const prefix = segments.slice(0, end).join('/');
      if (!isObject(valueAt(value, prefix).value)) {
        missing = prefix;
        break;
      }
    }
    const field = path.slice(missing.length + 1);
    errors.push({
      instancePath: `${instancePath}${missing}`,
      schemaPath,
      keyword: 'const',
      message: actual.found
        ? `must be one of ${options}`
        : field
          ? `is required, an object whose ${field.replaceAll('/', '.')} is one of ${options}`
          : `is required: one of ${options}`,
    });
  }
  return errors;
}

/**
 * The errors that say what is wrong with `value`: those of the branch each discriminated union chose.
 * `errors` are ajv's from validating `value` against `schema` (schema paths start with "#").
 */
export function chosenBranchErrors<E extends SchemaError>(
  schema: unknown,
  value: unknown,
  errors: readonly E[],
): (E | SchemaError)[] {
  const verdict: Verdict = { drop: [], replace: [] };
  walk(schema, value, '#', '', verdict);
  if (verdict.drop.length === 0 && verdict.replace.length === 0) return [...errors];
  const dropped = (path: string) =>
    verdict.drop.some((prefix) => (prefix.endsWith('/') ? path.startsWith(prefix) : path === prefix));
  const result: (E | SchemaError)[] = [];
  const replaced = new Set<string>();
  for (const error of errors) {
    if (dropped(error.schemaPath)) continue;
    const union = verdict.replace.find(
      (entry) => error.schemaPath === entry.prefix || error.schemaPath.startsWith(`${entry.prefix}/`),
    );
    if (!union) {
      result.push(error);
      continue;
    }
    if (replaced.has(union.prefix)) continue;
    replaced.add(union.prefix);
    result.push(...union.errors);
  }
  return result;
}
