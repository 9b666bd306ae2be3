/**
 * The one source of time: "now" (epoch milliseconds) and timers. Everything that waits — the dispatcher,
 * the runners, the bot pollers — waits on it, so a test with a manual clock runs hours in milliseconds.
 */
export interface Clock {
  now(): number;
  /** Calls `callback` once, `ms` from now (at once for 0 or less). */
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
}

declare const timerBrand: unique symbol;
/** A pending timer of some clock; only that clock's clearTimeout knows what it is. */
export interface TimerHandle {
  readonly [timerBrand]: true;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms) as unknown as TimerHandle,
  clearTimeout: (handle) => clearTimeout(handle as unknown as NodeJS.Timeout),
};

/** Resolves `ms` from now on `clock`, or at once when `signal` is aborted; never rejects. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clock.clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = clock.setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export interface ManualClock extends Clock {
  /** Moves time by `ms`: forward firing the timers that come due on the way, in due order; back without. */
  advance(ms: number): void;
  /** Moves time to `ms`: forward as advance() does; backward without firing anything. */
  set(ms: number): void;
  /** The due times of the timers waiting, earliest first. */
  timers(): number[];
}

interface ManualTimer {
  dueAt: number;
  /** Orders timers due at the same time as they were set, like Node's. */
  seq: number;
  callback: () => void;
}

/** A clock that only moves when told to; for tests of time-dependent code. */
export function manualClock(start: number): ManualClock {
  let current = start;
  let seq = 0;
  const pending = new Set<ManualTimer>();
  const earliestDue = (until: number): ManualTimer | undefined => {
    let first: ManualTimer | undefined;
    for (const timer of pending) {
      if (timer.dueAt > until) continue;
      if (!first || timer.dueAt < first.dueAt || (timer.dueAt === first.dueAt && timer.seq < first.seq))
        first = timer;
    }
    return first;
  };
  const advance = (ms: number) => {
    const target = current + ms;
    if (ms < 0) {
      current = target;
      return;
    }
    // A callback may set new timers; those due within the window fire too.
    for (let timer = earliestDue(target); timer; timer = earliestDue(target)) {
      pending.delete(timer);
      current = Math.max(current, timer.dueAt);
      timer.callback();
    }
    current = target;
  };
  return {
    now: () => current,
    setTimeout(callback, ms) {
      const timer: ManualTimer = { dueAt: current + Math.max(0, ms), seq: seq++, callback };
      pending.add(timer);
      return timer as unknown as TimerHandle;
    },
    clearTimeout(handle) {
      pending.delete(handle as unknown as ManualTimer);
    },
    advance,
    set: (ms) => advance(ms - current),
    timers: () => [...pending].map((timer) => timer.dueAt).sort((a, b) => a - b),
  };
}
