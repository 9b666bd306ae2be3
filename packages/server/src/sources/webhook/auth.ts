import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IngressCheck, IngressHead, IngressRequest } from '../source.ts';
import {
  authConfigProblem,
  DEFAULT_SIGNATURE_HEADER,
  DEFAULT_TOLERANCE_SECONDS,
  type HmacAuth,
  type WebhookSourceConfig,
} from './config-schema.ts';

/**
 * Constant-time equality of two secrets. Both sides are hashed first so the comparison takes the
 * same time whatever the lengths (timingSafeEqual itself throws on unequal lengths, which leaks them).
 */
export function constantTimeEqual(received: string | Buffer, expected: string | Buffer): boolean {
  const a = createHash('sha256').update(received).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export type SignatureEncoding = 'hex' | 'base64';

const SHA256_BYTES = 32;
const HEX_DIGEST = /^[0-9a-fA-F]{64}$/;
// 32 bytes are 43 base64 characters plus one "=" of padding; base64url ("-", "_") is accepted too.
const BASE64_DIGEST = /^[A-Za-z0-9+/_-]{43}=?$/;

/** The digest bytes of a signature header (`[prefix]<hex or base64>`), or undefined if malformed. */
export function decodeSignature(value: string, encoding: SignatureEncoding, prefix = ''): Buffer | undefined {
  const trimmed = value.trim();
  if (trimmed.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) return undefined;
  const digest = trimmed.slice(prefix.length);
  if (encoding === 'hex') return HEX_DIGEST.test(digest) ? Buffer.from(digest, 'hex') : undefined;
  return BASE64_DIGEST.test(digest) ? Buffer.from(digest, 'base64') : undefined;
}

export interface HmacSignatureInput {
  /** The shared key. */
  secret: string | Buffer;
  /** The exact bytes the sender signed: the raw body, or e.g. `<timestamp>.<raw body>`. */
  payload: Buffer;
  /** The signature header's value as received; undefined when the header is missing. */
  signature: string | undefined;
  encoding: SignatureEncoding;
  /** Text before the digest, e.g. GitHub's `sha256=`; matched case-insensitively. */
  prefix?: string;
  /** Named in the messages; default "the signature header". */
  headerName?: string;
}

export type HmacSignatureResult =
  | { ok: true }
  | { ok: false; reason: 'missing' | 'malformed' | 'mismatch'; message: string };

/**
 * Checks an HMAC-SHA256 signature over raw bytes in constant time. Pure: reusable by any source kind
 * whose sender signs its bodies (Gitea: `x-gitea-signature`, hex; GitHub: `x-hub-signature-256`,
 * hex with prefix `sha256=`).
 */
export function verifyHmacSignature(input: HmacSignatureInput): HmacSignatureResult {
  const header = input.headerName ?? 'the signature header';
  if (input.signature === undefined || input.signature.trim() === '') {
    return { ok: false, reason: 'missing', message: `Missing ${header}; sign the body with HMAC-SHA256.` };
  }
  const received = decodeSignature(input.signature, input.encoding, input.prefix);
  if (!received) {
    const shape = `${input.prefix ?? ''}<${input.encoding} HMAC-SHA256>`;
    return { ok: false, reason: 'malformed', message: `${header} must look like ${shape}.` };
  }
  const expected = createHmac('sha256', input.secret).update(input.payload).digest();
  // Both are SHA256_BYTES long here (the patterns above fix the length), so no length leaks.
  if (received.length !== SHA256_BYTES || !timingSafeEqual(received, expected)) {
    return {
      ok: false,
      reason: 'mismatch',
      message: `${header} does not match the body; check that both sides use the same secret.`,
    };
  }
  return { ok: true };
}

export type TimestampResult =
  | { ok: true; epochMs: number }
  | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'future'; message: string };

/**
 * Checks a signing timestamp against now ± tolerance, so a captured request cannot be replayed
 * later. Integer Unix seconds; values from 10^12 up are taken as milliseconds.
 */
export function checkSignatureTimestamp(
  value: string | undefined,
  now: number,
  toleranceSeconds: number,
  headerName = 'the timestamp header',
): TimestampResult {
  if (value === undefined || value.trim() === '') {
    return { ok: false, reason: 'missing', message: `Missing ${headerName}; send the Unix time of signing.` };
  }
  if (!/^\d{1,15}$/.test(value.trim())) {
    return { ok: false, reason: 'malformed', message: `${headerName} must be Unix seconds (an integer).` };
  }
  const number = Number(value.trim());
  const epochMs = number >= 1e12 ? number : number * 1000;
  const skewSeconds = Math.round((epochMs - now) / 1000);
  if (Math.abs(epochMs - now) > toleranceSeconds * 1000) {
    const future = skewSeconds > 0;
    return {
      ok: false,
      reason: future ? 'future' : 'stale',
      message: `${headerName} is ${Math.abs(skewSeconds)} s in the ${future ? 'future' : 'past'}, over the ${toleranceSeconds} s allowed; check the sender's clock.`,
    };
  }
  return { ok: true, epochMs };
}

function header(head: IngressHead, name: string): string | undefined {
  return head.headers[name.toLowerCase()];
}

function hmacHeaderName(auth: HmacAuth): string {
  return (auth.header ?? DEFAULT_SIGNATURE_HEADER).toLowerCase();
}

function unauthorized(message: string): IngressCheck {
  return { ok: false, code: 'NB_ERR_UNAUTHORIZED', message };
}

function signatureFailure(message: string): IngressCheck {
  return { ok: false, code: 'NB_ERR_SIGNATURE', message };
}

// RFC 9110 §11.1: the auth scheme is case-insensitive.
// Any token text, not only RFC 6750 b64token characters: a secret with spaces still works.
const BEARER = /^bearer +(.+?) *$/i;
const BASIC = /^basic +([A-Za-z0-9+/]+=*) *$/i;

/**
 * Everything that can be checked before the body is read: bearer and basic credentials in full;
 * for HMAC, that the signature header is there and well formed and the timestamp is fresh.
 */
export function authenticateWebhook(
  head: IngressHead,
  config: WebhookSourceConfig,
  now: number,
): IngressCheck {
  const problem = authConfigProblem(config);
  if (problem) {
    return { ok: false, code: 'NB_ERR_FORBIDDEN', message: `This source is misconfigured: ${problem}.` };
  }
  const auth = config.auth;
  const secret = config.secret ?? '';
  const authorization = header(head, 'authorization');
  switch (auth.mode) {
    case 'none':
      return { ok: true };
    case 'bearer': {
      const token = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
      if (token === undefined) return unauthorized('Send the secret as `Authorization: Bearer <token>`.');
      return constantTimeEqual(token, secret) ? { ok: true } : unauthorized('The bearer token is wrong.');
    }
    case 'basic': {
      const encoded = authorization === undefined ? undefined : BASIC.exec(authorization)?.[1];
      if (encoded === undefined) return unauthorized('Send `Authorization: Basic base64(username:secret)`.');
      // RFC 7617 §2: user-id and password are split at the first colon.
      const decoded = Buffer.from(encoded, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const username = colon < 0 ? decoded : decoded.slice(0, colon);
      const password = colon < 0 ? '' : decoded.slice(colon + 1);
      // Both compared, always, so the time does not tell which one was wrong.
      const userMatches = constantTimeEqual(username, auth.username);
      const passwordMatches = constantTimeEqual(password, secret);
      return userMatches && passwordMatches
        ? { ok: true }
        : unauthorized('The username or password is wrong.');
    }
    case 'hmac': {
      const name = hmacHeaderName(auth);
      const value = header(head, name);
      const encoding = auth.encoding ?? 'hex';
      if (value === undefined || value.trim() === '') {
        return signatureFailure(`Missing ${name} header; sign the body with HMAC-SHA256 (${encoding}).`);
      }
      if (!decodeSignature(value, encoding, auth.prefix)) {
        return signatureFailure(`${name} must look like ${auth.prefix ?? ''}<${encoding} HMAC-SHA256>.`);
      }
      if (auth.timestampHeader) {
        const tolerance = auth.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
        const timestampName = auth.timestampHeader.toLowerCase();
        const checked = checkSignatureTimestamp(header(head, timestampName), now, tolerance, timestampName);
        if (!checked.ok) return signatureFailure(checked.message);
      }
      return { ok: true };
    }
  }
}

/** After the body is read: the HMAC over the raw bytes (other modes were settled by authenticate). */
export function verifyWebhook(
  request: IngressRequest,
  config: WebhookSourceConfig,
  _now: number,
): IngressCheck {
  const auth = config.auth;
  if (auth.mode !== 'hmac') return { ok: true };
  // Fail closed even if a caller skipped authenticate: never check an HMAC with an empty key.
  if (authConfigProblem(config))
    return { ok: false, code: 'NB_ERR_FORBIDDEN', message: 'This source is misconfigured.' };
  const name = hmacHeaderName(auth);
  let payload = request.rawBody;
  if (auth.signedPayload === 'timestamp.body') {
    const timestamp = header(request, auth.timestampHeader ?? '')?.trim();
    if (!timestamp) return signatureFailure(`Missing ${auth.timestampHeader} header.`);
    payload = Buffer.concat([Buffer.from(`${timestamp}.`), request.rawBody]);
  }
  const result = verifyHmacSignature({
    secret: config.secret ?? '',
    payload,
    signature: header(request, name),
    encoding: auth.encoding ?? 'hex',
    prefix: auth.prefix,
    headerName: name,
  });
  return result.ok ? result : signatureFailure(result.message);
}
