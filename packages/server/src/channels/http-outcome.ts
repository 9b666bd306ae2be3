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

/** Values sent with the request that must never come back in an error: tokens, passwords, header values. */
export type Sensitive = readonly (string | undefined)[];

/** Shortest value worth scrubbing; shorter ones would blank out ordinary words of an error text. */
const scrubMinLength = 6;

/**
 * Replaces every sensitive value in `text`. Echo services (httpbin and friends, a misconfigured proxy)
 * answer with the request's own headers, so a far side's error text can carry our credentials.
 */
export function scrubSensitive(text: string, sensitive: Sensitive): string {
  let out = text;
  const values = sensitive.filter((v): v is string => v !== undefined && v.length >= scrubMinLength);
  // Longest first, so a token inside a longer header value ("Bearer tk_…") goes with the whole value.
  for (const value of values.sort((a, b) => b.length - a.length)) out = out.replaceAll(value, '[redacted]');
  return out;
}

/** The start of a response body as one line of text, credentials scrubbed, at most 200 characters. */
export function responseExcerpt(response: HttpResponse, sensitive: Sensitive = []): string {
  const text = scrubSensitive(response.body.toString('utf8'), sensitive).replace(/\s+/g, ' ').trim();
  return text.length > excerptChars ? `${text.slice(0, excerptChars)}…` : text;
}

export interface ResponseReading {
  /** The far side's own error text; the default is the start of the body. Gets the sensitive values too. */
  describe?: (response: HttpResponse, sensitive: Sensitive) => string;
  /** Values to keep out of the error message. */
  sensitive?: Sensitive;
}

/**
 * The usual reading of an HTTP answer to a request made with `redirect: 'error'`: 2xx sent; a 3xx failed
 * (the configured URL is not the final one, retrying will not change that); 408, 429 and 5xx worth another
 * try, after the Retry-After wait when there is one (RFC 9110 §10.2.3); any other status a permanent
 * rejection. Channels check their own special statuses (410, 401) before calling this.
 */
export function outcomeOfResponse(
  response: HttpResponse,
  nowMs: number,
  reading: ResponseReading = {},
): SendOutcome {
  const { status } = response;
  if (status >= 200 && status < 300) return { status: 'sent', httpStatus: status };
  if (status >= 300 && status < 400) {
    return {
      status: 'failed',
      error: { kind: 'rejected', httpStatus: status, message: redirectMessage(response) },
    };
  }
  const describe = reading.describe ?? responseExcerpt;
  const detail = describe(response, reading.sensitive ?? []);
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

/**
 * Names only the origin a redirect points to: its path and query may carry tokens, and the origin is what
 * the operator needs ("http://… redirects to https://…").
 */
function redirectMessage(response: HttpResponse): string {
  const base = `HTTP ${response.status}: the URL redirects`;
  const location = response.headers.location;
  let origin: string | undefined;
  try {
    origin = location ? new URL(location, response.url).origin : undefined;
  } catch {
    origin = undefined;
  }
  const to = origin && origin !== 'null' ? ` to ${origin}` : '';
  return `${base}${to}; configure the final URL (redirects are not followed)`;
}

/** What a thrown HTTP client error means for the delivery. Anything else is our bug: rethrown. */
export function outcomeOfHttpError(error: unknown): SendOutcome {
  if (error instanceof HttpBlockedError) {
    // Only the private-address refusal can be lifted by the operator; a bad scheme or user:pass@ cannot.
    const hint = error.message.includes('allowPrivate') ? ' (the NB_ALLOW_PRIVATE setting)' : '';
    return {
      status: 'failed',
      error: { kind: 'internal', code: 'blocked', message: `destination refused: ${error.message}${hint}` },
    };
  }
  if (error instanceof HttpTransportError) {
    return { status: 'retry', error: { kind: 'transport', message: error.message } };
  }
  if (error instanceof HttpResponseTooLargeError) {
    // The status is unknown here and the far side would answer the same way again: retrying would only
    // repeat a request that may well have been accepted. A permanent failure tells the operator instead.
    return {
      status: 'failed',
      error: {
        kind: 'rejected',
        message: `the answer could not be read (${error.message}); the message may have been accepted, and the far side should answer with a short body`,
      },
    };
  }
  throw error;
}
