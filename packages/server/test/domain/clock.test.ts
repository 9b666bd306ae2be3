import { describe, expect, it } from 'vitest';
import { manualClock, sleep, systemClock } from '../../src/domain/clock.ts';

describe('the manual clock', () => {
  it('fires due timers in due order as it advances, each seeing its own due time as now', () => {
    const clock = manualClock(1000);
    const fired: [string, number][] = [];
    const at = (name: string) => () => fired.push([name, clock.now()]);
    clock.setTimeout(at('c'), 300);
    clock.setTimeout(at('a'), 100);
    clock.setTimeout(at('b'), 200);
    clock.setTimeout(at('later'), 1000);
    clock.advance(250);
    expect(fired).toEqual([
      ['a', 1100],
      ['b', 1200],
    ]);
    expect(clock.now()).toBe(1250);
    expect(clock.timers()).toEqual([1300, 2000]);
    clock.advance(50);
    expect(fired.at(-1)).toEqual(['c', 1300]);
  });

  it('fires timers due at the same time in the order they were set', () => {
    const clock = manualClock(0);
    const fired: number[] = [];
    for (const n of [1, 2, 3]) clock.setTimeout(() => fired.push(n), 10);
    clock.advance(10);
    expect(fired).toEqual([1, 2, 3]);
  });

  it('fires a timer a callback sets when it falls inside the same advance, and not one beyond it', () => {
    const clock = manualClock(0);
    const fired: number[] = [];
    const tick = () => {
      fired.push(clock.now());
      clock.setTimeout(tick, 30);
    };
    clock.setTimeout(tick, 30);
    clock.advance(100);
    expect(fired).toEqual([30, 60, 90]);
    expect(clock.timers()).toEqual([120]);
  });

  it('never fires a cleared timer; a 0 ms timer fires on the next advance', () => {
    const clock = manualClock(0);
    const fired: string[] = [];
    const cleared = clock.setTimeout(() => fired.push('cleared'), 5);
    clock.setTimeout(() => fired.push('zero'), 0);
    clock.clearTimeout(cleared);
    clock.clearTimeout(undefined);
    expect(fired).toEqual([]);
    clock.advance(0);
    clock.advance(10);
    expect(fired).toEqual(['zero']);
    expect(clock.timers()).toEqual([]);
  });

  it('moves back without firing anything when advanced by a negative amount', () => {
    const clock = manualClock(1000);
    let fired = 0;
    clock.setTimeout(() => fired++, 10);
    clock.advance(-500);
    expect([clock.now(), fired]).toEqual([500, 0]);
    clock.advance(510);
    expect([clock.now(), fired]).toEqual([1010, 1]);
  });

  it('set() moves forward firing timers, backward without firing', () => {
    const clock = manualClock(100);
    let fired = 0;
    clock.setTimeout(() => fired++, 50);
    clock.set(50);
    expect(fired).toBe(0);
    clock.set(149);
    expect(fired).toBe(0);
    clock.set(150);
    expect(fired).toBe(1);
    expect(clock.now()).toBe(150);
  });
});

describe('sleep', () => {
  it('resolves when the clock reaches the time, not before', async () => {
    const clock = manualClock(0);
    let done = false;
    const slept = sleep(clock, 1000).then(() => {
      done = true;
    });
    clock.advance(999);
    await Promise.resolve();
    expect(done).toBe(false);
    clock.advance(1);
    await slept;
    expect(done).toBe(true);
  });

  it('resolves at once when the signal aborts, leaving no timer behind', async () => {
    const clock = manualClock(0);
    const controller = new AbortController();
    const slept = sleep(clock, 60_000, controller.signal);
    expect(clock.timers()).toEqual([60_000]);
    controller.abort();
    await slept;
    expect(clock.timers()).toEqual([]);
    await sleep(clock, 60_000, controller.signal);
    expect(clock.timers()).toEqual([]);
  });

  it('runs on the system clock over Node timers', async () => {
    const before = systemClock.now();
    await sleep(systemClock, 5);
    expect(systemClock.now() - before).toBeGreaterThanOrEqual(4);
    const firedAt = await new Promise<number>((resolve) => {
      systemClock.setTimeout(() => resolve(systemClock.now()), 5);
    });
    expect(firedAt - before).toBeGreaterThanOrEqual(8);
  });
});
