/**
 * The fields a quick form must ask for to make a valid config of a kind, read from the kind's JSON Schema
 * (GET /kinds/…): its required properties, down through nested objects. Where the schema offers
 * alternatives (`anyOf` of objects, such as a webhook's auth modes), the form asks which one, labelled by
 * the constant that tells them apart; constants are filled in, not asked. Optional settings are left to the
 * full editor. No kind's name appears here: a new kind gets its quick form from its schema.
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
}

/** One input: a text, a secret, a number, or one of some values. */
export interface ConfigField {
  kind: 'field';
  path: string;
  label: string;
  description: string | undefined;
  input: 'text' | 'password' | 'number' | 'choice';
  options: string[];
  schema: JsonSchema;
}

/** A choice between the schema's alternatives at `path`. */
export interface ConfigVariant {
  kind: 'variant';
  path: string;
  label: string;
  options: string[];
}

export type ConfigInput = ConfigField | ConfigVariant;

/** Which alternative is chosen at each path (index), and what was typed in each field. */
export interface ConfigAnswers {
  variants: Record<string, number>;
  values: Record<string, string>;
}

const isObject = (schema: JsonSchema) => schema.type === 'object' || schema.properties !== undefined;
const constOf = (schema: JsonSchema): unknown =>
  schema.const ?? (schema.anyOf?.length === 1 ? schema.anyOf[0]!.const : undefined);

/** What tells an alternative apart: the first constant among its required properties, searched deeply. */
function variantLabel(schema: JsonSchema, index: number): string {
  const search = (node: JsonSchema): string | undefined => {
    for (const key of node.required ?? []) {
      const prop = node.properties?.[key];
      if (!prop) continue;
      const constant = constOf(prop);
      if (constant !== undefined) return String(constant);
      if (isObject(prop)) {
        const found = search(prop);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  return search(schema) ?? String(index + 1);
}

function choicesOf(schema: JsonSchema): string[] | undefined {
  if (schema.enum) return schema.enum.map(String);
  if (schema.anyOf?.every((option) => option.const !== undefined))
    return schema.anyOf.map((option) => String(option.const));
  if (schema.type === 'boolean') return ['true', 'false'];
  return undefined;
}

/** Walks the required parts of `schema`, calling `visit` for each input and each constant, in order. */
function walk(
  schema: JsonSchema,
  path: string,
  answers: ConfigAnswers,
  secretFields: readonly string[],
  visit: (input: ConfigInput | { kind: 'const'; path: string; value: unknown }) => void,
): void {
  const constant = constOf(schema);
  if (constant !== undefined) {
    visit({ kind: 'const', path, value: constant });
    return;
  }
  const variants = schema.anyOf;
  if (variants?.some(isObject)) {
    const options = variants.map(variantLabel);
    visit({ kind: 'variant', path, label: path || 'config', options });
    const chosen = variants[answers.variants[path] ?? 0] ?? variants[0]!;
    walk(chosen, path, answers, secretFields, visit);
    return;
  }
  if (isObject(schema)) {
    for (const key of schema.required ?? []) {
      const prop = schema.properties?.[key];
      if (prop) walk(prop, path ? `${path}.${key}` : key, answers, secretFields, visit);
    }
    return;
  }
  const options = choicesOf(schema);
  const numeric = schema.type === 'integer' || schema.type === 'number';
  visit({
    kind: 'field',
    path,
    label: path,
    description: schema.description,
    input: options ? 'choice' : numeric ? 'number' : secretFields.includes(path) ? 'password' : 'text',
    options: options ?? [],
    schema,
  });
}

/** The inputs the form shows for these answers (choosing another alternative changes them). */
export function configInputs(
  schema: JsonSchema,
  secretFields: readonly string[],
  answers: ConfigAnswers,
): ConfigInput[] {
  const inputs: ConfigInput[] = [];
  walk(schema, '', answers, secretFields, (input) => {
    if (input.kind !== 'const') inputs.push(input);
  });
  return inputs;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}

/** The config the answers make, typed as the schema wants (numbers, booleans, constants). */
export function configOf(
  schema: JsonSchema,
  secretFields: readonly string[],
  answers: ConfigAnswers,
): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  walk(schema, '', answers, secretFields, (input) => {
    if (input.kind === 'variant' || !input.path) return;
    if (input.kind === 'const') {
      setPath(config, input.path, input.value);
      return;
    }
    const typed = answers.values[input.path] ?? '';
    if (input.input === 'number') setPath(config, input.path, Number(typed));
    else if (input.schema.type === 'boolean') setPath(config, input.path, typed === 'true');
    else setPath(config, input.path, typed);
  });
  return config;
}
