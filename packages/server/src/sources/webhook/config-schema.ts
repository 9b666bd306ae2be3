import { type Static, Type } from 'typebox';
import { severities } from '../../domain/event.ts';
import { expressionProblem } from './expression.ts';

/**
 * Config of a generic `webhook` source (POST /hooks/:sourceId).
 *
 * ```jsonc
 * {
 *   // Who may post. `secret` (top level, sealed at rest) is the bearer token, the basic password
 *   // or the HMAC key; it is required by every mode but `none`.
 *   "auth": { "mode": "none" }
 *         | { "mode": "bearer" }                          // Authorization: Bearer <secret>
 *         | { "mode": "basic", "username": "alertmanager" } // Authorization: Basic base64(user:secret)
 *         | { "mode": "hmac",
 *             "header": "x-signature",          // default; holds HMAC-SHA256 of the signed payload
 *             "encoding": "hex",                // or "base64" (base64url is accepted too)
 *             "prefix": "sha256=",              // optional text before the digest
 *             "timestampHeader": "x-timestamp", // optional; Unix seconds (or ms), checked ±toleranceSeconds
 *             "toleranceSeconds": 300,          // default
 *             "signedPayload": "body" },        // or "timestamp.body": HMAC over `<timestamp>.<raw body>`
 *   "secret": "…",
 *   // Where the event's fields come from. Each value is a JSON pointer ("/alert/title", RFC 6901),
 *   // a `{{ path.to[0].field }}` interpolation ("{{ repo.name }}: {{ status }}") or a literal string.
 *   // Unmapped fields fall back to the defaults in mapping.ts (title from /title, /subject, /name ...).
 *   "mapping": { "type": "…", "title": "…", "body": "…", "severity": "…", "url": "…", "dedupKey": "…",
 *                "tags": "…", "attachments": "…", "occurredAt": "…" },
 *   // Credentials for fetching attachments on one origin (sealed like `secret`; other origins get none).
 *   "attachmentAuth": { "origin": "https://photos.lan", "headers": { "x-api-key": "…" } },
 *   "dedupHeader": "x-gitea-delivery",   // the sender's delivery id; else the dedup key is sha256 of the body
 *   "maxBodyBytes": 1048576,             // default 1 MiB; 413 past it
 *   "defaultType": "webhook.received",   // default
 *   "defaultSeverity": "info"            // default
 * }
 * ```
 */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const MAX_BODY_BYTES_LIMIT = 32 * 1024 * 1024;
export const DEFAULT_EVENT_TYPE = 'webhook.received';
export const DEFAULT_SIGNATURE_HEADER = 'x-signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

// RFC 9110 §5.1: a field name is a token.
const headerName = (description: string, defaultValue?: string) =>
  Type.String({
    pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$",
    maxLength: 100,
    description,
    ...(defaultValue === undefined ? {} : { default: defaultValue }),
  });

const expression = (description: string) => Type.String({ minLength: 1, maxLength: 1000, description });

export const WebhookMappingSchema = Type.Object(
  {
    type: Type.Optional(expression('Event type (dot.case); default `defaultType`.')),
    title: Type.Optional(expression('Title; default /title, /subject, /name or "Webhook".')),
    body: Type.Optional(expression('Body; default /message, /body, /text, /description or the JSON.')),
    severity: Type.Optional(expression('Severity or a synonym (warn, crit, fatal, ntfy 1-5).')),
    url: Type.Optional(expression('An http(s) link; default /url or /link.')),
    dedupKey: Type.Optional(expression('Dedup key; wins over `dedupHeader` and the body hash.')),
    tags: Type.Optional(expression('A pointer to an array of strings, or a comma-separated string.')),
    attachments: Type.Optional(expression('A pointer to URLs or {url, name, contentType} objects.')),
    occurredAt: Type.Optional(expression('Epoch seconds or ms, or an ISO 8601 date.')),
  },
  { additionalProperties: false },
);

const NoAuthSchema = Type.Object({ mode: Type.Literal('none') }, { additionalProperties: false });
const BearerAuthSchema = Type.Object({ mode: Type.Literal('bearer') }, { additionalProperties: false });
const BasicAuthSchema = Type.Object(
  { mode: Type.Literal('basic'), username: Type.String({ minLength: 1, pattern: '^[^:]*$' }) },
  { additionalProperties: false },
);
export const HmacAuthSchema = Type.Object(
  {
    mode: Type.Literal('hmac'),
    header: Type.Optional(headerName('Header with the signature.', DEFAULT_SIGNATURE_HEADER)),
    encoding: Type.Optional(Type.Union([Type.Literal('hex'), Type.Literal('base64')], { default: 'hex' })),
    prefix: Type.Optional(
      Type.String({ maxLength: 50, description: 'Text before the digest, e.g. sha256=' }),
    ),
    timestampHeader: Type.Optional(headerName('Header with the Unix time the sender signed at.')),
    toleranceSeconds: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 86_400, default: DEFAULT_TOLERANCE_SECONDS }),
    ),
    signedPayload: Type.Optional(
      Type.Union([Type.Literal('body'), Type.Literal('timestamp.body')], { default: 'body' }),
    ),
  },
  { additionalProperties: false },
);

const secret = Type.String({ minLength: 16, maxLength: 1024, description: 'Token, password or HMAC key.' });

export const AttachmentAuthSchema = Type.Object(
  {
    origin: Type.String({
      pattern: '^https?://[^/]+$',
      description: 'Only attachment URLs on this origin (scheme://host[:port]) get the headers.',
    }),
    headers: Type.Record(Type.String({ pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" }), Type.String(), {
      description: 'Headers sent when fetching those attachments, e.g. {"x-api-key": "…"}.',
    }),
  },
  { additionalProperties: false },
);

const commonFields = {
  mapping: Type.Optional(WebhookMappingSchema),
  attachmentAuth: Type.Optional(AttachmentAuthSchema),
  dedupHeader: Type.Optional(headerName("Header with the sender's delivery id.")),
  maxBodyBytes: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_BODY_BYTES_LIMIT, default: DEFAULT_MAX_BODY_BYTES }),
  ),
  defaultType: Type.Optional(
    Type.String({ pattern: '^[a-z0-9_-]+(\\.[a-z0-9_-]+)*$', maxLength: 100, default: DEFAULT_EVENT_TYPE }),
  ),
  defaultSeverity: Type.Optional(Type.Enum(severities, { default: 'info' })),
};

// One variant per auth mode so the schema itself says "bearer, basic and hmac need a secret".
export const WebhookSourceConfigSchema = Type.Union([
  Type.Object(
    { auth: NoAuthSchema, secret: Type.Optional(secret), ...commonFields },
    { additionalProperties: false },
  ),
  Type.Object({ auth: BearerAuthSchema, secret, ...commonFields }, { additionalProperties: false }),
  Type.Object({ auth: BasicAuthSchema, secret, ...commonFields }, { additionalProperties: false }),
  Type.Object({ auth: HmacAuthSchema, secret, ...commonFields }, { additionalProperties: false }),
]);

export type WebhookSourceConfig = Static<typeof WebhookSourceConfigSchema>;
export type WebhookMapping = Static<typeof WebhookMappingSchema>;
export type HmacAuth = Static<typeof HmacAuthSchema>;

/** Auth rules the schema cannot say. The ingress fails closed (403) while one of these holds. */
export function authConfigProblem(config: WebhookSourceConfig): string | undefined {
  if (config.auth.mode !== 'none' && !config.secret) {
    return `secret: auth mode "${config.auth.mode}" needs a secret; set \`secret\``;
  }
  if (
    config.auth.mode === 'hmac' &&
    config.auth.signedPayload === 'timestamp.body' &&
    !config.auth.timestampHeader
  ) {
    return 'auth.timestampHeader: signedPayload "timestamp.body" needs the header the timestamp comes in';
  }
  return undefined;
}

/**
 * Everything the schema cannot say: the auth rules above and the syntax of mapping expressions.
 * Returns the first problem as a message naming the setting, or undefined. Run it when a config is saved.
 */
export function webhookConfigProblem(config: WebhookSourceConfig): string | undefined {
  const authProblem = authConfigProblem(config);
  if (authProblem) return authProblem;
  for (const [field, value] of Object.entries(config.mapping ?? {})) {
    if (typeof value !== 'string') continue;
    const problem = expressionProblem(value);
    if (problem) return `mapping.${field}: ${problem}`;
  }
  return undefined;
}
