/**
 * Rate limits as GCRA (the generic cell rate algorithm, a token bucket kept as one number): a bucket is
 * its theoretical arrival time `tat`, the instant by which everything let through so far would have been
 * sent at the steady rate. One stored number per bucket, so a bucket fits one guarded UPDATE and holds
 * across nodes.
 */

export const ratePeriods = { second: 1_000, minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
export type RatePeriod = keyof typeof ratePeriods;

/** `count` messages per `per`, of which up to `burst` (default `count`) may go at once. */
export interface RateLimit {
  count: number;
  per: RatePeriod;
  burst?: number;
}

export type RateDecision =
  | { allowed: true; tat: number }
  /** `retryAt`: the first instant the same request would be let through. */
  | { allowed: false; retryAt: number };

/** The steady gap between two messages, and how far ahead of it a burst may run. */
function shape(limit: RateLimit): { interval: number; tolerance: number } {
  const interval = ratePeriods[limit.per] / limit.count;
  const burst = limit.burst ?? limit.count;
  return { interval, tolerance: interval * (burst - 1) };
}

/**
 * How far apart two instants may be and still count as the same: an interval such as 1000/23 ms is no
 * exact double, so `(now + interval) - now` can come out a hair above `interval`, which refused the
 * second message of a burst of two sent at once and answered a retry time equal to `now`.
 */
const slackMs = 1e-6;

/** Whether one more message may go at `now`, given the bucket's stored `tat` (undefined: never used). */
export function decideRate(tat: number | undefined, now: number, limit: RateLimit): RateDecision {
  const { interval, tolerance } = shape(limit);
  const from = Math.max(tat ?? now, now);
  const earliest = from - tolerance - slackMs;
  if (earliest > now) return { allowed: false, retryAt: Math.ceil(earliest) };
  return { allowed: true, tat: from + interval };
}

/** A limit as people write it: "30/second", "20/minute, burst 5". */
export function describeRate(limit: RateLimit): string {
  const burst = limit.burst !== undefined && limit.burst !== limit.count ? `, burst ${limit.burst}` : '';
  return `${limit.count}/${limit.per}${burst}`;
}
