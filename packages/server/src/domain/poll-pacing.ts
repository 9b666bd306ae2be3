/**
 * When a long-polling loop (a Telegram bot's getUpdates) calls again. A server that holds the poll paces the
 * loop by itself; one that answers at once with nothing — a proxy that cuts long polls short, a server that
 * ignores `timeout` — or that fails would otherwise be called as fast as the network allows (778,280 calls
 * in 230 s at ~80 % CPU). Such an answer is a strike: the next call waits a growing, capped pause, never
 * less than the backoff's base. An answer with updates, or an empty one the server held, clears the strikes.
 */
import { type BackoffPolicy, retryAfterMaxMs, retryDelayMs } from './retry-policy.ts';

export interface PollPacingPolicy {
  /** An empty answer sooner than this after the call did not hold the poll. */
  heldMs: number;
  /** The pause after the first strike (the least time between such calls), doubling up to maxMs. */
  backoff: BackoffPolicy;
}

export type PollAnswer =
  | { kind: 'updates' }
  | { kind: 'empty'; elapsedMs: number }
  /** `retryAfterMs`: how long the server asked to wait (a 429's retry_after). */
  | { kind: 'failed'; retryAfterMs?: number | undefined };

export interface PollPace {
  /** Answers in a row that were empty and quick, or failed. */
  strikes: number;
  /** How long to wait before the next call. */
  waitMs: number;
}

/** For a Telegram bot: its long polls last 25 s, so an empty answer within a second was not held. */
export const botPollPacing: PollPacingPolicy = { heldMs: 1000, backoff: { baseMs: 1000, maxMs: 30_000 } };

/** The pace after `answer`, given the strikes before it. */
export function nextPoll(strikes: number, answer: PollAnswer, policy: PollPacingPolicy): PollPace {
  if (answer.kind === 'updates') return { strikes: 0, waitMs: 0 };
  if (answer.kind === 'empty' && answer.elapsedMs >= policy.heldMs) return { strikes: 0, waitMs: 0 };
  const struck = Math.max(0, Math.floor(strikes) || 0) + 1;
  // No jitter: there is one poller per bot, so there are no synchronized retries to spread.
  const backoffMs = retryDelayMs(struck, policy.backoff, () => 1);
  const asked = answer.kind === 'failed' ? answer.retryAfterMs : undefined;
  const askedMs = asked !== undefined && Number.isFinite(asked) && asked > 0 ? Math.ceil(asked) : 0;
  return { strikes: struck, waitMs: Math.min(Math.max(backoffMs, askedMs), retryAfterMaxMs) };
}
