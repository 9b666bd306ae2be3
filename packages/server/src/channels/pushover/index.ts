import type { RenderedMessage } from '../../render/message.ts';
import { type AttachmentFile, attachmentFile, isAttachmentFile } from '../attachment-bytes.ts';
import type { ChannelKind, SendContext, SendOutcome } from '../channel.ts';
import { joinUrl } from '../config-url.ts';
import { outcomeOfHttpError } from '../http-outcome.ts';
import {
  type PushoverAddress,
  PushoverAddressSchema,
  type PushoverTargetConfig,
  PushoverTargetConfigSchema,
} from './config-schema.ts';
import { attachmentBytesMax, pushoverLimits, pushoverMessage } from './message-payload.ts';
import { pushoverOutcome } from './pushover-answer.ts';

export {
  type PushoverAddress,
  PushoverAddressSchema,
  type PushoverTargetConfig,
  PushoverTargetConfigSchema,
} from './config-schema.ts';

import { pushoverUrl } from './apprise-url.ts';

const maxResponseBytes = 64 * 1024;

/**
 * Pushes through Pushover's message API (pushover.net/api) to a user or group key, with priority from
 * severity (emergency for critical events when the receiver asks), the event's URL and time, and the first
 * image attachment. Pushover has no idempotency key: a retry after a lost answer may push twice.
 */
export const pushoverChannel: ChannelKind<PushoverTargetConfig, PushoverAddress> = {
  kind: 'pushover',
  description: 'Push to phones and desktops through Pushover, with priority, sound, URL and an image.',
  configSchema: PushoverTargetConfigSchema,
  addressSchema: PushoverAddressSchema,
  secretFields: ['token'],
  url: pushoverUrl,
  formats: ['text'],
  limits: {
    titleMax: pushoverLimits.title,
    textMax: pushoverLimits.message,
    attachmentsMax: 1,
    bytesMax: attachmentBytesMax,
  },

  async send(ctx, message): Promise<SendOutcome> {
    const { config, address } = ctx;
    // The user key is not sealed, but it is what lets anyone push to that person: keep it out of errors too.
    const sensitive = [config.token, address.user];
    try {
      const image = await firstImage(ctx, message);
      if (image.later && !ctx.lastAttempt) {
        return { status: 'retry', error: { kind: 'transport', message: `attachment: ${image.skipped}` } };
      }
      const detail = image.skipped
        ? { skippedFiles: [{ index: image.index, reason: image.skipped }] }
        : undefined;
      const payload = pushoverMessage(
        message,
        { token: config.token, address },
        { silent: ctx.options.silent === true, image: image.file },
      );
      const response = await ctx.http.request(
        joinUrl(config.apiUrl ?? 'https://api.pushover.net/1', 'messages.json'),
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(payload),
          redirect: 'error',
          maxResponseBytes,
          signal: ctx.signal,
        },
      );
      const outcome = pushoverOutcome(response, ctx.clock.now(), sensitive);
      return detail ? { ...outcome, detail } : outcome;
    } catch (error) {
      return outcomeOfHttpError(error);
    }
  },
};

interface ImagePlan {
  file?: AttachmentFile;
  index?: number;
  skipped?: string;
  later?: boolean;
}

/** Pushover shows one image per message: the first image attachment, fetched under its 5 MB. */
async function firstImage(
  ctx: SendContext<PushoverTargetConfig, PushoverAddress>,
  message: RenderedMessage,
): Promise<ImagePlan> {
  const index = message.attachments.findIndex((a) => (a.contentType ?? '').startsWith('image/'));
  if (index === -1) return {};
  const file = await attachmentFile(
    ctx.http,
    message.attachments[index]!,
    index,
    attachmentBytesMax,
    ctx.signal,
  );
  if (isAttachmentFile(file)) return { file, index };
  return { index, skipped: file.reason, later: file.later === true };
}
