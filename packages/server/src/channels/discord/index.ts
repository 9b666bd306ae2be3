import type { ChannelKind, SendOutcome } from '../channel.ts';
import { outcomeOfHttpError } from '../http-outcome.ts';
import { filePart, multipartBody } from '../multipart-body.ts';
import {
  type DiscordAddress,
  DiscordAddressSchema,
  type DiscordTargetConfig,
  DiscordTargetConfigSchema,
} from './config-schema.ts';
import { discordMessageId, discordOutcome } from './discord-answer.ts';
import { discordExecute, embedLimits, filesMax, uploadBytesMax } from './execute-payload.ts';
import { uploadFiles } from './upload-files.ts';

export {
  type DiscordAddress,
  DiscordAddressSchema,
  type DiscordTargetConfig,
  DiscordTargetConfigSchema,
} from './config-schema.ts';

import { discordUrl } from './apprise-url.ts';

/** The message object Discord answers with: its embeds and attachments as sent, a few KiB. */
const maxResponseBytes = 256 * 1024;

/**
 * Executes a Discord webhook (https://discord.com/developers/docs/resources/webhook#execute-webhook) with
 * `?wait=true`, so Discord answers with the message and its id. Files go as multipart form data with the
 * JSON in `payload_json`. The webhook URL holds the webhook's token: it is a secret field, and neither it
 * nor its path appears in an error or a log line (the traced client logs origins only).
 *
 * Discord has no idempotency key: when an answer is lost (timeout, reset) the retry may post twice.
 */
export const discordChannel: ChannelKind<DiscordTargetConfig, DiscordAddress> = {
  kind: 'discord',
  description:
    'Post to a Discord channel or thread through a webhook: an embed coloured by severity, with files.',
  configSchema: DiscordTargetConfigSchema,
  addressSchema: DiscordAddressSchema,
  secretFields: ['url'],
  url: discordUrl,
  formats: ['markdown', 'text'],
  limits: {
    titleMax: embedLimits.title,
    textMax: embedLimits.description,
    attachmentsMax: filesMax,
    bytesMax: uploadBytesMax,
  },

  async send(ctx, message): Promise<SendOutcome> {
    const { config } = ctx;
    const path = new URL(config.url).pathname;
    // The URL, its path and the token (its last segment): an echoing proxy may quote any of them.
    const sensitive = [config.url, path, path.split('/').filter(Boolean).at(-1)];
    try {
      const planned = await uploadFiles(ctx, message);
      const detail = planned.skipped.length > 0 ? { skippedFiles: planned.skipped } : undefined;
      if (planned.later && !ctx.lastAttempt) {
        const reason = planned.skipped.find((s) => s.reason)?.reason ?? 'a file could not be fetched';
        return { status: 'retry', error: { kind: 'transport', message: `attachment: ${reason}` }, detail };
      }
      const payload = discordExecute(message, config, {
        silent: ctx.options.silent === true,
        files: planned.files,
      });
      const url = new URL(config.url);
      url.searchParams.set('wait', 'true');
      if (ctx.address.threadId) url.searchParams.set('thread_id', ctx.address.threadId);
      const request = await requestBody(payload, planned.files);
      const response = await ctx.http.request(url.href, {
        method: 'POST',
        headers: { 'content-type': request.contentType },
        body: request.body,
        // A redirect would turn the POST into a GET or carry the token elsewhere: fail and say so.
        redirect: 'error',
        maxResponseBytes,
        signal: ctx.signal,
      });
      const outcome = discordOutcome(response, ctx.clock.now(), sensitive);
      if (outcome.status !== 'sent') return detail ? { ...outcome, detail } : outcome;
      const id = discordMessageId(response);
      return { ...outcome, ...(id ? { providerMessageId: id } : {}), ...(detail ? { detail } : {}) };
    } catch (error) {
      return outcomeOfHttpError(error);
    }
  },
};

/** JSON alone, or multipart with `payload_json` and `files[n]` parts when there are files. */
async function requestBody(
  payload: object,
  files: readonly { bytes: Uint8Array; filename: string; contentType: string }[],
): Promise<{ body: string | Uint8Array; contentType: string }> {
  if (files.length === 0) return { body: JSON.stringify(payload), contentType: 'application/json' };
  const form = new FormData();
  form.append('payload_json', JSON.stringify(payload));
  for (const [index, file] of files.entries()) {
    form.append(`files[${index}]`, filePart(file.bytes, file.contentType), file.filename);
  }
  return multipartBody(form);
}
