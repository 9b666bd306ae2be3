import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks symmetric signatures
 * (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md#signature-scheme):
 * `v1,` + base64 HMAC-SHA256 over `${id}.${timestamp}.${body}`, keyed with the bytes whose base64 follows
 * `whsec_`. The spec asks for keys of 24 to 64 bytes (192 to 512 bits).
 */
export const secretPrefix = 'whsec_';
const keyMinBytes = 24;
const keyMaxBytes = 64;
const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Why `secret` is not a usable signing secret, or undefined. Never repeats the secret itself. */
export function signingSecretProblem(secret: string): string | undefined {
  if (!secret.startsWith(secretPrefix)) {
    return 'must start with whsec_ followed by base64 (e.g. whsec_ + the output of `openssl rand -base64 32`)';
  }
  const encoded = secret.slice(secretPrefix.length);
  if (!base64Pattern.test(encoded)) {
    return 'must be whsec_ followed by standard base64 (A-Z a-z 0-9 + /, padded with =)';
  }
  const bytes = Buffer.from(encoded, 'base64').length;
  if (bytes < keyMinBytes || bytes > keyMaxBytes) {
    return `must encode ${keyMinBytes} to ${keyMaxBytes} bytes after whsec_ (this one has ${bytes})`;
  }
  return undefined;
}

/** The HMAC key. Accepts the bare base64 too, as the reference libraries do. */
export function signingKey(secret: string): Buffer {
  const encoded = secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : secret;
  return Buffer.from(encoded, 'base64');
}

/** The `webhook-signature` value for one message: `v1,<base64 HMAC-SHA256>`. */
export function signStandardWebhook(secret: string, id: string, timestamp: number, body: string): string {
  // The spec: the id must not contain "." (else `a.b` + `c` and `a` + `b.c` would sign the same content).
  if (id.includes('.')) throw new TypeError('a Standard Webhooks message id must not contain "."');
  if (!Number.isSafeInteger(timestamp)) throw new TypeError('the timestamp must be whole unix seconds');
  const digest = createHmac('sha256', signingKey(secret))
    .update(`${id}.${timestamp}.${body}`)
    .digest('base64');
  return `v1,${digest}`;
}

export interface StandardWebhookHeaders {
  /** `webhook-id` */
  id: string;
  /** `webhook-timestamp` */
  timestamp: string;
  /** `webhook-signature`: space-separated `version,signature` entries. */
  signature: string;
}

/**
 * What a receiver does: true when one `v1` entry of the signature header matches and the timestamp is within
 * `toleranceSeconds` of now (replay protection, 5 minutes by default as in the reference libraries). The
 * comparison is constant-time. Offered to users' code and used by our tests.
 */
export function verifyStandardWebhook(
  secret: string,
  headers: StandardWebhookHeaders,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  if (!/^\d{1,15}$/.test(headers.timestamp) || headers.id === '' || headers.id.includes('.')) return false;
  const timestamp = Number(headers.timestamp);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signStandardWebhook(secret, headers.id, timestamp, body));
  let matched = false;
  // Every entry is compared, so the time taken does not tell which one matched.
  for (const entry of headers.signature.split(' ')) {
    const candidate = Buffer.from(entry);
    if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) matched = true;
  }
  return matched;
}
