import fc from 'fast-check';
import type { Database } from '../../src/db/open-database.ts';
import type { Schema } from '../../src/db/schema.ts';

/** A JSON Schema as far as the generators read it (TypeBox schemas and OpenAPI bodies are both). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  patternProperties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

/** Any JSON value, small: the "wrong type" in a field. */
export const anyJson = fc.jsonValue({ maxDepth: 2 });

/** Values to try, by property name, beside the generated ones (ids of rows that exist). */
export type Overrides = Record<string, fc.Arbitrary<unknown>>;

/**
 * Values shaped like `schema` where each field, at every level, is sometimes of the right type and
 * sometimes any JSON value, sometimes missing: what a careless or hostile sender posts.
 */
export function roughly(schema: JsonSchema, overrides: Overrides = {}): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 5, arbitrary: shaped(schema, overrides) }, { weight: 1, arbitrary: anyJson });
}

function shaped(schema: JsonSchema, overrides: Overrides): fc.Arbitrary<unknown> {
  const resolve = (sub: JsonSchema) => roughly(sub, overrides);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return fc.oneof(...branches.map(resolve));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const properties = Object.entries(schema.properties ?? {});
      if (properties.length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), anyJson, { maxKeys: 3 });
      const fields = properties.map(([name, sub]) => {
        const known = overrides[name];
        return [name, known ? fc.oneof({ weight: 3, arbitrary: known }, resolve(sub)) : resolve(sub)];
      });
      return fc.record(Object.fromEntries(fields), { requiredKeys: [] });
    }
    case 'array':
      return fc.array(schema.items ? resolve(schema.items) : anyJson, { maxLength: 4 });
    case 'string':
      if (schema.pattern) return fc.oneof(fc.stringMatching(new RegExp(schema.pattern)), fc.string());
      if (schema.format === 'date-time')
        return fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          fc.string(),
        );
      return fc.oneof(
        fc.string({ maxLength: schema.maxLength ?? 40 }),
        fc.constantFrom('', ' ', 'https://example.test/x'),
      );
    case 'integer':
      return fc.oneof(
        fc.integer({ min: schema.minimum ?? -10, max: schema.maximum ?? 10 }),
        fc.constantFrom(0, -1, 2 ** 53, -(2 ** 31), 1e308),
      );
    case 'number':
      return fc.oneof(fc.double(), fc.integer());
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return anyJson;
  }
}

/** `[[[…]]]` or `{"a":{"a":…}}` nested `depth` levels. */
export function nested(depth: number, asObject: boolean, leaf = '1'): string {
  return asObject
    ? `${'{"a":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`
    : `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`;
}

export interface RawBody {
  body: string;
  contentType: string | undefined;
  /** What the case is, for the failure message. */
  label: string;
}

const oddContentTypes = [
  undefined,
  '',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16le',
  'application/json; charset=no-such-charset',
  'application/vnd.test+json',
  'application/json; charset="utf-8"; x=y',
  ';;;',
  'json',
];

const formText = (keys: string[]) =>
  fc
    .dictionary(
      fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 6 })),
      fc.oneof(
        fc.string({ maxLength: 30 }),
        anyJson.map((v) => JSON.stringify(v)),
      ),
      { maxKeys: 4 },
    )
    .map((fields) => new URLSearchParams(fields).toString());

/**
 * Request bodies an ingress route or API endpoint must answer with a 2xx or a 4xx: `shape` roughly
 * followed, any JSON, JSON nested past the depth limit (at the top or inside a field), huge strings,
 * forms, empty bodies, JSON scalars, under content types both right and odd.
 */
export function rawBodies(shape: fc.Arbitrary<unknown>, fieldNames: string[]): fc.Arbitrary<RawBody> {
  const names = fieldNames.length > 0 ? fieldNames : ['message'];
  const field = fc.constantFrom(...names);
  const json = (label: string) => (value: unknown) => ({ body: JSON.stringify(value) ?? 'null', label });
  const variants: fc.Arbitrary<{ body: string; label: string }> = fc.oneof(
    { weight: 8, arbitrary: shape.map(json('shaped')) },
    { weight: 2, arbitrary: fc.jsonValue().map(json('any json')) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          // Just past the limit, and deep enough to overflow a recursive step on the value.
          fc.oneof(fc.integer({ min: 60, max: 100 }), fc.integer({ min: 3000, max: 7000 })),
          fc.boolean(),
          field,
          fc.boolean(),
        )
        .map(([depth, asObject, name, inside]) => ({
          body: inside ? `{${JSON.stringify(name)}:${nested(depth, asObject)}}` : nested(depth, asObject),
          label: `nested ${depth} ${asObject ? 'objects' : 'arrays'}${inside ? ` in ${name}` : ''}`,
        })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(70_000, 1024 * 1024 + 10), field).map(([length, name]) => ({
        body: JSON.stringify({ [name]: 'x'.repeat(length) }),
        label: `huge ${name}`,
      })),
    },
    { weight: 1, arbitrary: formText(names).map((body) => ({ body, label: 'form' })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          '',
          ' ',
          'null',
          'true',
          '0',
          '"text"',
          '[]',
          '{}',
          '[null]',
          '{"a":',
          '\u0000',
          '\ufeff{}',
        )
        .map((body) => ({ body, label: 'scalar or broken' })),
    },
  );
  const contentType = fc.oneof(
    { weight: 4, arbitrary: fc.constant('application/json') },
    { weight: 2, arbitrary: fc.constantFrom(...oddContentTypes) },
  );
  return fc
    .tuple(variants, contentType)
    .map(([{ body, label }, type]) => ({ body, label, contentType: type }));
}

/** Rows per table, in one query, to see that a rejected request left none behind. */
export async function rowCounts(
  database: Database,
  tables: readonly (keyof Schema)[],
): Promise<Record<string, number>> {
  const row = await database.db
    .selectNoFrom((eb) =>
      tables.map((table) => eb.selectFrom(table).select(eb.fn.countAll<number | string>().as('n')).as(table)),
    )
    .executeTakeFirstOrThrow();
  return Object.fromEntries(tables.map((table) => [table, Number((row as Record<string, unknown>)[table])]));
}
