import { Api, GrammyError, HttpError } from 'grammy';
import { type Static, Type } from 'typebox';
import type { ChannelKind, SendContext, SendOutcome } from '../channel.ts';
import { outcomeOfHttpError } from '../http-outcome.ts';
import { guardedFetch } from './guarded-fetch.ts';
import { truncateTelegramHtml } from './telegram-html.ts';

export const TelegramTargetConfigSchema = Type.Object(
  {
    token: Type.String({
      pattern: '^[0-9]+:[A-Za-z0-9_-]{20,}$',
      description: 'The bot token from @BotFather.',
    }),
    apiRoot: Type.Optional(
      Type.String({
        pattern: '^https?://',
        description: 'A self-hosted telegram-bot-api server; default https://api.telegram.org.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type TelegramTargetConfig = Static<typeof TelegramTargetConfigSchema>;

export const TelegramAddressSchema = Type.Object(
  {
    chatId: Type.Union([Type.Integer(), Type.String({ pattern: '^(-?[0-9]+|@[A-Za-z0-9_]{5,})$' })], {
      description: 'A chat id (negative for groups) or @channelusername.',
    }),
    threadId: Type.Optional(Type.Integer({ minimum: 1, description: 'Forum topic (message_thread_id).' })),
    linkPreviews: Type.Optional(Type.Boolean({ description: 'Show link previews (default off).' })),
  },
  { additionalProperties: false },
);
export type TelegramAddress = Static<typeof TelegramAddressSchema>;

// Bot API limits (core.telegram.org/bots/api#sendmessage): 1–4096 characters after entity parsing.
const textMax = 4096;

/** 403s after which sending to the chat can never work until someone acts: disable the receiver. */
const gone = /bot was blocked|chat not found|user is deactivated|bot was kicked|not a member/i;

/** Text messages to a chat, as HTML. Media, commands and polling come with later steps of the issue. */
export const telegramChannel: ChannelKind<TelegramTargetConfig, TelegramAddress> = {
  kind: 'telegram',
  description: 'Send to Telegram chats, groups, channels and forum topics through your bot.',
  configSchema: TelegramTargetConfigSchema,
  addressSchema: TelegramAddressSchema,
  secretFields: ['token'],
  formats: ['html', 'text'],
  limits: { textMax },

  async send(ctx, message): Promise<SendOutcome> {
    const api = apiFor(ctx);
    const html = truncateTelegramHtml(
      message.format === 'html' ? message.body : escapeHtml(message.body),
      textMax,
    );
    const base = {
      ...(ctx.address.threadId ? { message_thread_id: ctx.address.threadId } : {}),
      disable_notification: ctx.options.silent === true,
      link_preview_options: { is_disabled: ctx.address.linkPreviews !== true },
    };
    try {
      const sent = await api.sendMessage(
        ctx.address.chatId,
        html,
        { ...base, parse_mode: 'HTML' },
        ctx.signal as never,
      );
      return { status: 'sent', providerMessageId: String(sent.message_id) };
    } catch (error) {
      if (error instanceof GrammyError && /can't parse entities/i.test(error.description)) {
        // Our sanitiser should make this impossible; if Telegram still refuses, the text is worth more
        // than its formatting: send it once more as plain text and say so.
        try {
          const sent = await api.sendMessage(ctx.address.chatId, plainText(html), base, ctx.signal as never);
          ctx.logger.warn(
            { description: error.description },
            'Telegram refused the HTML; sent as plain text',
          );
          return {
            status: 'sent',
            providerMessageId: String(sent.message_id),
            detail: { fellBackToPlainText: true },
          };
        } catch (retryError) {
          return outcomeOf(retryError);
        }
      }
      return outcomeOf(error);
    }
  },
};

function apiFor(ctx: SendContext<TelegramTargetConfig, TelegramAddress>): Api {
  return new Api(ctx.config.token, {
    ...(ctx.config.apiRoot ? { apiRoot: ctx.config.apiRoot.replace(/\/+$/, '') } : {}),
    fetch: guardedFetch(ctx.http, {
      maxUploadBytes: 50 * 1024 * 1024,
      timeoutMs: 30_000,
      signal: ctx.signal,
    }),
  });
}

function outcomeOf(error: unknown): SendOutcome {
  if (error instanceof GrammyError) {
    const message = `Telegram ${error.error_code}: ${error.description}`;
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
  return outcomeOfHttpError(error instanceof HttpError ? error.error : error);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function plainText(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}
