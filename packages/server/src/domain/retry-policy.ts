/**
 * When to try a failed delivery again, and when to give up.
 *
 * Backoff is exponential with full jitter (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/):
 * the delay is uniform in [0, min(maxMs, baseMs * 2^(attempt-1))]. Full jitter spreads the retries of many
 * deliveries that failed together (a provider outage) instead of sending them back in synchronized waves.
 */
import { parseHttpDate } from './http-date.ts';

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export interface RetryPolicy extends BackoffPolicy {
  /** Attempts in all, the first one included; 1 means never retry. */
  maxAttempts: number;
}

/** A server may ask for a long pause, but a delivery a day late is not worth keeping in the queue longer. */
export const retryAfterMaxMs = 24 * 60 * 60 * 1000;

/** 2^1023 is the largest power of two a double holds; past it the ceiling is maxMs anyway. */
const maxExponent = 1023;

const nonNegative = (value: number) => (Number.isFinite(value) && value > 0 ? value : 0);

/** Why `policy` is not usable, or null when it is. */
export function validateRetryPolicy(policy: RetryPolicy): string | null {
  if (!Number.isFinite(policy.baseMs) || policy.baseMs < 0)
    return 'baseMs must be a number of milliseconds >= 0';
  if (!Number.isFinite(policy.maxMs) || policy.maxMs < policy.baseMs)
    return 'maxMs must be a number >= baseMs';
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1)
    return 'maxAttempts must be an integer >= 1';
  return null;
}

/**
 * The delay before the next try after `attempt` tries (1-based). `random` returns [0, 1) like Math.random.
 * Never NaN or negative: a non-finite or negative policy value counts as 0, an attempt below 1 as 1.
 */
export function retryDelayMs(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const exponent = Math.min(Math.max(Math.floor(attempt) - 1, 0) || 0, maxExponent);
  const ceiling = Math.min(nonNegative(policy.maxMs), nonNegative(policy.baseMs) * 2 ** exponent);
  const sample = random();
  const unit = sample >= 0 && sample <= 1 ? sample : 0;
  return Math.min(ceiling, Math.floor(unit * ceiling));
}

/**
 * The wait a Retry-After header asks for, in ms (RFC 9110 §10.2.3,
 * https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3): delay-seconds or an HTTP-date. Fractional seconds
 * are tolerated (some servers send them); a date in the past means now (0); anything over 24 h is capped.
 * Undefined when the header is absent, negative or not one of those forms.
 */
export function parseRetryAfter(headerValue: string | undefined, nowMs: number): number | undefined {
  if (headerValue === undefined) return undefined;
  const text = headerValue.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(Math.ceil(Number(text) * 1000), retryAfterMaxMs);
  const date = parseHttpDate(text, nowMs);
  if (date === undefined) return undefined;
  return Math.min(Math.max(date - nowMs, 0), retryAfterMaxMs);
}

/**
 * A failed attempt as the retry decision sees it: `failed` is permanent; `retry` (or no status) may be
 * tried again, after `retryAfterMs` when the far side said how long to wait.
 */
export interface AttemptFailure {
  status?: 'retry' | 'failed';
  retryAfterMs?: number | undefined;
}

export type NextAttempt =
  | { action: 'retry'; dueAt: number; delayMs: number }
  | { action: 'dead'; reason: 'permanent' | 'exhausted' };

/** Whether no attempt follows attempt number `attemptsMade` whatever its outcome. */
export function isLastAttempt(attemptsMade: number, maxAttempts: number): boolean {
  return !(attemptsMade < Math.max(Math.floor(maxAttempts) || 1, 1));
}

/**
 * What to do after `attemptsMade` attempts (the failed one included). A retryAfterMs from the far side
 * replaces the backoff delay (capped at 24 h) but the attempt still counts toward maxAttempts.
 */
export function nextAttempt(
  outcome: AttemptFailure,
  attemptsMade: number,
  policy: RetryPolicy,
  nowMs: number,
  random: () => number,
): NextAttempt {
  if (outcome.status === 'failed') return { action: 'dead', reason: 'permanent' };
  if (isLastAttempt(attemptsMade, policy.maxAttempts)) return { action: 'dead', reason: 'exhausted' };
  const asked = outcome.retryAfterMs;
  const delayMs =
    asked !== undefined && Number.isFinite(asked) && asked >= 0
      ? Math.min(Math.ceil(asked), retryAfterMaxMs)
      : retryDelayMs(attemptsMade, policy, random);
  return { action: 'retry', dueAt: nowMs + delayMs, delayMs };
}
