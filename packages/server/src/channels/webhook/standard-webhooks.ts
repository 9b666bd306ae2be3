import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks signatures (github.com/standard-webhooks/standard-webhooks, spec §"Signature scheme"):
 * `v1,` + base64 HMAC-SHA256 over `${id}.${timestamp}.${body}`, keyed with the base64 bytes after `whsec_`.
 */
export const secretPrefix = 'whsec_';

export function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : secret;
  return Buffer.from(encoded, 'base64');
}

export function signStandardWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const digest = createHmac('sha256', secretKey(secret))
    .update(`${id}.${timestamp}.${body}`)
    .digest('base64');
  return `v1,${digest}`;
}

/**
 * Checks a `webhook-signature` header (space-separated `v1,<sig>` entries, any of which may match) and the
 * timestamp's distance from now. What a receiver does; we use it in tests and offer it to users' code.
 */
export function verifyStandardWebhook(
  secret: string,
  headers: { id: string; timestamp: string; signature: string },
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signStandardWebhook(secret, headers.id, timestamp, body));
  return headers.signature.split(' ').some((entry) => {
    const candidate = Buffer.from(entry);
    return candidate.length === expected.length && timingSafeEqual(candidate, expected);
  });
}
