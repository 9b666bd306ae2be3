import type { Severity } from '../../domain/event.ts';
import type { RenderedMessage } from '../../render/message.ts';
import { escapeMarkdown } from '../../render/text-escaping.ts';
import type { DiscordTargetConfig } from './config-schema.ts';

/** https://discord.com/developers/docs/resources/message#embed-object-embed-limits */
export const embedLimits = { title: 256, description: 4096, fieldValue: 1024, footer: 2048 } as const;
/** https://discord.com/developers/docs/resources/webhook#execute-webhook: at most 10 files per message. */
export const filesMax = 10;
/** The upload limit of a server without boosts (10 MiB since 2024), for all files of one message together. */
export const uploadBytesMax = 10 * 1024 * 1024;
/** https://discord.com/developers/docs/resources/message#message-object-message-flags */
const suppressNotifications = 1 << 12;

// Discord's own palette (the colours its client uses for the same states).
const colours: Record<Severity, number> = {
  debug: 0x95a5a6,
  info: 0x3498db,
  warning: 0xf1c40f,
  error: 0xe74c3c,
  critical: 0x992d22,
};

export interface DiscordEmbed {
  title: string;
  description?: string;
  url?: string;
  color: number;
  timestamp: string;
  fields?: { name: string; value: string; inline: boolean }[];
  footer: { text: string };
  image?: { url: string };
}

/** The JSON of an execute-webhook request (`payload_json` when files go with it). */
export interface DiscordExecute {
  embeds: [DiscordEmbed];
  allowed_mentions: { parse: [] };
  username?: string;
  avatar_url?: string;
  flags?: number;
  attachments?: { id: number; filename: string }[];
}

/**
 * One embed per message: the title, the body as its description, the event's URL as the title link, a
 * colour by severity, the time it occurred and the event type in the footer. Mentions in the text are
 * never resolved (`allowed_mentions`), so an event that quotes "@everyone" pings no one.
 */
export function discordExecute(
  message: RenderedMessage,
  config: DiscordTargetConfig,
  options: { silent: boolean; files: readonly { filename: string; contentType: string }[] },
): DiscordExecute {
  const body = message.body.trim();
  // A text template is literal text: Discord would otherwise read its * and _ as markdown.
  const description = message.format === 'text' ? escapeMarkdown(body) : body;
  const title = message.title.trim() || message.eventType;
  const tags = message.tags.filter((tag) => tag.trim() !== '');
  const image = options.files.find((file) => file.contentType.startsWith('image/'));
  const embed: DiscordEmbed = {
    title: fit(title, embedLimits.title),
    ...(description ? { description: fit(description, embedLimits.description) } : {}),
    ...(message.url && /^https?:\/\//.test(message.url) ? { url: message.url } : {}),
    color: colours[message.severity],
    timestamp: new Date(message.occurredAt).toISOString(),
    ...(tags.length > 0
      ? { fields: [{ name: 'Tags', value: fit(tags.join(', '), embedLimits.fieldValue), inline: true }] }
      : {}),
    footer: { text: fit(message.eventType, embedLimits.footer) },
    // An uploaded image shows inside the embed (…#embed-object-embed-image-structure, attachment://).
    ...(image ? { image: { url: `attachment://${image.filename}` } } : {}),
  };
  return {
    embeds: [embed],
    allowed_mentions: { parse: [] },
    ...(config.username ? { username: config.username } : {}),
    ...(config.avatarUrl ? { avatar_url: config.avatarUrl } : {}),
    ...(options.silent ? { flags: suppressNotifications } : {}),
    ...(options.files.length > 0
      ? { attachments: options.files.map((file, id) => ({ id, filename: file.filename })) }
      : {}),
  };
}

/**
 * Cuts to `max` UTF-16 units, the way Discord's limits count (a JavaScript string's length), ending with
 * "…" when anything was cut, and never splitting an emoji.
 */
export function fit(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max - 1) break;
    out += char;
  }
  return `${out}…`;
}
