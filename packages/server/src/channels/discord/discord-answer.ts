import { parseRetryAfter } from '../../domain/retry-policy.ts';
import type { HttpResponse } from '../../security/http/http-client.ts';
import type { SendOutcome } from '../channel.ts';
import { outcomeOfResponse, responseExcerpt, type Sensitive, scrubSensitive } from '../http-outcome.ts';
import { jsonAnswer } from '../json-answer.ts';

/** https://discord.com/developers/docs/topics/opcodes-and-status-codes#json-json-error-codes */
const unknownChannel = 10003;
const unknownWebhook = 10015;

/**
 * What Discord's answer to an execute-webhook request means. Beyond the usual reading: a 429 waits as long
 * as Discord says (the body's `retry_after`, in fractional seconds, else X-RateLimit-Reset-After, else
 * Retry-After; docs/topics/rate-limits); a deleted webhook, or a thread that is gone, disables the receiver.
 */
export function discordOutcome(response: HttpResponse, nowMs: number, sensitive: Sensitive): SendOutcome {
  const answer = jsonAnswer(response);
  const code = typeof answer?.code === 'number' ? answer.code : undefined;
  const describe = (r: HttpResponse, s: Sensitive) => describeDiscordError(r, s, answer);
  if (response.status === 429) {
    const message = `HTTP 429: ${describe(response, sensitive)}${rateLimitScope(response, answer)}`;
    const retryAfterMs = rateLimitWaitMs(response, answer, nowMs);
    return {
      status: 'retry',
      error: { kind: 'rejected', httpStatus: 429, message },
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
  if (response.status === 404 && (code === unknownWebhook || code === unknownChannel)) {
    const what =
      code === unknownWebhook
        ? 'the webhook was deleted; make a new one and set it as the target url'
        : "the receiver's thread is gone (deleted, or not in the webhook's channel); fix its threadId";
    return {
      status: 'failed',
      disableReceiver: true,
      error: {
        kind: 'rejected',
        httpStatus: 404,
        code: String(code),
        message: `HTTP 404: ${describe(response, sensitive)} (${what}; the receiver is disabled, re-enable it after)`,
      },
    };
  }
  const outcome = outcomeOfResponse(response, nowMs, { describe, sensitive });
  if (outcome.status !== 'sent' && code !== undefined) outcome.error.code = String(code);
  return outcome;
}

/** Discord's `message` and code, and for an invalid form body the first field it names. */
function describeDiscordError(
  response: HttpResponse,
  sensitive: Sensitive,
  answer: Record<string, unknown> | undefined,
): string {
  if (typeof answer?.message !== 'string') return responseExcerpt(response, sensitive);
  const code = typeof answer.code === 'number' && answer.code !== 0 ? ` (Discord code ${answer.code})` : '';
  const field = firstFieldError(answer.errors);
  const hint = response.status === 401 ? ' (check the webhook URL: its token is wrong)' : '';
  const text = `${answer.message}${code}${field ? `: ${field}` : ''}${hint}`;
  return scrubSensitive(text, sensitive).slice(0, 300);
}

/** `errors` nests by field path down to `_errors: [{code, message}]` (docs/reference#error-messages). */
function firstFieldError(errors: unknown, path: string[] = []): string | undefined {
  if (typeof errors !== 'object' || errors === null) return undefined;
  for (const [key, value] of Object.entries(errors)) {
    if (key === '_errors' && Array.isArray(value)) {
      const first = value[0] as { message?: unknown } | undefined;
      if (typeof first?.message === 'string') return `${path.join('.')}: ${first.message}`;
    }
    const found = firstFieldError(value, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

function rateLimitWaitMs(
  response: HttpResponse,
  answer: Record<string, unknown> | undefined,
  nowMs: number,
): number | undefined {
  const seconds =
    typeof answer?.retry_after === 'number'
      ? String(answer.retry_after)
      : response.headers['x-ratelimit-reset-after'];
  return parseRetryAfter(seconds, nowMs) ?? parseRetryAfter(response.headers['retry-after'], nowMs);
}

/** Which limit it was: a global one slows every webhook of this bridge, a bucket only this webhook. */
function rateLimitScope(response: HttpResponse, answer: Record<string, unknown> | undefined): string {
  const global = answer?.global === true || response.headers['x-ratelimit-global'] === 'true';
  const scope = response.headers['x-ratelimit-scope'] ?? (global ? 'global' : undefined);
  const bucket = response.headers['x-ratelimit-bucket'];
  const parts = [scope ? `scope ${scope}` : undefined, bucket ? `bucket ${bucket}` : undefined].filter(
    Boolean,
  );
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** With `?wait=true` Discord answers with the message created; its id is a snowflake string. */
export function discordMessageId(response: HttpResponse): string | undefined {
  const id = jsonAnswer(response)?.id;
  return typeof id === 'string' ? id : undefined;
}
