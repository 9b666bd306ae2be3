import type { HttpResponse } from '../../security/http/http-client.ts';
import type { SendOutcome } from '../channel.ts';
import { outcomeOfResponse, responseExcerpt, type Sensitive, scrubSensitive } from '../http-outcome.ts';
import { jsonAnswer } from '../json-answer.ts';

/** Error codes that mean the receiver's channel cannot take posts any more: disable it, not retry forever. */
const channelGone: Record<string, string> = {
  channel_not_found: "the channel does not exist or the bot cannot see it; check the receiver's channel",
  channel_is_archived: 'the channel was archived',
  is_archived: 'the channel was archived',
  not_in_channel: 'the bot is not in the channel; invite it (/invite @your-app) and re-enable the receiver',
  no_service: 'the incoming webhook was removed; make a new one and set it as webhookUrl',
  team_disabled: 'the workspace was disabled',
};

/** Error codes about the credentials: nothing the next attempt can change. */
const credentialHints: Record<string, string> = {
  invalid_auth: 'check botToken',
  not_authed: 'check botToken',
  invalid_token: 'the webhook or token was revoked; make a new one',
  token_revoked: 'the token was revoked; reinstall the app and set the new botToken',
  token_expired: 'the token expired; set a new botToken',
  account_inactive: 'the bot user or workspace was deleted',
  missing_scope: 'give the app the chat:write scope and reinstall it',
  action_prohibited: 'a workspace admin restricted posting to this channel',
};

/** Slack's own failures, worth another try (docs.slack.dev/reference/methods/chat.postMessage#errors). */
const transient = new Set([
  'fatal_error',
  'internal_error',
  'service_unavailable',
  'request_timeout',
  'ratelimited',
]);

/**
 * What Slack's answer means. Incoming webhooks answer errors with an HTTP status and a bare code as the body
 * (`no_service`); the Web API answers 200 with `{"ok": false, "error": "..."}`. Both go through one table:
 * a gone channel or webhook disables the receiver, a credential problem fails with a hint, Slack's own
 * trouble and 429 (after Retry-After) are retried.
 */
export function slackOutcome(response: HttpResponse, nowMs: number, sensitive: Sensitive): SendOutcome {
  const answer = jsonAnswer(response);
  const code = slackErrorCode(response, answer);
  if (code === undefined && response.status >= 200 && response.status < 300) {
    const ts = typeof answer?.ts === 'string' ? answer.ts : undefined;
    return ts ? { status: 'sent', providerMessageId: ts } : { status: 'sent' };
  }
  const shown = code ?? responseExcerpt(response, sensitive);
  const httpStatus = response.status;
  const message = (hint?: string) =>
    scrubSensitive(`HTTP ${httpStatus}: ${shown}${hint ? ` (${hint})` : ''}`, sensitive);
  if (code !== undefined && code in channelGone) {
    return {
      status: 'failed',
      disableReceiver: true,
      error: {
        kind: 'rejected',
        httpStatus,
        code,
        message: message(`${channelGone[code]}; the receiver is disabled`),
      },
    };
  }
  if (code !== undefined && code in credentialHints) {
    return {
      status: 'failed',
      error: { kind: 'rejected', httpStatus, code, message: message(credentialHints[code]) },
    };
  }
  if (httpStatus === 200 && code !== undefined) {
    // An API error in a 200: retried only when Slack says it was its own fault.
    const error = { kind: 'rejected' as const, httpStatus, code, message: message() };
    return transient.has(code) ? { status: 'retry', error } : { status: 'failed', error };
  }
  const outcome = outcomeOfResponse(response, nowMs, { describe: () => shown, sensitive });
  if (outcome.status !== 'sent' && code !== undefined) outcome.error.code = code;
  return outcome;
}

/** The error code of either answer shape; undefined for success. */
function slackErrorCode(
  response: HttpResponse,
  answer: Record<string, unknown> | undefined,
): string | undefined {
  if (answer) {
    if (answer.ok === false) return typeof answer.error === 'string' ? answer.error : 'unknown_error';
    if (answer.ok === true) return undefined;
  }
  if (response.status >= 200 && response.status < 300) return undefined;
  const text = response.body.toString('utf8').trim();
  return /^[a-z_]{2,64}$/.test(text) ? text : undefined;
}
