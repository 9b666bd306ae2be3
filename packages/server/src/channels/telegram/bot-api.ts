import { Api, GrammyError, HttpError } from 'grammy';
import type { HttpClient } from '../../security/http/http-client.ts';
import type { SendOutcome } from '../channel.ts';
import { outcomeOfHttpError, scrubSensitive } from '../http-outcome.ts';
import type { TelegramTargetConfig } from './config-schema.ts';
import { guardedFetch } from './guarded-fetch.ts';
import { cloudLimits, localServerLimits, type MediaLimits } from './media-plan.ts';
import { typedUploads } from './typed-uploads.ts';

/** What the channel needs of a telegram target's config to reach its Bot API server. */
export type BotConnection = Pick<TelegramTargetConfig, 'token' | 'apiRoot' | 'localServer' | 'maxVideoMb'>;

export function botApi(bot: BotConnection, http: HttpClient, signal: AbortSignal, timeoutMs = 30_000): Api {
  const apiRoot = bot.apiRoot?.replace(/\/+$/, '') ?? 'https://api.telegram.org';
  const fetch = guardedFetch(http, {
    maxUploadBytes: mediaLimits(bot).groupBytes + 1024 * 1024,
    timeoutMs,
    signal,
  });
  const api = new Api(bot.token, { apiRoot, fetch });
  api.config.use(typedUploads(fetch, (method) => `${apiRoot}/bot${bot.token}/${method}`));
  return api;
}

/** The limits of the server in use: a self-hosted server (`apiRoot`) is taken to run with `--local`. */
export function mediaLimits(bot: BotConnection): MediaLimits {
  const base = (bot.localServer ?? bot.apiRoot !== undefined) ? localServerLimits : cloudLimits;
  return bot.maxVideoMb === undefined
    ? base
    : { ...base, videoBytes: Math.min(base.videoBytes, bot.maxVideoMb * 1024 * 1024) };
}

/** 403s after which sending to the chat can never work until someone acts: disable the receiver. */
const gone = /bot was blocked|chat not found|user is deactivated|bot was kicked|not a member/i;

/** Telegram no longer knows a file_id we cached (another bot's, or expired): upload the file again. */
export function isStaleFileId(error: unknown): boolean {
  return (
    error instanceof GrammyError &&
    error.error_code === 400 &&
    /wrong (remote )?file identifier|file reference|FILE_ID_INVALID/i.test(error.description)
  );
}

/**
 * A refusal of what was sent, not of where (a 400 about a file, or 413 for an upload too big): another file
 * or the text alone may still go through.
 */
export function isContentRejection(error: unknown): boolean {
  if (!(error instanceof GrammyError)) return false;
  if (error.error_code === 413) return true;
  return (
    error.error_code === 400 &&
    !/chat not found|thread not found|topic_closed|TOPIC_DELETED/i.test(error.description)
  );
}

export function isParseError(error: unknown): boolean {
  return error instanceof GrammyError && /can't parse entities/i.test(error.description);
}

/** What a failed Bot API call means for the delivery. The token never appears in the message. */
export function outcomeOf(error: unknown, token: string): SendOutcome {
  if (error instanceof GrammyError) {
    const message = scrubSensitive(`Telegram ${error.error_code}: ${error.description}`, [token]);
    const rejected = { kind: 'rejected' as const, message, httpStatus: error.error_code };
    if (error.error_code === 429) {
      // retry_after may be fractional; the delivery is rescheduled instead of holding a worker.
      const seconds = Number(error.parameters.retry_after ?? 1);
      return { status: 'retry', error: rejected, retryAfterMs: Math.ceil(seconds * 1000) };
    }
    if (error.error_code === 403 && gone.test(error.description)) {
      return { status: 'failed', error: rejected, disableReceiver: true };
    }
    if (error.error_code >= 500) return { status: 'retry', error: rejected };
    return { status: 'failed', error: rejected };
  }
  // grammY wraps what our fetch threw (blocked address, network failure, timeout) in an HttpError.
  const outcome = outcomeOfHttpError(error instanceof HttpError ? error.error : error);
  if (outcome.status !== 'sent') outcome.error.message = scrubSensitive(outcome.error.message, [token]);
  return outcome;
}

/** A short reason for an item's failure, for the per-item outcome. */
export function reasonOf(error: unknown, token: string): string {
  if (error instanceof GrammyError) {
    return scrubSensitive(`Telegram ${error.error_code}: ${error.description}`, [token]);
  }
  const cause = error instanceof HttpError ? error.error : error;
  return scrubSensitive(cause instanceof Error ? cause.message : String(cause), [token]);
}
