import { timingSafeEqual } from 'node:crypto';
import { type Static, Type } from 'typebox';
import type { ChannelKind, SendOutcome } from '../channel.ts';
import { handlePushedUpdate, runBot } from './bot/run-bot.ts';
import { botApi, outcomeOf } from './bot-api.ts';
import { captionMax, sendWithMedia, textMax } from './send-media.ts';
import { sendHtmlText } from './send-text.ts';
import { escapeHtml, truncateTelegramHtml } from './telegram-html.ts';

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
    localServer: Type.Optional(
      Type.Boolean({
        description:
          'Whether the Bot API server runs with --local (uploads up to 2000 MB instead of 50 MB). Default: true when apiRoot is set.',
      }),
    ),
    maxVideoMb: Type.Optional(
      Type.Integer({
        minimum: 1,
        description:
          'Videos larger than this go as files (documents), which chats download instead of streaming; default: the upload limit.',
      }),
    ),
    updates: Type.Optional(
      Type.Union([Type.Literal('polling'), Type.Literal('webhook'), Type.Literal('off')], {
        description:
          'How the bot receives commands: long polling (default), a webhook at NB_PUBLIC_URL (needs webhookSecret), or off.',
      }),
    ),
    webhookSecret: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_-]{16,256}$',
        description:
          'Webhook mode: the secret Telegram sends in X-Telegram-Bot-Api-Secret-Token; requests without it are refused before their body is read.',
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
    largeVideosAsDocuments: Type.Optional(
      Type.Boolean({
        description: 'Send videos over the video limit as files instead of skipping them (default on).',
      }),
    ),
  },
  { additionalProperties: false },
);
export type TelegramAddress = Static<typeof TelegramAddressSchema>;

/** Text, photos, videos, animations, audio and documents to a chat or forum topic, as HTML. */
export const telegramChannel: ChannelKind<TelegramTargetConfig, TelegramAddress> = {
  kind: 'telegram',
  description: 'Send to Telegram chats, groups, channels and forum topics through your bot.',
  configSchema: TelegramTargetConfigSchema,
  addressSchema: TelegramAddressSchema,
  secretFields: ['token', 'webhookSecret'],
  formats: ['html', 'text'],
  limits: { textMax, captionMax },
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
      return {
        status: 'sent',
        providerMessageId: String(sent.messageId),
        ...(sent.fellBackToPlainText ? { detail: { fellBackToPlainText: true } } : {}),
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
