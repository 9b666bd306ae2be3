import { type Static, Type } from 'typebox';
import { signingSecretProblem } from './standard-webhooks.ts';

/** Names the sender sets itself; a configured header of the same name is ignored. */
export const reservedHeaderNames: ReadonlySet<string> = new Set([
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'content-type',
  'content-length',
  'host',
  'transfer-encoding',
  'connection',
]);

// RFC 9110 §5.6.2 token characters for field names; values without CR, LF or NUL (§5.5).
const headerNamePattern = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";
const headerValuePattern = '^[^\\r\\n\\u0000]*$';

/** The Standard Webhooks spec recommends a timeout of 15 to 30 s, to give receivers time to answer. */
export const defaultWebhookTimeoutMs = 15_000;

export const WebhookTargetConfigSchema = Type.Object(
  {
    url: Type.Refine(
      Type.String({
        format: 'uri',
        pattern: '^https?://',
        description: 'Where to POST. Redirects are not followed: give the final URL.',
      }),
      (url) => !hasUserInfo(url),
      () => 'must not carry user:password@; put credentials in a header (headers.authorization)',
    ),
    secret: Type.Optional(
      Type.Refine(
        Type.String({
          description:
            'Signing secret: `whsec_` followed by the base64 of 24 to 64 random bytes ' +
            '(e.g. `whsec_$(openssl rand -base64 32)`). Omit to send unsigned requests.',
        }),
        (secret) => signingSecretProblem(secret) === undefined,
        // The message never includes the value: it is a secret, and errors are shown and logged.
        (secret) => signingSecretProblem(secret) ?? 'is not a valid signing secret',
      ),
    ),
    headers: Type.Optional(
      Type.Record(Type.String({ pattern: headerNamePattern }), Type.String({ pattern: headerValuePattern }), {
        description:
          'Extra request headers (e.g. authorization). webhook-*, content-type and host are set by the sender.',
        // patternProperties alone lets a name that does not match through.
        additionalProperties: false,
      }),
    ),
    timeoutMs: Type.Optional(
      Type.Integer({
        minimum: 1000,
        maximum: 60_000,
        default: defaultWebhookTimeoutMs,
        description: 'How long to wait for an answer, in ms. An attempt that times out is retried.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type WebhookTargetConfig = Static<typeof WebhookTargetConfigSchema>;

function hasUserInfo(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return false; // `format: 'uri'` reports it
  }
}
