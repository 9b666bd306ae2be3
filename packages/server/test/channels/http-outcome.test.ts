import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  outcomeOfHttpError,
  outcomeOfResponse,
  responseExcerpt,
  scrubSensitive,
} from '../../src/channels/http-outcome.ts';
import {
  HttpBlockedError,
  type HttpResponse,
  HttpResponseTooLargeError,
  HttpTransportError,
} from '../../src/security/http/http-client.ts';

const now = Date.parse('2026-11-22T12:00:00Z');
const answer = (status: number, body = '', headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers,
  body: Buffer.from(body),
  url: 'https://hooks.example/in/secret-path',
});

describe('outcomeOfResponse', () => {
  it('maps every status class the same way, whatever the body', () => {
    fc.assert(
      fc.property(fc.integer({ min: 200, max: 599 }), fc.string({ maxLength: 50 }), (status, body) => {
        const outcome = outcomeOfResponse(answer(status, body), now);
        const expected =
          status < 300 ? 'sent' : status === 408 || status === 429 || status >= 500 ? 'retry' : 'failed';
        expect(outcome.status).toBe(expected);
        if (outcome.status !== 'sent') expect(outcome.error.httpStatus).toBe(status);
      }),
    );
  });

  it('names only the origin a redirect points to, relative Locations included', () => {
    const cases: [Record<string, string>, string][] = [
      [{ location: '/elsewhere?token=abc' }, 'the URL redirects to https://hooks.example;'],
      [{ location: 'http://[::1' }, 'the URL redirects;'],
      [{}, 'the URL redirects;'],
    ];
    for (const [headers, text] of cases) {
      const outcome = outcomeOfResponse(answer(302, 'moved', headers), now);
      expect(outcome).toMatchObject({ status: 'failed', error: { kind: 'rejected', httpStatus: 302 } });
      const message = outcome.status === 'failed' ? outcome.error.message : '';
      expect(message).toContain(text);
      expect(message).not.toContain('token');
    }
  });

  it('honours Retry-After and ignores one it cannot read', () => {
    expect(outcomeOfResponse(answer(503, '', { 'retry-after': '2.5' }), now)).toMatchObject({
      retryAfterMs: 2500,
    });
    expect(outcomeOfResponse(answer(503, '', { 'retry-after': 'soon' }), now)).not.toHaveProperty(
      'retryAfterMs',
    );
  });

  it('lets a channel describe the error in its own words', () => {
    const outcome = outcomeOfResponse(answer(400, 'raw'), now, { describe: () => 'described' });
    expect(outcome).toMatchObject({ error: { message: 'HTTP 400: described' } });
  });
});

describe('responseExcerpt and scrubSensitive', () => {
  it('cuts to 200 characters on one line', () => {
    const excerpt = responseExcerpt(answer(500, `line one\n\n\tline two ${'y'.repeat(300)}`));
    expect(excerpt.startsWith('line one line two yyy')).toBe(true);
    expect(excerpt).toHaveLength(201);
    expect(excerpt.endsWith('…')).toBe(true);
  });

  it('removes every sensitive value, longest first, and leaves short ones alone', () => {
    expect(scrubSensitive('auth: Bearer tk_abcdef and tk_abcdef', ['tk_abcdef', 'Bearer tk_abcdef'])).toBe(
      'auth: [redacted] and [redacted]',
    );
    expect(scrubSensitive('the pw is ab', ['ab', undefined])).toBe('the pw is ab');
  });

  it('never leaves a sensitive value in the text', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string({ minLength: 6, maxLength: 20 }),
        fc.string(),
        (before, value, after) => {
          expect(scrubSensitive(`${before}${value}${after}`, [value])).not.toContain(value);
        },
      ),
    );
  });
});

describe('outcomeOfHttpError', () => {
  it('maps the client errors and rethrows anything else', () => {
    expect(outcomeOfHttpError(new HttpTransportError('reset'))).toEqual({
      status: 'retry',
      error: { kind: 'transport', message: 'reset' },
    });
    expect(outcomeOfHttpError(new HttpBlockedError('only http: and https: URLs are allowed'))).toMatchObject({
      status: 'failed',
      error: { kind: 'internal', code: 'blocked' },
    });
    expect(outcomeOfHttpError(new HttpResponseTooLargeError(10))).toMatchObject({ status: 'failed' });
    const bug = new TypeError('bug');
    expect(() => outcomeOfHttpError(bug)).toThrow(bug);
  });
});
