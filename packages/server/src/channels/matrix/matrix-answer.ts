import { parseRetryAfter } from '../../domain/retry-policy.ts';
import type { HttpResponse } from '../../security/http/http-client.ts';
import type { SendOutcome } from '../channel.ts';
import { outcomeOfResponse, responseExcerpt, type Sensitive, scrubSensitive } from '../http-outcome.ts';
import { jsonAnswer } from '../json-answer.ts';

/** Which call answered: what a 403 or 404 means depends on it. */
export type MatrixCall = 'send' | 'alias' | 'upload';

/** Error codes about the account, whatever the room (spec.matrix.org/latest/client-server-api/#standard-error-response). */
const accountHints: Record<string, string> = {
  M_UNKNOWN_TOKEN:
    'the access token is not valid (logged out, or expired); set a new accessToken (Element: Settings → Help & About → Access Token)',
  M_MISSING_TOKEN: 'no access token reached the homeserver; check accessToken',
  M_USER_DEACTIVATED: 'the sending account was deactivated',
  M_USER_LOCKED: 'the sending account is locked by the homeserver admin',
  M_USER_SUSPENDED: 'the sending account is suspended by the homeserver admin',
};

/** The error is the account's (its token, its state): no other room or file would fare better. */
export function isAccountError(errcode: string | undefined): boolean {
  return errcode !== undefined && errcode in accountHints;
}

/**
 * What a homeserver's error means for the delivery. Errors are `{"errcode": "M_…", "error": "…"}`:
 * M_LIMIT_EXCEEDED (429) waits `retry_after_ms` (or Retry-After, which newer servers send instead); a bad
 * token fails with a hint; M_FORBIDDEN on a send (not in the room, or no power to post) and an alias that
 * names no room disable the receiver; 5xx are retried. The caller handles 2xx.
 */
export function matrixOutcome(
  response: HttpResponse,
  call: MatrixCall,
  nowMs: number,
  sensitive: Sensitive,
): SendOutcome {
  const answer = jsonAnswer(response);
  const errcode = typeof answer?.errcode === 'string' ? answer.errcode : undefined;
  const describe = (r: HttpResponse, s: Sensitive) =>
    errcode === undefined
      ? responseExcerpt(r, s)
      : scrubSensitive(`${errcode}${typeof answer?.error === 'string' ? `: ${answer.error}` : ''}`, s).slice(
          0,
          300,
        );
  const httpStatus = response.status;
  const error = (hint?: string) => ({
    kind: 'rejected' as const,
    httpStatus,
    ...(errcode === undefined ? {} : { code: errcode }),
    message: `HTTP ${httpStatus}: ${describe(response, sensitive)}${hint ? ` (${hint})` : ''}`,
  });
  if (errcode === 'M_LIMIT_EXCEEDED' || httpStatus === 429) {
    const fromBody =
      typeof answer?.retry_after_ms === 'number' && answer.retry_after_ms >= 0
        ? answer.retry_after_ms
        : undefined;
    const retryAfterMs = fromBody ?? parseRetryAfter(response.headers['retry-after'], nowMs);
    return { status: 'retry', error: error(), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  }
  if (errcode !== undefined && errcode in accountHints) {
    return { status: 'failed', error: error(accountHints[errcode]) };
  }
  if (call === 'send' && errcode === 'M_FORBIDDEN') {
    return {
      status: 'failed',
      disableReceiver: true,
      error: error(
        'the account is not in the room or may not post there: join it (accept the invite) and re-enable the receiver',
      ),
    };
  }
  if (call === 'alias' && (errcode === 'M_NOT_FOUND' || httpStatus === 404)) {
    return {
      status: 'failed',
      disableReceiver: true,
      error: error("no room has this alias; fix the receiver's room and re-enable it"),
    };
  }
  const outcome = outcomeOfResponse(response, nowMs, { describe, sensitive });
  if (outcome.status !== 'sent' && errcode !== undefined) outcome.error.code = errcode;
  return outcome;
}
