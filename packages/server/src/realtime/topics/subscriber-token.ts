import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Subscriber tokens: `nbst_<payload>.<signature>`, the payload base64url JSON `{v, kid, jti, tid, exp}` (key
 * id, token id, topic ids, expiry in Unix seconds) and the signature base64url HMAC-SHA256 of
 * `nbst_<payload>` under the key `kid` names. Stateless: a token is valid while its key is kept and it has
 * not expired, so a subscription needs no row per token. Pure: keys and time come from the caller.
 */
export const subscriberTokenPrefix = 'nbst_';

export interface SubscriberTokenClaims {
  /** The signing key's id. */
  keyId: string;
  /** This token's own id: what the cap on open streams counts by. */
  tokenId: string;
  topicIds: readonly string[];
  /** Unix seconds. */
  expiresAt: number;
}

/** A token whose form is right, before its signature and claims are checked. */
export interface ParsedSubscriberToken {
  claims: SubscriberTokenClaims;
  signed: string;
  signature: Buffer;
}

/** Why a token was refused: for the log and the tests, never for the caller (one generic 401). */
export type TokenRefusal = 'malformed' | 'unknown-key' | 'bad-signature' | 'expired' | 'other-topic';

export type TokenCheck = { ok: true; claims: SubscriberTokenClaims } | { ok: false; refusal: TokenRefusal };

const maxTokenLength = 4096;

export function encodeSubscriberToken(claims: SubscriberTokenClaims, key: Buffer): string {
  const payload = Buffer.from(
    JSON.stringify({
      v: 1,
      kid: claims.keyId,
      jti: claims.tokenId,
      tid: claims.topicIds,
      exp: claims.expiresAt,
    }),
  ).toString('base64url');
  const signed = `${subscriberTokenPrefix}${payload}`;
  return `${signed}.${sign(signed, key)}`;
}

/** The token's parts when its form is right, else undefined: nothing about it is trusted yet. */
export function parseSubscriberToken(token: string): ParsedSubscriberToken | undefined {
  if (token.length > maxTokenLength || !token.startsWith(subscriberTokenPrefix)) return undefined;
  const dot = token.lastIndexOf('.');
  if (dot <= subscriberTokenPrefix.length) return undefined;
  const signed = token.slice(0, dot);
  const payload = signed.slice(subscriberTokenPrefix.length);
  const signature = token.slice(dot + 1);
  if (!base64url.test(payload) || !base64url.test(signature)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const claims = claimsOf(raw);
  // The signature stays text: decoding would let a changed padding bit in the last character through.
  return claims ? { claims, signed, signature: Buffer.from(signature, 'latin1') } : undefined;
}

/**
 * Checks a parsed token's signature under `key` (undefined: no such key is kept) in constant time, then its
 * expiry and that it names `topicId`. The signature comes first, so nothing unsigned is judged.
 */
export function checkSubscriberToken(
  parsed: ParsedSubscriberToken | undefined,
  key: Buffer | undefined,
  context: { nowMs: number; topicId: string },
): TokenCheck {
  if (!parsed) return { ok: false, refusal: 'malformed' };
  if (!key) return { ok: false, refusal: 'unknown-key' };
  const expected = Buffer.from(sign(parsed.signed, key), 'latin1');
  if (expected.length !== parsed.signature.length || !timingSafeEqual(expected, parsed.signature)) {
    return { ok: false, refusal: 'bad-signature' };
  }
  if (context.nowMs >= parsed.claims.expiresAt * 1000) return { ok: false, refusal: 'expired' };
  if (!parsed.claims.topicIds.includes(context.topicId)) return { ok: false, refusal: 'other-topic' };
  return { ok: true, claims: parsed.claims };
}

const base64url = /^[A-Za-z0-9_-]+$/;
const idForm = /^[\x21-\x7e]{1,64}$/;

function sign(signed: string, key: Buffer): string {
  return createHmac('sha256', key).update(signed).digest('base64url');
}

function claimsOf(raw: unknown): SubscriberTokenClaims | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { v, kid, jti, tid, exp } = raw as Record<string, unknown>;
  if (v !== 1 || typeof kid !== 'string' || !idForm.test(kid)) return undefined;
  if (typeof jti !== 'string' || !idForm.test(jti)) return undefined;
  if (!Array.isArray(tid) || tid.length === 0 || tid.length > 100) return undefined;
  if (!tid.every((id) => typeof id === 'string' && idForm.test(id))) return undefined;
  if (typeof exp !== 'number' || !Number.isSafeInteger(exp) || exp < 0) return undefined;
  return { keyId: kid, tokenId: jti, topicIds: tid as string[], expiresAt: exp };
}
