import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IngressHead } from '../../../src/sources/source.ts';
import {
  authenticateWebhook,
  checkSignatureTimestamp,
  constantTimeEqual,
  decodeSignature,
  verifyHmacSignature,
  verifyWebhook,
} from '../../../src/sources/webhook/auth.ts';
import type { WebhookSourceConfig } from '../../../src/sources/webhook/config-schema.ts';

const SECRET = 'correct horse battery staple';
const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const NOW_SECONDS = String(NOW / 1000);
const BODY = Buffer.from('{"title":"Disk full","severity":"crit"}');

function head(headers: Record<string, string | undefined>): IngressHead {
  return { method: 'POST', path: '/hooks/s', headers, query: {}, contentLength: undefined };
}

function hmac(payload: Buffer | string, encoding: 'hex' | 'base64' | 'base64url', key = SECRET): string {
  return createHmac('sha256', key).update(payload).digest(encoding);
}

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

const bearer: WebhookSourceConfig = { auth: { mode: 'bearer' }, secret: SECRET };
const basicAuth: WebhookSourceConfig = { auth: { mode: 'basic', username: 'alertmanager' }, secret: SECRET };
const hexHmac: WebhookSourceConfig = { auth: { mode: 'hmac' }, secret: SECRET };
const githubStyle: WebhookSourceConfig = {
  auth: { mode: 'hmac', header: 'X-Hub-Signature-256', encoding: 'hex', prefix: 'sha256=' },
  secret: SECRET,
};
const base64Hmac: WebhookSourceConfig = { auth: { mode: 'hmac', encoding: 'base64' }, secret: SECRET };
const timestamped: WebhookSourceConfig = {
  auth: {
    mode: 'hmac',
    timestampHeader: 'X-Timestamp',
    toleranceSeconds: 300,
    signedPayload: 'timestamp.body',
  },
  secret: SECRET,
};
const timestampChecked: WebhookSourceConfig = {
  auth: { mode: 'hmac', timestampHeader: 'x-timestamp' },
  secret: SECRET,
};

type Case = [name: string, config: WebhookSourceConfig, headers: Record<string, string>, expected: string];

/** Each case runs authenticate then verify, as the ingress route does; `expected` is the first failure. */
const cases: Case[] = [
  ['none accepts anything', { auth: { mode: 'none' } }, {}, 'ok'],
  ['bearer accepts the token', bearer, { authorization: `Bearer ${SECRET}` }, 'ok'],
  ['bearer scheme is case-insensitive', bearer, { authorization: `bearer ${SECRET}` }, 'ok'],
  ['bearer rejects a missing header', bearer, {}, 'NB_ERR_UNAUTHORIZED'],
  [
    'bearer rejects a wrong token',
    bearer,
    { authorization: 'Bearer correct horse battery stapl' },
    'NB_ERR_UNAUTHORIZED',
  ],
  ['bearer rejects a longer token', bearer, { authorization: `Bearer ${SECRET}x` }, 'NB_ERR_UNAUTHORIZED'],
  ['bearer rejects another scheme', bearer, { authorization: `Token ${SECRET}` }, 'NB_ERR_UNAUTHORIZED'],
  ['bearer rejects basic credentials', bearer, { authorization: basic('x', SECRET) }, 'NB_ERR_UNAUTHORIZED'],
  ['basic accepts user and password', basicAuth, { authorization: basic('alertmanager', SECRET) }, 'ok'],
  [
    'basic password may hold colons',
    { ...basicAuth, secret: 'a:b:c:d:e:f:g:h:i' },
    { authorization: basic('alertmanager', 'a:b:c:d:e:f:g:h:i') },
    'ok',
  ],
  [
    'basic rejects a wrong password',
    basicAuth,
    { authorization: basic('alertmanager', 'wrong') },
    'NB_ERR_UNAUTHORIZED',
  ],
  [
    'basic rejects a wrong user',
    basicAuth,
    { authorization: basic('grafana', SECRET) },
    'NB_ERR_UNAUTHORIZED',
  ],
  [
    'basic rejects no colon',
    basicAuth,
    { authorization: `Basic ${Buffer.from('alertmanager').toString('base64')}` },
    'NB_ERR_UNAUTHORIZED',
  ],
  ['basic rejects a missing header', basicAuth, {}, 'NB_ERR_UNAUTHORIZED'],
  ['basic rejects a bearer token', basicAuth, { authorization: `Bearer ${SECRET}` }, 'NB_ERR_UNAUTHORIZED'],
  ['hmac hex accepts', hexHmac, { 'x-signature': hmac(BODY, 'hex') }, 'ok'],
  ['hmac hex is case-insensitive', hexHmac, { 'x-signature': hmac(BODY, 'hex').toUpperCase() }, 'ok'],
  ['hmac rejects a missing header', hexHmac, {}, 'NB_ERR_SIGNATURE'],
  ['hmac rejects an empty header', hexHmac, { 'x-signature': ' ' }, 'NB_ERR_SIGNATURE'],
  [
    'hmac rejects a wrong secret',
    hexHmac,
    { 'x-signature': hmac(BODY, 'hex', 'another secret value') },
    'NB_ERR_SIGNATURE',
  ],
  ['hmac rejects another body', hexHmac, { 'x-signature': hmac('{}', 'hex') }, 'NB_ERR_SIGNATURE'],
  ['hmac rejects a short digest', hexHmac, { 'x-signature': hmac(BODY, 'hex').slice(2) }, 'NB_ERR_SIGNATURE'],
  [
    'hmac rejects base64 when hex is configured',
    hexHmac,
    { 'x-signature': hmac(BODY, 'base64') },
    'NB_ERR_SIGNATURE',
  ],
  ['hmac with prefix accepts', githubStyle, { 'x-hub-signature-256': `sha256=${hmac(BODY, 'hex')}` }, 'ok'],
  ['hmac prefix is required', githubStyle, { 'x-hub-signature-256': hmac(BODY, 'hex') }, 'NB_ERR_SIGNATURE'],
  [
    'hmac wrong prefix',
    githubStyle,
    { 'x-hub-signature-256': `sha1=${hmac(BODY, 'hex')}` },
    'NB_ERR_SIGNATURE',
  ],
  [
    'hmac header name is configurable',
    githubStyle,
    { 'x-signature': `sha256=${hmac(BODY, 'hex')}` },
    'NB_ERR_SIGNATURE',
  ],
  ['hmac base64 accepts', base64Hmac, { 'x-signature': hmac(BODY, 'base64') }, 'ok'],
  [
    'hmac base64 without padding',
    base64Hmac,
    { 'x-signature': hmac(BODY, 'base64').replace(/=$/, '') },
    'ok',
  ],
  ['hmac base64url accepts', base64Hmac, { 'x-signature': hmac(BODY, 'base64url') }, 'ok'],
  [
    'hmac base64 wrong secret',
    base64Hmac,
    { 'x-signature': hmac(BODY, 'base64', 'x'.repeat(20)) },
    'NB_ERR_SIGNATURE',
  ],
  ['hmac base64 rejects hex', base64Hmac, { 'x-signature': hmac(BODY, 'hex') }, 'NB_ERR_SIGNATURE'],
  [
    'timestamp.body accepts',
    timestamped,
    { 'x-timestamp': NOW_SECONDS, 'x-signature': hmac(`${NOW_SECONDS}.${BODY}`, 'hex') },
    'ok',
  ],
  [
    'timestamp.body rejects a body-only signature',
    timestamped,
    { 'x-timestamp': NOW_SECONDS, 'x-signature': hmac(BODY, 'hex') },
    'NB_ERR_SIGNATURE',
  ],
  [
    'timestamp.body rejects another timestamp',
    timestamped,
    { 'x-timestamp': String(NOW / 1000 - 1), 'x-signature': hmac(`${NOW_SECONDS}.${BODY}`, 'hex') },
    'NB_ERR_SIGNATURE',
  ],
  [
    'timestamp missing',
    timestamped,
    { 'x-signature': hmac(`${NOW_SECONDS}.${BODY}`, 'hex') },
    'NB_ERR_SIGNATURE',
  ],
  [
    'timestamp checked with a body-only signature',
    timestampChecked,
    { 'x-timestamp': NOW_SECONDS, 'x-signature': hmac(BODY, 'hex') },
    'ok',
  ],
  [
    'timestamp 301 s old',
    timestampChecked,
    { 'x-timestamp': String(NOW / 1000 - 301), 'x-signature': hmac(BODY, 'hex') },
    'NB_ERR_SIGNATURE',
  ],
  [
    'timestamp 300 s old',
    timestampChecked,
    { 'x-timestamp': String(NOW / 1000 - 300), 'x-signature': hmac(BODY, 'hex') },
    'ok',
  ],
  [
    'timestamp 301 s ahead',
    timestampChecked,
    { 'x-timestamp': String(NOW / 1000 + 301), 'x-signature': hmac(BODY, 'hex') },
    'NB_ERR_SIGNATURE',
  ],
  [
    'timestamp in ms',
    timestampChecked,
    { 'x-timestamp': String(NOW - 5000), 'x-signature': hmac(BODY, 'hex') },
    'ok',
  ],
  [
    'timestamp as ISO text',
    timestampChecked,
    { 'x-timestamp': new Date(NOW).toISOString(), 'x-signature': hmac(BODY, 'hex') },
    'NB_ERR_SIGNATURE',
  ],
  [
    'bearer without a secret fails closed',
    { auth: { mode: 'bearer' } } as WebhookSourceConfig,
    { authorization: 'Bearer ' },
    'NB_ERR_FORBIDDEN',
  ],
  [
    'hmac without a secret fails closed',
    { auth: { mode: 'hmac' } } as WebhookSourceConfig,
    { 'x-signature': hmac(BODY, 'hex', '') },
    'NB_ERR_FORBIDDEN',
  ],
  [
    'timestamp.body without a timestamp header fails closed',
    { auth: { mode: 'hmac', signedPayload: 'timestamp.body' }, secret: SECRET },
    { 'x-signature': hmac(BODY, 'hex') },
    'NB_ERR_FORBIDDEN',
  ],
];

describe('webhook authentication', () => {
  it.each(cases)('%s', (_name, config, headers, expected) => {
    const before = authenticateWebhook(head(headers), config, NOW);
    const after = before.ok ? verifyWebhook({ ...head(headers), rawBody: BODY }, config, NOW) : before;
    expect(after.ok ? 'ok' : after.code).toBe(expected);
  });

  it('rejects before the body is read: a bad token, a missing signature, a stale timestamp', () => {
    // authenticate gets only the head; these fail there, so the route never reads the body.
    expect(authenticateWebhook(head({ authorization: 'Bearer nope' }), bearer, NOW).ok).toBe(false);
    expect(authenticateWebhook(head({}), hexHmac, NOW).ok).toBe(false);
    const stale = { 'x-timestamp': String(NOW / 1000 - 3600), 'x-signature': hmac(BODY, 'hex') };
    expect(authenticateWebhook(head(stale), timestampChecked, NOW)).toMatchObject({
      ok: false,
      message: expect.stringContaining('3600 s in the past'),
    });
  });

  it('never puts the secret in a message', () => {
    for (const [, config, headers] of cases) {
      const result = authenticateWebhook(head(headers), config, NOW);
      const verified = verifyWebhook({ ...head(headers), rawBody: BODY }, config, NOW);
      for (const check of [result, verified]) {
        if (!check.ok) expect(check.message).not.toContain(SECRET);
      }
    }
  });

  it('verify leaves non-HMAC modes to authenticate', () => {
    expect(verifyWebhook({ ...head({}), rawBody: BODY }, bearer, NOW)).toEqual({ ok: true });
  });
});

describe('verifyHmacSignature', () => {
  it('names the reason of each failure', () => {
    const input = { secret: SECRET, payload: BODY, encoding: 'hex' as const };
    expect(verifyHmacSignature({ ...input, signature: hmac(BODY, 'hex') })).toEqual({ ok: true });
    expect(verifyHmacSignature({ ...input, signature: undefined })).toMatchObject({ reason: 'missing' });
    expect(verifyHmacSignature({ ...input, signature: 'zz' })).toMatchObject({ reason: 'malformed' });
    expect(verifyHmacSignature({ ...input, signature: hmac('x', 'hex') })).toMatchObject({
      reason: 'mismatch',
    });
    expect(
      verifyHmacSignature({ ...input, signature: 'abc', headerName: 'x-gitea-signature' }),
    ).toMatchObject({ message: expect.stringContaining('x-gitea-signature') });
  });

  it('accepts exactly the signature of the payload (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), fc.string({ minLength: 1 }), (bytes, key) => {
        const payload = Buffer.from(bytes);
        const signature = hmac(payload, 'hex', key);
        expect(verifyHmacSignature({ secret: key, payload, signature, encoding: 'hex' }).ok).toBe(true);
        const tampered = Buffer.concat([payload, Buffer.from([0])]);
        expect(verifyHmacSignature({ secret: key, payload: tampered, signature, encoding: 'hex' }).ok).toBe(
          false,
        );
      }),
    );
  });
});

describe('signature helpers', () => {
  it('decodes hex and base64 digests with and without a prefix', () => {
    const digest = createHmac('sha256', SECRET).update(BODY).digest();
    expect(decodeSignature(digest.toString('hex'), 'hex')).toEqual(digest);
    expect(decodeSignature(`SHA256=${digest.toString('hex')}`, 'hex', 'sha256=')).toEqual(digest);
    expect(decodeSignature(digest.toString('base64'), 'base64')).toEqual(digest);
    expect(decodeSignature(` ${digest.toString('base64url')} `, 'base64')).toEqual(digest);
    expect(decodeSignature(digest.toString('hex'), 'hex', 'sha256=')).toBeUndefined();
    expect(decodeSignature(`${digest.toString('hex')}00`, 'hex')).toBeUndefined();
    expect(decodeSignature('', 'base64')).toBeUndefined();
  });

  it('checks timestamps against a tolerance in both directions', () => {
    const check = (value: string | undefined) => checkSignatureTimestamp(value, NOW, 60);
    expect(check(NOW_SECONDS)).toEqual({ ok: true, epochMs: NOW });
    expect(check(String(NOW / 1000 - 60))).toMatchObject({ ok: true });
    expect(check(String(NOW / 1000 - 61))).toMatchObject({ ok: false, reason: 'stale' });
    expect(check(String(NOW / 1000 + 61))).toMatchObject({ ok: false, reason: 'future' });
    expect(check(undefined)).toMatchObject({ ok: false, reason: 'missing' });
    expect(check('-5')).toMatchObject({ ok: false, reason: 'malformed' });
    expect(check('1.5e9')).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('compares secrets of any lengths without throwing', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(a === b);
      }),
    );
  });
});
