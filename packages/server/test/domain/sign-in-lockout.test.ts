import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accountLockout,
  addressLockout,
  afterFailure,
  currentCount,
  type FailureCount,
  type LockoutPolicy,
  lockRemainingMs,
} from '../../src/domain/sign-in-lockout.ts';

const minute = 60_000;
const start = Date.parse('2026-12-03T08:00:00Z');

/** Fails `n` times in a row, each as soon as the key may try again (or `gap` ms later when unlocked). */
function failRepeatedly(n: number, policy: LockoutPolicy, gap = 1000) {
  let count: FailureCount | undefined;
  let now = start;
  const locks: number[] = [];
  for (let i = 0; i < n; i += 1) {
    now += Math.max(gap, lockRemainingMs(count, now, policy));
    expect(lockRemainingMs(count, now, policy)).toBe(0);
    count = afterFailure(count, now, policy);
    locks.push(lockRemainingMs(count, now, policy));
  }
  return { count: count!, now, locks };
}

describe('sign-in lockout', () => {
  it('locks an account on the 5th failure for 1 min, doubling up to 1 h', () => {
    const { locks } = failRepeatedly(12, accountLockout);
    expect(locks).toEqual([0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60].map((m) => m * minute));
  });

  it('gives a client address 20 tries before its first lock', () => {
    const { locks } = failRepeatedly(22, addressLockout);
    expect(locks.slice(0, 19).every((ms) => ms === 0)).toBe(true);
    expect(locks.slice(19)).toEqual([1, 2, 4].map((m) => m * minute));
  });

  it('stays locked until the exact millisecond the lock ends', () => {
    const { count, now } = failRepeatedly(5, accountLockout);
    expect(lockRemainingMs(count, now, accountLockout)).toBe(minute);
    expect(lockRemainingMs(count, now + minute - 1, accountLockout)).toBe(1);
    expect(lockRemainingMs(count, now + minute, accountLockout)).toBe(0);
  });

  it('keeps counting after a lock ends, so the next failure locks again for longer', () => {
    const { count, now } = failRepeatedly(5, accountLockout);
    const next = afterFailure(count, now + minute, accountLockout);
    expect(next.failures).toBe(6);
    expect(lockRemainingMs(next, now + minute, accountLockout)).toBe(2 * minute);
  });

  it('forgets failures after a quiet day, and not a millisecond earlier', () => {
    const { count, now } = failRepeatedly(7, accountLockout);
    const dayLater = now + accountLockout.forgetAfterMs;
    expect(currentCount(count, dayLater - 1, accountLockout)).toEqual(count);
    expect(currentCount(count, dayLater, accountLockout)).toBeUndefined();
    expect(lockRemainingMs(count, dayLater, accountLockout)).toBe(0);
    expect(afterFailure(count, dayLater, accountLockout)).toEqual({
      failures: 1,
      lastFailedAt: dayLater,
      lockedUntil: 0,
    });
  });

  it('never locks below the threshold nor past the cap, and the lock never shrinks as failures grow (any policy)', () => {
    const policy = fc.record({
      threshold: fc.integer({ min: 1, max: 50 }),
      firstLockMs: fc.integer({ min: 1, max: 10 * minute }),
      maxLockMs: fc.integer({ min: 10 * minute, max: 24 * 60 * minute }),
      forgetAfterMs: fc.integer({ min: 25 * 60 * minute, max: 7 * 24 * 60 * minute }),
    });
    fc.assert(
      fc.property(policy, fc.integer({ min: 1, max: 120 }), (p, n) => {
        const { locks } = failRepeatedly(n, p);
        locks.forEach((ms, i) => {
          const failures = i + 1;
          if (failures < p.threshold) expect(ms).toBe(0);
          else expect(ms).toBeGreaterThan(0);
          expect(ms).toBeLessThanOrEqual(p.maxLockMs);
          if (i > 0) expect(ms).toBeGreaterThanOrEqual(locks[i - 1]!);
        });
      }),
    );
  });
});
