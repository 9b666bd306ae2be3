import type { HttpResponse } from '../../security/http/http-client.ts';
import type { SendOutcome } from '../channel.ts';
import { outcomeOfResponse, responseExcerpt, type Sensitive, scrubSensitive } from '../http-outcome.ts';
import { jsonAnswer } from '../json-answer.ts';

/**
 * What Pushover's answer means (pushover.net/api#response). It answers 4xx with `{"status":0,"errors":[…]}`
 * and marks the offending parameter (`"user": "invalid"`, `"token": "invalid"`): a wrong user key disables
 * the receiver, a wrong token fails with a hint. A 429 means the application used up its monthly messages:
 * wait until X-Limit-App-Reset. 5xx are retried (the usual backoff waits longer than the 5 s Pushover asks).
 */
export function pushoverOutcome(response: HttpResponse, nowMs: number, sensitive: Sensitive): SendOutcome {
  const answer = jsonAnswer(response);
  if (response.status >= 200 && response.status < 300 && answer?.status === 1) {
    const id = typeof answer.receipt === 'string' ? answer.receipt : answer.request;
    return typeof id === 'string' ? { status: 'sent', providerMessageId: id } : { status: 'sent' };
  }
  const describe = (r: HttpResponse, s: Sensitive) => {
    const errors = Array.isArray(answer?.errors) ? answer.errors.filter((e) => typeof e === 'string') : [];
    return errors.length > 0 ? scrubSensitive(errors.join('; '), s).slice(0, 300) : responseExcerpt(r, s);
  };
  const message = () => `HTTP ${response.status}: ${describe(response, sensitive)}`;
  if (answer?.user === 'invalid') {
    return {
      status: 'failed',
      disableReceiver: true,
      error: {
        kind: 'rejected',
        httpStatus: response.status,
        code: 'user',
        message: `${message()} (fix the receiver's user key; the receiver is disabled)`,
      },
    };
  }
  if (answer?.token === 'invalid') {
    return {
      status: 'failed',
      error: {
        kind: 'rejected',
        httpStatus: response.status,
        code: 'token',
        message: `${message()} (check the target token)`,
      },
    };
  }
  if (response.status === 429) {
    const reset = Number(response.headers['x-limit-app-reset']);
    const retryAfterMs = Number.isFinite(reset) && reset * 1000 > nowMs ? reset * 1000 - nowMs : undefined;
    return {
      status: 'retry',
      error: {
        kind: 'rejected',
        httpStatus: 429,
        message: `${message()} (the application's monthly message limit is used up)`,
      },
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
  // A 2xx without status 1 is no answer Pushover gives: something in between (a captive portal) answered.
  if (response.status >= 200 && response.status < 300) {
    return { status: 'retry', error: { kind: 'rejected', httpStatus: response.status, message: message() } };
  }
  return outcomeOfResponse(response, nowMs, { describe, sensitive });
}
