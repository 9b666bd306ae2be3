/**
 * How long to wait before reconnecting: exponential from `initialMs` to `maxMs`, with "equal jitter"
 * (a random point in the upper half of the step, as in AWS's architecture note on backoff and jitter), so
 * clients dropped together by a restart do not come back together, yet never wait under half a step.
 */
export interface BackoffPolicy {
  /** The first step (1 s); the server's `retry:` field replaces it. */
  initialMs: number;
  /** No wait is longer (30 s). */
  maxMs: number;
}

export const defaultBackoff: BackoffPolicy = Object.freeze({ initialMs: 1_000, maxMs: 30_000 });

/**
 * The wait before reconnect number `attempt` (0 for the first after a connection was lost). `random` is
 * a number in [0, 1), as Math.random gives.
 */
export function backoffDelay(
  attempt: number,
  random: number,
  policy: BackoffPolicy = defaultBackoff,
): number {
  const initial = Math.max(0, policy.initialMs);
  const max = Math.max(initial, policy.maxMs);
  // Doubling 64 times passes any cap (and 0 * 2 ** 1024 would be NaN); a negative attempt counts as 0.
  const step = Math.min(max, initial * 2 ** Math.min(64, Math.max(0, Math.floor(attempt))));
  const unit = Math.min(Math.max(random, 0), 1);
  return Math.round(step / 2 + (step / 2) * unit);
}
