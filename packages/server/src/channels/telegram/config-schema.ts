import { type Static, Type } from 'typebox';

/** A telegram target: one bot, and how it reaches its Bot API server and receives updates. */
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
