import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TargetLimiter } from '../../src/delivery/target-limiter.ts';

/** Lets every queued promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Starts an acquire and records when it is granted. */
function request(limiter: TargetLimiter, target: string, limit: number, granted: string[], name: string) {
  return limiter.acquire(target, limit).then((release) => {
    granted.push(name);
    return release;
  });
}

describe('TargetLimiter', () => {
  it('grants up to `limit` holders at once and queues the rest', async () => {
    const limiter = new TargetLimiter();
    const granted: string[] = [];
    const holders = ['a', 'b', 'c', 'd', 'e'].map((name) => request(limiter, 't', 2, granted, name));
    await settle();
    expect(granted).toEqual(['a', 'b']);
    (await holders[0]!)();
    await settle();
    expect(granted).toEqual(['a', 'b', 'c']);
  });

  it('serves waiters in arrival order', async () => {
    const limiter = new TargetLimiter();
    const granted: string[] = [];
    const first = await limiter.acquire('t', 1);
    const waiters = ['w1', 'w2', 'w3', 'w4'].map((name) => request(limiter, 't', 1, granted, name));
    await settle();
    expect(granted).toEqual([]);
    first();
    for (const waiter of waiters) (await waiter)();
    expect(granted).toEqual(['w1', 'w2', 'w3', 'w4']);
  });

  it('keeps targets independent', async () => {
    const limiter = new TargetLimiter();
    const granted: string[] = [];
    await limiter.acquire('busy', 1);
    request(limiter, 'busy', 1, granted, 'busy-2');
    await request(limiter, 'other', 1, granted, 'other-1');
    await settle();
    expect(granted).toEqual(['other-1']);
  });

  it('ignores a second release of the same hold', async () => {
    const limiter = new TargetLimiter();
    const granted: string[] = [];
    const first = await limiter.acquire('t', 1);
    const second = request(limiter, 't', 1, granted, 'second');
    const third = request(limiter, 't', 1, granted, 'third');
    first();
    await second;
    // Were the repeat counted, `third` would run beside `second` although the limit is 1.
    first();
    await settle();
    expect(granted).toEqual(['second']);
    (await second)();
    await third;
    expect(granted).toEqual(['second', 'third']);
  });

  it('releasing twice after the target went idle does not free a slot it never had', async () => {
    const limiter = new TargetLimiter();
    const granted: string[] = [];
    const release = await limiter.acquire('t', 1);
    release();
    release();
    await limiter.acquire('t', 1);
    request(limiter, 't', 1, granted, 'must wait');
    await settle();
    expect(granted).toEqual([]);
  });

  it.each([0, -3, 0.5, 1.9, Number.NaN])('treats a limit of %s as 1', async (limit) => {
    const limiter = new TargetLimiter();
    const granted: string[] = [];
    const first = request(limiter, 't', limit, granted, 'first');
    request(limiter, 't', limit, granted, 'second');
    await settle();
    expect(granted).toEqual(['first']);
    (await first)();
    await settle();
    expect(granted).toEqual(['first', 'second']);
  });

  it('never exceeds the limit and serves each target in order, whatever the interleaving', async () => {
    const step = fc.record({
      target: fc.constantFrom('a', 'b', 'c'),
      holdTicks: fc.integer({ min: 0, max: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 4 }),
        async (steps, limit) => {
          const limiter = new TargetLimiter();
          const active = new Map<string, number>();
          const order = new Map<string, number[]>();
          let peak = 0;
          await Promise.all(
            steps.map(async ({ target, holdTicks }, index) => {
              const release = await limiter.acquire(target, limit);
              const now = (active.get(target) ?? 0) + 1;
              active.set(target, now);
              peak = Math.max(peak, now);
              order.set(target, [...(order.get(target) ?? []), index]);
              for (let tick = 0; tick < holdTicks; tick++) await settle();
              active.set(target, active.get(target)! - 1);
              release();
            }),
          );
          expect(peak).toBeLessThanOrEqual(limit);
          for (const indexes of order.values()) expect(indexes).toEqual([...indexes].sort((x, y) => x - y));
          expect([...active.values()].every((count) => count === 0)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
