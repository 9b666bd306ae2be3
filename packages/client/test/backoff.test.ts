import { backoffDelay, defaultBackoff } from '@notify-bridge/client';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('backoffDelay', () => {
  it('doubles from 1 s to 30 s, each wait in the upper half of its step', () => {
    const steps = [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000];
    steps.forEach((step, attempt) => {
      expect(backoffDelay(attempt, 0)).toBe(step / 2);
      expect(backoffDelay(attempt, 0.5)).toBe((step * 3) / 4);
      expect(backoffDelay(attempt, 0.999_999)).toBe(step);
    });
  });

  it('stays within [step/2, step] and never above the cap, for any attempt and random number', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 5000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.integer({ min: 0, max: 600_000 }),
        (attempt, random, initialMs, maxMs) => {
          const policy = { initialMs, maxMs };
          const cap = Math.max(initialMs, maxMs);
          const step = Math.min(cap, initialMs * 2 ** Math.min(64, Math.max(0, attempt)));
          const delay = backoffDelay(attempt, random, policy);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(step / 2));
          expect(delay).toBeLessThanOrEqual(Math.ceil(step));
          expect(delay).toBeLessThanOrEqual(cap);
          expect(Number.isInteger(delay)).toBe(true);
        },
      ),
    );
  });

  it('never waits less after more failures, for the same random number', () => {
    fc.assert(
      fc.property(
        fc.nat(100),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, random) => {
          expect(backoffDelay(attempt + 1, random)).toBeGreaterThanOrEqual(backoffDelay(attempt, random));
        },
      ),
    );
  });

  it('takes a random number out of range as its nearest end, and the defaults are 1 s and 30 s', () => {
    expect(backoffDelay(0, -1)).toBe(500);
    expect(backoffDelay(0, 7)).toBe(1_000);
    expect(defaultBackoff).toEqual({ initialMs: 1_000, maxMs: 30_000 });
    expect(Object.isFrozen(defaultBackoff)).toBe(true);
  });
});
