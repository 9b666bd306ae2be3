import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isLastAttempt,
  type NextAttempt,
  nextAttempt,
  parseRetryAfter,
  type RetryPolicy,
  retryAfterMaxMs,
  retryDelayMs,
  validateRetryPolicy,
} from '../../src/domain/retry-policy.ts';

const now = Date.UTC(2025, 5, 1, 12, 0, 0);
const policy: RetryPolicy = { baseMs: 1000, maxMs: 60_000, maxAttempts: 5 };
const almostOne = 1 - Number.EPSILON;

function dueAt(next: NextAttempt): number {
  if (next.action !== 'retry') throw new Error(`expected a retry, got ${JSON.stringify(next)}`);
  return next.dueAt;
}

describe('retryDelayMs', () => {
  it('doubles the ceiling with each attempt up to maxMs (random near 1 reaches the ceiling)', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8, 100].map((attempt) =>
      retryDelayMs(attempt, policy, () => almostOne),
    );
    expect(ceilings).toEqual([999, 1999, 3999, 7999, 15_999, 31_999, 59_999, 59_999, 59_999]);
  });

  it('is 0 when random gives 0 (full jitter starts at zero)', () => {
    expect(retryDelayMs(4, policy, () => 0)).toBe(0);
  });

  it('scales with random inside the window', () => {
    expect(retryDelayMs(3, policy, () => 0.5)).toBe(2000);
  });

  it('stays within [0, min(max, base * 2^(n-1))] and is never NaN, as a property', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.double({ min: 0, max: 1e7, noNaN: true }),
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        (attempt, baseMs, maxMs, sample) => {
          const delay = retryDelayMs(attempt, { baseMs, maxMs }, () => sample);
          expect(Number.isNaN(delay)).toBe(false);
          expect(delay).toBeGreaterThanOrEqual(0);
          // 0 * 2^1024 is NaN in plain arithmetic: the very overflow retryDelayMs must avoid.
          const ceiling = baseMs === 0 ? 0 : Math.min(maxMs, baseMs * 2 ** (attempt - 1));
          expect(delay).toBeLessThanOrEqual(ceiling);
          expect(Number.isInteger(delay)).toBe(true);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('does not overflow on huge attempt numbers', () => {
    for (const attempt of [1024, 1025, 5000, Number.MAX_SAFE_INTEGER, Number.POSITIVE_INFINITY]) {
      expect(retryDelayMs(attempt, policy, () => almostOne)).toBe(59_999);
      expect(retryDelayMs(attempt, { baseMs: 0, maxMs: 60_000 }, () => almostOne)).toBe(0);
    }
  });

  it('treats nonsense input as the smallest safe value instead of producing NaN', () => {
    expect(retryDelayMs(0, policy, () => almostOne)).toBe(999);
    expect(retryDelayMs(-3, policy, () => almostOne)).toBe(999);
    expect(retryDelayMs(Number.NaN, policy, () => almostOne)).toBe(999);
    expect(retryDelayMs(3, policy, () => Number.NaN)).toBe(0);
    expect(retryDelayMs(3, policy, () => -1)).toBe(0);
    expect(retryDelayMs(3, policy, () => 7)).toBe(0);
    expect(retryDelayMs(3, { baseMs: Number.NaN, maxMs: 60_000 }, () => almostOne)).toBe(0);
    expect(retryDelayMs(3, { baseMs: 1000, maxMs: Number.POSITIVE_INFINITY }, () => almostOne)).toBe(0);
    expect(retryDelayMs(3, { baseMs: -5, maxMs: 60_000 }, () => almostOne)).toBe(0);
  });
});

describe('validateRetryPolicy', () => {
  it('accepts a sane policy', () => {
    expect(validateRetryPolicy(policy)).toBeNull();
    expect(validateRetryPolicy({ baseMs: 0, maxMs: 0, maxAttempts: 1 })).toBeNull();
  });

  it.each([
    [{ baseMs: -1, maxMs: 10, maxAttempts: 3 }, /baseMs/],
    [{ baseMs: Number.NaN, maxMs: 10, maxAttempts: 3 }, /baseMs/],
    [{ baseMs: 100, maxMs: 10, maxAttempts: 3 }, /maxMs must be a number >= baseMs/],
    [{ baseMs: 1, maxMs: Number.POSITIVE_INFINITY, maxAttempts: 3 }, /maxMs/],
    [{ baseMs: 1, maxMs: 10, maxAttempts: 0 }, /maxAttempts/],
    [{ baseMs: 1, maxMs: 10, maxAttempts: 2.5 }, /maxAttempts/],
  ])('rejects %j', (candidate, message) => {
    expect(validateRetryPolicy(candidate)).toMatch(message);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['0', 0],
    ['1', 1000],
    ['120', 120_000],
    ['  30  ', 30_000],
    ['1.5', 1500],
    ['0.0001', 1],
    ['86400', retryAfterMaxMs],
    ['86401', retryAfterMaxMs],
    ['99999999999999999999999', retryAfterMaxMs],
  ])('reads delay-seconds %j as %d ms', (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });

  it.each([
    ['Sun, 01 Jun 2025 12:00:30 GMT', 30_000],
    ['Sunday, 01-Jun-25 12:01:00 GMT', 60_000],
    ['Sun Jun  1 12:00:05 2025', 5000],
    ['Sun, 01 Jun 2025 11:00:00 GMT', 0],
    ['Mon, 01 Jan 1990 00:00:00 GMT', 0],
    ['Tue, 01 Jun 2027 12:00:00 GMT', retryAfterMaxMs],
  ])('reads the HTTP-date %j as %d ms from now', (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });

  it.each([
    [undefined],
    [''],
    ['   '],
    ['-1'],
    ['-0.5'],
    ['+5'],
    ['1e3'],
    ['5s'],
    ['1.'],
    ['.5'],
    ['0x10'],
    ['Infinity'],
    ['NaN'],
    ['soon'],
    ['2025-06-01T12:00:30Z'],
    ['Sun, 31 Feb 2025 12:00:00 GMT'],
  ])('ignores %j', (header) => {
    expect(parseRetryAfter(header, now)).toBeUndefined();
  });

  it('is within [0, 24h] or undefined for any text, as a property', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.double().map(String), fc.nat().map(String)), (header) => {
        const delay = parseRetryAfter(header, now);
        if (delay !== undefined) {
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(retryAfterMaxMs);
          expect(Number.isInteger(delay)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('reads back every date it could have been sent as an IMF-fixdate, as a property', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: retryAfterMaxMs / 1000 }), (seconds) => {
        const header = new Date(now + seconds * 1000).toUTCString();
        expect(parseRetryAfter(header, now)).toBe(seconds * 1000);
      }),
    );
  });
});

describe('nextAttempt', () => {
  const random = () => 0.5;

  it('retries after the backoff delay while attempts remain', () => {
    expect(nextAttempt({ status: 'retry' }, 1, policy, now, random)).toEqual({
      action: 'retry',
      dueAt: now + 500,
      delayMs: 500,
    });
    expect(nextAttempt({}, 3, policy, now, random)).toEqual({
      action: 'retry',
      dueAt: now + 2000,
      delayMs: 2000,
    });
  });

  it('gives up exactly at maxAttempts', () => {
    expect(nextAttempt({}, policy.maxAttempts - 1, policy, now, random).action).toBe('retry');
    expect(nextAttempt({}, policy.maxAttempts, policy, now, random)).toEqual({
      action: 'dead',
      reason: 'exhausted',
    });
    expect(nextAttempt({}, policy.maxAttempts + 1, policy, now, random)).toEqual({
      action: 'dead',
      reason: 'exhausted',
    });
  });

  it('never retries with maxAttempts 1 (or a nonsense maxAttempts, read as 1)', () => {
    expect(nextAttempt({}, 1, { ...policy, maxAttempts: 1 }, now, random).action).toBe('dead');
    expect(nextAttempt({}, 1, { ...policy, maxAttempts: 0 }, now, random).action).toBe('dead');
    expect(nextAttempt({}, 1, { ...policy, maxAttempts: Number.NaN }, now, random).action).toBe('dead');
  });

  it('calls an attempt the last exactly when a retryable failure of it ends the delivery, as a property', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.oneof(fc.integer({ min: -5, max: 100 }), fc.double(), fc.constant(Number.NaN)),
        (attemptsMade, maxAttempts) => {
          const next = nextAttempt(
            { status: 'retry' },
            attemptsMade,
            { ...policy, maxAttempts },
            now,
            random,
          );
          expect(isLastAttempt(attemptsMade, maxAttempts)).toBe(next.action === 'dead');
        },
      ),
    );
  });

  it('gives up at once on a permanent failure', () => {
    expect(nextAttempt({ status: 'failed' }, 1, policy, now, random)).toEqual({
      action: 'dead',
      reason: 'permanent',
    });
  });

  it('waits what the far side asked instead of the backoff, even beyond maxMs', () => {
    expect(nextAttempt({ retryAfterMs: 90_000 }, 1, policy, now, random)).toEqual({
      action: 'retry',
      dueAt: now + 90_000,
      delayMs: 90_000,
    });
    expect(dueAt(nextAttempt({ retryAfterMs: 0 }, 1, policy, now, random))).toBe(now);
    expect(dueAt(nextAttempt({ retryAfterMs: 10.2 }, 1, policy, now, random))).toBe(now + 11);
  });

  it('caps an asked-for wait at 24 hours', () => {
    expect(dueAt(nextAttempt({ retryAfterMs: 10 * retryAfterMaxMs }, 1, policy, now, random))).toBe(
      now + retryAfterMaxMs,
    );
  });

  it('still counts an attempt with Retry-After toward maxAttempts', () => {
    expect(nextAttempt({ retryAfterMs: 1000 }, policy.maxAttempts, policy, now, random)).toEqual({
      action: 'dead',
      reason: 'exhausted',
    });
  });

  it('falls back to the backoff when the asked-for wait is nonsense', () => {
    for (const retryAfterMs of [-1, Number.NaN, Number.POSITIVE_INFINITY, undefined]) {
      expect(dueAt(nextAttempt({ retryAfterMs }, 1, policy, now, random))).toBe(now + 500);
    }
  });

  it('retries iff attempts remain, never in the past, as a property', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 50 }),
        fc.option(fc.integer({ min: 0, max: 2 * retryAfterMaxMs }), { nil: undefined }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        (attemptsMade, maxAttempts, retryAfterMs, sample) => {
          const next = nextAttempt(
            { retryAfterMs },
            attemptsMade,
            { ...policy, maxAttempts },
            now,
            () => sample,
          );
          expect(next.action).toBe(attemptsMade < maxAttempts ? 'retry' : 'dead');
          if (next.action === 'retry') {
            expect(next.dueAt).toBeGreaterThanOrEqual(now);
            expect(next.dueAt - now).toBe(next.delayMs);
            expect(next.delayMs).toBeLessThanOrEqual(
              retryAfterMs === undefined ? policy.maxMs : retryAfterMaxMs,
            );
          }
        },
      ),
    );
  });
});
