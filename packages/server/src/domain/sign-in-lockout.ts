/**
 * Growing lockout after failed sign-ins, as a pure function of one counter and the time. The counter is
 * kept per sign-in name (whether or not such a user exists, so a lockout tells nothing about which names
 * are real) and per client address; each has its own policy.
 *
 * From the `threshold`th failure in a row the key is locked for `firstLockMs`, doubling with each further
 * failure up to `maxLockMs`. A success clears the counter; so does a quiet `forgetAfterMs` since the last
 * failure. Failures while locked are not counted: they are refused before the password is checked.
 */
export interface LockoutPolicy {
  threshold: number;
  firstLockMs: number;
  maxLockMs: number;
  forgetAfterMs: number;
}

export interface FailureCount {
  failures: number;
  lastFailedAt: number;
  /** Epoch ms until which the key is locked; 0 when it never was. */
  lockedUntil: number;
}

const minute = 60_000;

/** Per account: 5 failures → 1 min, then 2, 4 … capped at 1 h; forgotten after a day without failures. */
export const accountLockout: LockoutPolicy = {
  threshold: 5,
  firstLockMs: minute,
  maxLockMs: 60 * minute,
  forgetAfterMs: 24 * 60 * minute,
};

/** Per client address: more room, as a household or office shares one address behind NAT. */
export const addressLockout: LockoutPolicy = {
  threshold: 20,
  firstLockMs: minute,
  maxLockMs: 60 * minute,
  forgetAfterMs: 24 * 60 * minute,
};

/** The counter as it stands now: undefined once forgotten. */
export function currentCount(
  count: FailureCount | undefined,
  now: number,
  policy: LockoutPolicy,
): FailureCount | undefined {
  if (!count) return undefined;
  return now - count.lastFailedAt >= policy.forgetAfterMs ? undefined : count;
}

/** How much longer the key stays locked, in ms; 0 when it may try. */
export function lockRemainingMs(count: FailureCount | undefined, now: number, policy: LockoutPolicy): number {
  const current = currentCount(count, now, policy);
  return current ? Math.max(0, current.lockedUntil - now) : 0;
}

/** The counter after one more failure at `now` (call it only when the key was not locked). */
export function afterFailure(
  count: FailureCount | undefined,
  now: number,
  policy: LockoutPolicy,
): FailureCount {
  const failures = (currentCount(count, now, policy)?.failures ?? 0) + 1;
  const over = failures - policy.threshold;
  // 2 ** over grows past any cap quickly; capping the exponent keeps it a finite number.
  const lockMs = over < 0 ? 0 : Math.min(policy.maxLockMs, policy.firstLockMs * 2 ** Math.min(over, 40));
  return { failures, lastFailedAt: now, lockedUntil: lockMs === 0 ? 0 : now + lockMs };
}
