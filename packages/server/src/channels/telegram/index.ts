import { timingSafeEqual } from 'node:crypto';
import type { ChannelKind, SendOutcome } from '../channel.ts';
import { telegramUrl } from './apprise-url.ts';
import { handlePushedUpdate, runBot } from './bot/run-bot.ts';
import { botApi, outcomeOf } from './bot-api.ts';
import {
  type TelegramAddress,
  TelegramAddressSchema,
  type TelegramTargetConfig,
  TelegramTargetConfigSchema,
} from './config-schema.ts';
import { captionMax, sendWithMedia, textMax, unknownMessageId } from './send-media.ts';
import { sendHtmlText } from './send-text.ts';
import { escapeHtml, truncateTelegramHtml } from './telegram-html.ts';

export type { TelegramAddress, TelegramTargetConfig } from './config-schema.ts';

/** Text, photos, videos, animations, audio and documents to a chat or forum topic, as HTML. */
export const telegramChannel: ChannelKind<TelegramTargetConfig, TelegramAddress> = {
  kind: 'telegram',
  description: 'Send to Telegram chats, groups, channels and forum topics through your bot.',
  configSchema: TelegramTargetConfigSchema,
  addressSchema: TelegramAddressSchema,
  secretFields: ['token', 'webhookSecret'],
  url: telegramUrl,
  formats: ['html', 'text'],
  limits: {
    textMax,
    captionMax,
    // core.telegram.org/bots/faq#my-bot-is-hitting-limits: about 30 messages a second per bot, and no more
    // than 20 a minute into one group; a private chat takes more, but 20 a minute is where a human stops reading.
    rate: {
      target: { count: 30, per: 'second' },
      receiver: { count: 20, per: 'minute' },
      // Telegram counts per bot and per chat: two targets with one bot's token share its 30 a second. The
      // bot's id is the token's public part, before the colon.
      scope: (config: TelegramTargetConfig, address: TelegramAddress) => {
        const bot = `bot${config.token.split(':')[0]}`;
        return { target: bot, receiver: `${bot}:chat:${address.chatId}` };
      },
    },
  },
  validateConfig: (config) =>
    config.updates === 'webhook' && config.webhookSecret === undefined
      ? 'webhook mode needs `webhookSecret`: the secret Telegram sends with every update (16-256 of A-Z a-z 0-9 _ -)'
      : undefined,

  async send(ctx, message): Promise<SendOutcome> {
    const api = botApi(ctx.config, ctx.http, ctx.signal);
    const html = message.format === 'html' ? message.body : escapeHtml(message.body);
    // Every kind of send carries the receiver's topic and silent flag; link previews only concern text.
    const base = {
      ...(ctx.address.threadId ? { message_thread_id: ctx.address.threadId } : {}),
      disable_notification: ctx.options.silent === true,
    };
    const textOptions = { ...base, link_preview_options: { is_disabled: ctx.address.linkPreviews !== true } };
    if (message.attachments.length > 0) {
      return sendWithMedia(
        ctx,
        api,
        {
          chatId: ctx.address.chatId,
          base,
          textOptions,
          largeVideosAsDocuments: ctx.address.largeVideosAsDocuments !== false,
        },
        html,
        message.title,
        message.attachments,
      );
    }
    try {
      const sent = await sendHtmlText(
        api,
        ctx.address.chatId,
        truncateTelegramHtml(html, textMax),
        textOptions,
        ctx.signal,
        ctx.logger,
      );
      const detail = {
        ...(sent.fellBackToPlainText ? { fellBackToPlainText: true } : {}),
        ...(sent.messageId === undefined ? { warnings: [unknownMessageId] } : {}),
      };
      return {
        status: 'sent',
        ...(sent.messageId === undefined ? {} : { providerMessageId: String(sent.messageId) }),
        ...(Object.keys(detail).length > 0 ? { detail } : {}),
      };
    } catch (error) {
      return outcomeOf(error, ctx.config.token);
    }
  },

  inbound: {
    run: runBot,
    webhook: {
      authenticate(headers, config) {
        const sent = headers['x-telegram-bot-api-secret-token'];
        return (
          config.updates === 'webhook' &&
          config.webhookSecret !== undefined &&
          typeof sent === 'string' &&
          safeEqual(sent, config.webhookSecret)
        );
      },
      handle: handlePushedUpdate,
    },
  },
};

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
