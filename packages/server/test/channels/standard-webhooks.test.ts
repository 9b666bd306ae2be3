import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertMatchesSchema } from '../../src/api/kind-config.ts';
import { WebhookTargetConfigSchema } from '../../src/channels/webhook/config-schema.ts';
import {
  signingSecretProblem,
  signStandardWebhook,
  verifyStandardWebhook,
} from '../../src/channels/webhook/standard-webhooks.ts';

const secret = `whsec_${Buffer.from('a 32 byte secret for the tests!!').toString('base64')}`;

describe('Standard Webhooks signatures', () => {
  // The vector of the reference JavaScript library's "sign function works" test
  // (standard-webhooks/standard-webhooks, libraries/javascript/src/webhook.test.ts).
  const vector = {
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    timestamp: 1614265330,
    body: '{"test": 2432232314}',
    signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  };

  it('matches the reference library test vector, with and without the whsec_ prefix', () => {
    expect(signStandardWebhook(vector.secret, vector.id, vector.timestamp, vector.body)).toBe(
      vector.signature,
    );
    expect(signStandardWebhook(vector.secret.slice(6), vector.id, vector.timestamp, vector.body)).toBe(
      vector.signature,
    );
    const headers = { id: vector.id, timestamp: String(vector.timestamp), signature: vector.signature };
    expect(verifyStandardWebhook(vector.secret, headers, vector.body, vector.timestamp)).toBe(true);
  });

  it('equals an HMAC-SHA256 computed independently over id.timestamp.body', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 24, maxLength: 64 }),
        fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
        fc.integer({ min: 0, max: 4_000_000_000 }),
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        (key, id, timestamp, body) => {
          const expected = createHmac('sha256', Buffer.from(key))
            .update(Buffer.from(`${id}.${timestamp}.${body}`, 'utf8'))
            .digest('base64');
          const whsec = `whsec_${Buffer.from(key).toString('base64')}`;
          expect(signStandardWebhook(whsec, id, timestamp, body)).toBe(`v1,${expected}`);
        },
      ),
    );
  });

  it('verifies one match among several entries, and refuses tampering and stale or future timestamps', () => {
    const body = '{"a":1}';
    const signature = signStandardWebhook(secret, 'msg_2', 1700000000, body);
    const headers = { id: 'msg_2', timestamp: '1700000000', signature: `v1a,bogus v1,bogus= ${signature}` };
    expect(verifyStandardWebhook(secret, headers, body, 1700000100)).toBe(true);
    expect(verifyStandardWebhook(secret, headers, '{"a":2}', 1700000100)).toBe(false);
    expect(verifyStandardWebhook(secret, { ...headers, id: 'msg_3' }, body, 1700000100)).toBe(false);
    expect(verifyStandardWebhook(secret, { ...headers, timestamp: '1700000001' }, body, 1700000100)).toBe(
      false,
    );
    expect(verifyStandardWebhook(secret, headers, body, 1700000000 + 301)).toBe(false);
    expect(verifyStandardWebhook(secret, headers, body, 1700000000 - 301)).toBe(false);
    expect(verifyStandardWebhook(secret, { ...headers, timestamp: 'soon' }, body, 1700000000)).toBe(false);
    expect(verifyStandardWebhook(secret, { ...headers, signature: 'v1,' }, body, 1700000000)).toBe(false);
    expect(
      verifyStandardWebhook(secret, { ...headers, signature: signature.slice(0, 8) }, body, 1700000000),
    ).toBe(false);
    const other = `whsec_${randomBytes(32).toString('base64')}`;
    expect(verifyStandardWebhook(other, headers, body, 1700000000)).toBe(false);
  });

  it('refuses a message id with a dot, which would make two messages sign the same content', () => {
    expect(() => signStandardWebhook(secret, 'a.b', 1, 'c')).toThrow(/must not contain "\."/);
    expect(verifyStandardWebhook(secret, { id: 'a.b', timestamp: '1', signature: 'v1,x' }, 'c', 1)).toBe(
      false,
    );
  });
});

describe('the signing secret in the webhook target config', () => {
  const check = (config: unknown) => () =>
    assertMatchesSchema(
      WebhookTargetConfigSchema,
      config,
      '/config',
      'config of kind "webhook"',
      'the kinds',
    );

  it.each([24, 32, 64])('accepts whsec_ with %i random bytes', (bytes) => {
    const whsec = `whsec_${randomBytes(bytes).toString('base64')}`;
    expect(signingSecretProblem(whsec)).toBeUndefined();
    expect(check({ url: 'https://example.com/hook', secret: whsec })).not.toThrow();
  });

  it.each([
    ['no prefix', randomBytes(32).toString('base64'), /must start with whsec_/],
    ['hex instead of base64', `whsec_${'ab'.repeat(12)}!`, /standard base64/],
    ['url-safe base64', `whsec_${'-_'.repeat(16)}`, /standard base64/],
    ['bad padding', `whsec_${randomBytes(32).toString('base64').replace(/=*$/, '===')}`, /standard base64/],
    ['too short', `whsec_${randomBytes(16).toString('base64')}`, /24 to 64 bytes .*has 16/],
    ['too long', `whsec_${randomBytes(65).toString('base64')}`, /24 to 64 bytes .*has 65/],
  ])('refuses a secret with %s, saying what is wrong without echoing it', (_what, bad, problem) => {
    expect(signingSecretProblem(bad)).toMatch(problem);
    let thrown: unknown;
    try {
      check({ url: 'https://example.com/hook', secret: bad })();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'NB_ERR_VALIDATION' });
    const text = JSON.stringify({
      message: (thrown as Error).message,
      details: (thrown as { details: unknown }).details,
    });
    expect(text).toMatch(problem);
    expect(text).toContain('/config/secret');
    expect(text).not.toContain(bad.slice(6, 20));
  });

  it('checks the URL, extra headers and the timeout', () => {
    expect(check({ url: 'ftp://example.com/' })).toThrow(/\/config\/url/);
    expect(check({ url: 'https://user:pw@example.com/' })).toThrow(/user:password@/);
    expect(check({ url: 'https://example.com/', headers: { 'bad name': 'x' } })).toThrow(/\/config\/headers/);
    expect(check({ url: 'https://example.com/', headers: { 'x-a': 'one\r\nx-b: two' } })).toThrow(
      /\/config\/headers/,
    );
    expect(check({ url: 'https://example.com/', headers: { authorization: 'Bearer abc' } })).not.toThrow();
    expect(check({ url: 'https://example.com/', timeoutMs: 500 })).toThrow(/\/config\/timeoutMs/);
    expect(check({ url: 'https://example.com/', timeoutMs: 30_000 })).not.toThrow();
    expect(check({ url: 'https://example.com/', extra: true })).toThrow();
  });
});
