import type { HttpResponse } from '../../security/http/http-client.ts';
import { responseExcerpt, type Sensitive, scrubSensitive } from '../http-outcome.ts';
import { jsonAnswer } from '../json-answer.ts';

/**
 * Gotify answers errors as {"error":"Unauthorized","errorCode":401,"errorDescription":"…"} (the API's
 * Error model); the description says what was wrong. Anything else (a proxy's page) is cut short.
 */
export function describeGotifyError(response: HttpResponse, sensitive: Sensitive): string {
  const answer = jsonAnswer(response);
  const description = answer?.errorDescription;
  const detail =
    typeof description === 'string' && description !== ''
      ? scrubSensitive(description, sensitive).slice(0, 200)
      : responseExcerpt(response, sensitive);
  const hint = hints[response.status];
  return hint ? `${detail}${detail ? ' ' : ''}(${hint})` : detail;
}

const hints: Record<number, string> = {
  401: "check the target token: it must be an application's token, not a client's",
  403: "check the target token: it must be an application's token, not a client's",
  404: 'check the server URL: it must be the root of the Gotify server (with its path prefix, if any)',
};

/** Gotify answers a created message with the message itself; its id is an integer. */
export function gotifyMessageId(response: HttpResponse): string | undefined {
  const id = jsonAnswer(response)?.id;
  return typeof id === 'number' || typeof id === 'string' ? String(id) : undefined;
}
