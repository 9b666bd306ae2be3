/**
 * The pure half of SchemaForm: which control a JSON Schema (as GET /kinds/sources and /kinds/channels
 * serve them, TypeBox's output) becomes, which branch of a union a value is in, and the value to send.
 * Nothing here knows a kind's name: the schema alone decides.
 */
export type JsonSchema = {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  description?: string;
  default?: unknown;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
};

export type FieldKind =
  | { kind: 'text'; multiline: boolean; number: 'integer' | undefined }
  | { kind: 'number'; integer: boolean }
  | { kind: 'boolean' }
  | { kind: 'choice'; options: unknown[] }
  | { kind: 'object'; schema: JsonSchema }
  | { kind: 'variants'; branches: JsonSchema[] }
  | { kind: 'lines' }
  | { kind: 'pairs' }
  | { kind: 'json' };

/** Longer strings than this (a PEM certificate) get a text area. */
const multilineFrom = 2000;

export function fieldKind(schema: JsonSchema): FieldKind {
  if (schema.enum) return { kind: 'choice', options: schema.enum };
  const branches = schema.anyOf;
  if (branches) {
    if (branches.every((branch) => branch.const !== undefined))
      return { kind: 'choice', options: branches.map((branch) => branch.const) };
    if (branches.every((branch) => branch.type === 'object')) return { kind: 'variants', branches };
    // A scalar that may be a number or a string (a chat id or @name): typed as text, sent as a number when
    // it is one and the schema allows it.
    if (branches.every((branch) => ['string', 'integer', 'number'].includes(branch.type ?? '')))
      return {
        kind: 'text',
        multiline: false,
        number: branches.some((branch) => branch.type === 'integer' || branch.type === 'number')
          ? 'integer'
          : undefined,
      };
    return { kind: 'json' };
  }
  switch (schema.type) {
    case 'string':
      return { kind: 'text', multiline: (schema.maxLength ?? 0) > multilineFrom, number: undefined };
    case 'integer':
    case 'number':
      return { kind: 'number', integer: schema.type === 'integer' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'array':
      return schema.items?.type === 'string' ? { kind: 'lines' } : { kind: 'json' };
    case 'object': {
      if (schema.properties) return { kind: 'object', schema };
      const values = Object.values(schema.patternProperties ?? {});
      if (values.length > 0 && values.every((value) => value.type === 'string')) return { kind: 'pairs' };
      return { kind: 'json' };
    }
    default:
      return { kind: 'json' };
  }
}

/** Every `const` a branch pins, by its path: what tells the branches of a union apart. */
export function constsOf(schema: JsonSchema, path: string[] = []): { path: string[]; value: unknown }[] {
  if (schema.const !== undefined) return [{ path, value: schema.const }];
  return Object.entries(schema.properties ?? {}).flatMap(([key, property]) =>
    constsOf(property, [...path, key]),
  );
}

/** How a branch is named in the picker: the values it pins ("hmac"), else its position. */
export function branchLabel(branch: JsonSchema, index: number): string {
  const pinned = constsOf(branch).map((entry) => String(entry.value));
  return pinned.length > 0 ? pinned.join(' / ') : String(index + 1);
}

/** What the branches differ in, by path ("auth.mode"): the name of the picker between them. */
export function branchKey(branches: readonly JsonSchema[]): string | undefined {
  const paths = new Set(branches.flatMap((branch) => constsOf(branch).map((entry) => entry.path.join('.'))));
  return paths.size > 0 ? [...paths].join(' / ') : undefined;
}

function at(value: unknown, path: readonly string[]): unknown {
  let here = value;
  for (const key of path) {
    if (typeof here !== 'object' || here === null) return undefined;
    here = (here as Record<string, unknown>)[key];
  }
  return here;
}

/** The branch `value` is in: the first whose pinned values it has; the first branch for none. */
export function branchOf(branches: readonly JsonSchema[], value: unknown): number {
  const found = branches.findIndex((branch) => {
    const pinned = constsOf(branch);
    return pinned.length > 0 && pinned.every((entry) => at(value, entry.path) === entry.value);
  });
  return found === -1 ? 0 : found;
}

/**
 * `value` moved into `branch`: the fields the branch also has are kept, the values it pins are set, the
 * rest are dropped (they would fail the branch's additionalProperties).
 */
export function intoBranch(branch: JsonSchema, value: unknown): Record<string, unknown> {
  const from = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const result: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(branch.properties ?? {})) {
    if (property.const !== undefined) result[key] = property.const;
    else if (property.properties && constsOf(property).length > 0)
      result[key] = intoBranch(property, from[key]);
    else if (from[key] !== undefined) result[key] = from[key];
  }
  return result;
}

/**
 * What the form sends: empty text and untouched optional fields left out (so the server's defaults
 * apply), and an optional object that ends up empty left out with them. `removable` names the top-level
 * secret fields whose null means "remove it".
 */
export function cleaned(value: unknown, required = true, removable: readonly string[] = []): unknown {
  if (value === '' || value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value;
  if (typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    // A top-level secret set to null is a request to remove the stored one (the API's PATCH contract).
    if (inner === null && removable.includes(key)) {
      result[key] = null;
      continue;
    }
    const kept = cleaned(inner, false);
    if (kept !== undefined) result[key] = kept;
  }
  return !required && Object.keys(result).length === 0 ? undefined : result;
}

/** A header-like map as the lines `name: value`, one a line, and back. */
export function pairsToText(value: unknown): string {
  if (typeof value !== 'object' || value === null) return '';
  return Object.entries(value as Record<string, unknown>)
    .map(([key, inner]) => `${key}: ${String(inner)}`)
    .join('\n');
}

export function textToPairs(text: string): Record<string, string> | undefined {
  const entries = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const colon = line.indexOf(':');
      return colon === -1 ? [line, ''] : [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
    });
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/** A list of strings as one a line, and back. */
export function textToLines(text: string): string[] | undefined {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return lines.length === 0 ? undefined : lines;
}

/** Text typed where the schema also allows a number: a number when it is an integer, else the text. */
export function textOrInteger(text: string, allowsNumber: boolean): string | number | undefined {
  if (text === '') return undefined;
  return allowsNumber && /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
}
