import { parseRetryAfter } from '../domain/retry-policy.ts';
import {
  HttpBlockedError,
  type HttpResponse,
  HttpResponseTooLargeError,
  HttpTransportError,
} from '../security/http/http-client.ts';
import type { SendOutcome } from './channel.ts';

/** Up to this much of a far side's error body goes into the recorded error, for the operator to read. */
const excerptChars = 200;

export function responseExcerpt(response: HttpResponse): string {
  const text = response.body.toString('utf8').replace(/\s+/g, ' ').trim();
  return text.length > excerptChars ? `${text.slice(0, excerptChars)}…` : text;
}

/**
 * The usual reading of an HTTP answer: 2xx sent; 408, 429 and 5xx worth another try (honouring
 * Retry-After, RFC 9110 §10.2.3); any other status a permanent rejection. `describe` lets a channel put
 * the far side's own error text into the message.
 */
export function outcomeOfResponse(
  response: HttpResponse,
  nowMs: number,
  describe: (response: HttpResponse) => string = responseExcerpt,
): SendOutcome {
  const { status } = response;
  if (status >= 200 && status < 300) return { status: 'sent' };
  const detail = describe(response);
  const message = `HTTP ${status}${detail ? `: ${detail}` : ''}`;
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], nowMs);
    return {
      status: 'retry',
      error: { kind: 'rejected', message, httpStatus: status },
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
  return { status: 'failed', error: { kind: 'rejected', message, httpStatus: status } };
}

/** What a thrown HTTP client error means for the delivery. Anything else is our bug: rethrown. */
export function outcomeOfHttpError(error: unknown): SendOutcome {
  if (error instanceof HttpBlockedError) {
    return {
      status: 'failed',
      error: {
        kind: 'internal',
        message: `${error.message} (an operator can allow it with NB_ALLOW_PRIVATE)`,
        code: 'blocked',
      },
    };
  }
  if (error instanceof HttpTransportError) {
    return { status: 'retry', error: { kind: 'transport', message: error.message } };
  }
  if (error instanceof HttpResponseTooLargeError) {
    return { status: 'retry', error: { kind: 'transport', message: error.message } };
  }
  throw error;
}
