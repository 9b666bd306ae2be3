import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideRate, describeRate, type RateLimit, ratePeriods } from '../../src/domain/rate-limit.ts';

/** Feeds requests at these instants through one bucket; returns the instants let through. */
function run(limit: RateLimit, instants: readonly number[]): number[] {
  let tat: number | undefined;
  const allowed: number[] = [];
  for (const now of instants) {
    const decision = decideRate(tat, now, limit);
    if (decision.allowed) {
      tat = decision.tat;
      allowed.push(now);
    }
  }
  return allowed;
}

describe('decideRate (GCRA)', () => {
  it('lets a full burst through at once, then one per interval', () => {
    const limit: RateLimit = { count: 5, per: 'minute' };
    const burst = run(
      limit,
      Array.from({ length: 8 }, () => 0),
    );
    expect(burst).toHaveLength(5);
    // After the burst, the next one may go when one interval (12 s) has drained.
    let tat: number | undefined;
    for (let i = 0; i < 5; i++) tat = (decideRate(tat, 0, limit) as { tat: number }).tat;
    expect(decideRate(tat, 0, limit)).toEqual({ allowed: false, retryAt: 12_000 });
    expect(decideRate(tat, 11_999, limit).allowed).toBe(false);
    expect(decideRate(tat, 12_000, limit).allowed).toBe(true);
  });

  it('with burst 1, spaces every message by the interval', () => {
    const limit: RateLimit = { count: 2, per: 'second', burst: 1 };
    expect(run(limit, [0, 1, 499, 500, 700, 1000, 1001])).toEqual([0, 500, 1000]);
  });

  it('refills while idle, but never beyond the burst', () => {
    const limit: RateLimit = { count: 3, per: 'hour' };
    const instants = [0, 0, 0, ...Array.from({ length: 10 }, () => 10 * 3_600_000)];
    expect(run(limit, instants)).toHaveLength(6);
  });

  it('lets a burst through at one instant whatever the rate, though its interval is no exact number', () => {
    // 1000/23 ms: (256 + interval) - 256 came out a hair above the interval, and the second was refused.
    const limit: RateLimit = { count: 23, per: 'second', burst: 2 };
    expect(run(limit, [256, 256, 256])).toHaveLength(2);
  });

  it('answers a retry time at which the same request is allowed, and not a millisecond before', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.constantFrom(...(Object.keys(ratePeriods) as (keyof typeof ratePeriods)[])),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 60 }),
        (count, per, burst, gaps) => {
          const limit: RateLimit = { count, per, burst };
          let tat: number | undefined;
          let now = 0;
          for (const gap of gaps) {
            now += gap;
            const decision = decideRate(tat, now, limit);
            if (decision.allowed) {
              tat = decision.tat;
              continue;
            }
            expect(decision.retryAt).toBeGreaterThan(now);
            expect(decideRate(tat, decision.retryAt, limit).allowed).toBe(true);
            expect(decideRate(tat, decision.retryAt - 1, limit).allowed).toBe(false);
          }
        },
      ),
    );
  });

  it('never lets more than burst + window / interval through in any window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 5000 }),
        (count, burst, gaps, window) => {
          const limit: RateLimit = { count, per: 'second', burst };
          const interval = 1000 / count;
          let now = 0;
          const instants = gaps.map((gap) => (now += gap));
          const allowed = run(limit, instants);
          for (const start of allowed) {
            const inWindow = allowed.filter((t) => t >= start && t < start + window).length;
            expect(inWindow).toBeLessThanOrEqual(burst + Math.ceil(window / interval));
          }
        },
      ),
    );
  });

  it('describes limits as people write them', () => {
    expect(describeRate({ count: 30, per: 'second' })).toBe('30/second');
    expect(describeRate({ count: 20, per: 'minute', burst: 5 })).toBe('20/minute, burst 5');
  });
});
