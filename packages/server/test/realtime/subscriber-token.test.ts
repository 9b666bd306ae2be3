import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkSubscriberToken,
  encodeSubscriberToken,
  parseSubscriberToken,
  type SubscriberTokenClaims,
} from '../../src/realtime/topics/subscriber-token.ts';

const key = randomBytes(32);
const now = Date.parse('2026-12-03T12:00:00Z');
const claims: SubscriberTokenClaims = {
  keyId: 'key-1',
  tokenId: 'tok-1',
  topicIds: ['topic-a', 'topic-b'],
  expiresAt: now / 1000 + 600,
};
const token = encodeSubscriberToken(claims, key);
const check = (t: string, k: Buffer | undefined = key, at = now, topicId = 'topic-a') =>
  checkSubscriberToken(parseSubscriberToken(t), k, { nowMs: at, topicId });

/** The token with its payload JSON replaced, keeping the old signature. */
function withPayload(original: string, payload: unknown): string {
  const signature = original.slice(original.lastIndexOf('.') + 1);
  return `nbst_${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
}

describe('subscriber tokens', () => {
  it('accepts its own token for each topic it names, and reads back the claims', () => {
    expect(token).toMatch(/^nbst_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(check(token)).toEqual({ ok: true, claims });
    expect(check(token, key, now, 'topic-b')).toMatchObject({ ok: true });
  });

  it('refuses a token for another topic', () => {
    expect(check(token, key, now, 'topic-c')).toEqual({ ok: false, refusal: 'other-topic' });
  });

  it('refuses a token from its expiry on, to the millisecond', () => {
    const expiry = claims.expiresAt * 1000;
    expect(check(token, key, expiry - 1)).toMatchObject({ ok: true });
    expect(check(token, key, expiry)).toEqual({ ok: false, refusal: 'expired' });
    expect(check(token, key, expiry + 86_400_000)).toEqual({ ok: false, refusal: 'expired' });
  });

  it('refuses a token signed with another key, and one whose key is not kept', () => {
    expect(check(token, randomBytes(32))).toEqual({ ok: false, refusal: 'bad-signature' });
    expect(
      checkSubscriberToken(parseSubscriberToken(token), undefined, { nowMs: now, topicId: 'topic-a' }),
    ).toEqual({ ok: false, refusal: 'unknown-key' });
  });

  it('refuses a tampered payload: another topic, a later expiry, another key id', () => {
    const payload = { v: 1, kid: 'key-1', jti: 'tok-1', tid: ['topic-a', 'topic-b'], exp: claims.expiresAt };
    expect(check(withPayload(token, payload))).toMatchObject({ ok: true });
    expect(check(withPayload(token, { ...payload, tid: ['topic-c'] }), key, now, 'topic-c')).toEqual({
      ok: false,
      refusal: 'bad-signature',
    });
    expect(check(withPayload(token, { ...payload, exp: claims.expiresAt + 86_400 }))).toEqual({
      ok: false,
      refusal: 'bad-signature',
    });
    expect(check(withPayload(token, { ...payload, kid: 'key-2' }))).toEqual({
      ok: false,
      refusal: 'bad-signature',
    });
  });

  it('refuses a tampered signature, truncated or with one character changed', () => {
    expect(check(token.slice(0, -2))).toEqual({ ok: false, refusal: 'bad-signature' });
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    expect(check(`${token.slice(0, -1)}${last}`)).toEqual({ ok: false, refusal: 'bad-signature' });
  });

  it('refuses a signature whose last character differs only in its padding bits', () => {
    // 32 bytes take 43 base64url characters; the last one carries 2 bits no decoder reads.
    const lastIndex = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(
      token.at(-1)!,
    );
    const sibling = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[lastIndex ^ 1]!;
    const changed = `${token.slice(0, -1)}${sibling}`;
    expect(Buffer.from(changed.split('.')[1]!, 'base64url')).toEqual(
      Buffer.from(token.split('.')[1]!, 'base64url'),
    );
    expect(check(changed)).toEqual({ ok: false, refusal: 'bad-signature' });
  });

  it('refuses garbage and payloads of the wrong shape as malformed', () => {
    for (const garbage of [
      '',
      'nbst_',
      'nbst_.',
      'nbt_abc.def',
      token.replace('nbst_', 'nbsx_'),
      `${token}.extra!`,
      'nbst_!!!.abc',
      `nbst_${Buffer.from('not json').toString('base64url')}.abc`,
      withPayload(token, null),
      withPayload(token, []),
      withPayload(token, { v: 2, kid: 'k', jti: 'j', tid: ['t'], exp: 1 }),
      withPayload(token, { v: 1, kid: 'k', jti: 'j', tid: [], exp: 1 }),
      withPayload(token, { v: 1, kid: 'k', jti: 'j', tid: [1], exp: 1 }),
      withPayload(token, { v: 1, kid: 'k', jti: 'j', tid: ['t'], exp: '1' }),
      withPayload(token, { v: 1, kid: 'k', jti: 'j', tid: ['t'], exp: 1.5 }),
      withPayload(token, { v: 1, kid: '', jti: 'j', tid: ['t'], exp: 1 }),
      withPayload(token, { v: 1, kid: 'k', tid: ['t'], exp: 1 }),
      `nbst_${'a'.repeat(5000)}.abc`,
    ]) {
      expect(check(garbage), garbage.slice(0, 40)).toEqual({ ok: false, refusal: 'malformed' });
    }
  });

  it('never accepts a random string, nor a real token with one byte of it changed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        expect(check(text).ok).toBe(false);
        expect(check(`nbst_${text}`).ok).toBe(false);
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 'nbst_'.length, max: token.length - 1 }),
        fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'),
        (at, replacement) => {
          fc.pre(token[at] !== replacement);
          const changed = `${token.slice(0, at)}${replacement}${token.slice(at + 1)}`;
          expect(check(changed).ok).toBe(false);
        },
      ),
    );
  });
});
