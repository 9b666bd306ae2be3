import type { TSchema } from 'typebox';
import { BridgeError } from '../errors.ts';
import { parseJson } from '../json.ts';
import { schemaProblems } from '../schema-check.ts';
import { openFields, SecretBox, sealFields, withoutSecrets } from '../security/secret-box.ts';

/** What sources and channels have in common as far as their stored config goes. */
export interface ConfigurableKind {
  kind: string;
  configSchema: TSchema;
  secretFields: readonly string[];
  validateConfig?(config: never): string | undefined;
}

export interface ValidationDetail {
  path: string;
  message: string;
}

/** The API route that lists the schemas of each table's kinds, named in validation errors. */
export const kindSchemasRoute = {
  sources: 'GET /api/v1/kinds/sources',
  targets: 'GET /api/v1/kinds/channels',
} as const;

/**
 * Checks `value` against a kind's schema; throws NB_ERR_VALIDATION naming each failing path under `at`,
 * the first in the message, and `schemasAt` (the route that lists the schema). TypeBox messages name the
 * rule broken, never the value, so a wrong secret is not echoed back.
 */
export function assertMatchesSchema(
  schema: TSchema,
  value: unknown,
  at: string,
  what: string,
  schemasAt: string,
): void {
  const details: ValidationDetail[] = schemaProblems(schema, value).map((problem) => ({
    path: `${at}${problem.path}`,
    message: problem.message,
  }));
  if (details.length === 0) return;
  const first = details[0];
  throw new BridgeError(
    'NB_ERR_VALIDATION',
    `${what} does not match its schema${first ? `: ${first.path} ${first.message}` : ''}; ${schemasAt} lists the schemas`,
    details,
  );
}

/**
 * The config to store: the request's config validated against the kind's schema and its secret fields
 * sealed. On an update (`stored` given) a secret field left out keeps its stored value and `null` clears it;
 * every other field is taken from `incoming` as sent. Secrets are unsealed only to validate the whole
 * config, then sealed again under the row's id.
 */
export function sealedConfig(options: {
  box: SecretBox;
  table: 'sources' | 'targets';
  rowId: string;
  kind: ConfigurableKind;
  incoming: Record<string, unknown>;
  stored?: Record<string, unknown>;
}): string {
  const { box, kind, incoming } = options;
  const where = { table: options.table, rowId: options.rowId };
  const previous = options.stored ? openFields(box, options.stored, kind.secretFields, where) : {};
  const merged: Record<string, unknown> = { ...incoming };
  for (const field of kind.secretFields) {
    if (!(field in incoming)) {
      if (previous[field] !== undefined && previous[field] !== null) merged[field] = previous[field];
    } else if (incoming[field] === null) {
      delete merged[field];
    }
  }
  assertMatchesSchema(
    kind.configSchema,
    merged,
    '/config',
    `config of kind "${kind.kind}"`,
    kindSchemasRoute[options.table],
  );
  const problem = kind.validateConfig?.(merged as never);
  if (problem) {
    throw new BridgeError('NB_ERR_VALIDATION', `config of kind "${kind.kind}": ${problem}`, [
      { path: '/config', message: problem },
    ]);
  }
  return JSON.stringify(sealFields(box, merged, kind.secretFields, where));
}

/** A stored config as the API shows it: secret fields left out, and named in `secretsSet` when set. */
export function publicConfig(
  storedJson: string,
  secretFields: readonly string[] | undefined,
): { config: Record<string, unknown>; secretsSet: string[] } {
  const stored = parseJson<Record<string, unknown>>(storedJson);
  if (secretFields) return withoutSecrets(stored, secretFields);
  // A kind this version no longer has: hide every sealed value, since which fields are secret is unknown.
  const sealed = Object.keys(stored).filter((key) => SecretBox.isSealed(stored[key]));
  return withoutSecrets(stored, sealed);
}

/**
 * For the audit log: which secret fields a request wrote (set or cleared), by name only, since a new
 * value of a write-only field shows nowhere else; undefined when it wrote none.
 */
export function secretsWritten(
  kind: Pick<ConfigurableKind, 'secretFields'>,
  incoming: Record<string, unknown> | undefined,
): { secretsWritten: string[] } | undefined {
  const written = kind.secretFields.filter((field) => incoming !== undefined && field in incoming);
  return written.length > 0 ? { secretsWritten: written } : undefined;
}
