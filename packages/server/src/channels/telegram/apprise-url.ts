import { booleanOption, type ChannelUrlForm, formatTargetUrl, listOption } from '../target-url.ts';
import type { TelegramAddress, TelegramTargetConfig } from './config-schema.ts';

/**
 * Apprise's Telegram form (wiki Notify_telegram): `tgram://{bot_token}/{chat_id}[/{chat_id}...]`, chats also
 * in `?to=`; a chat may carry a forum topic as `{chat_id}:{thread_id}`; `?preview=yes` shows link previews.
 */
export const telegramUrl: ChannelUrlForm<TelegramTargetConfig, TelegramAddress> = {
  schemes: ['tgram'],
  options: ['to', 'preview', 'thread', 'topic'],

  fromUrl(url) {
    // The token's colon is where a port would go: the two halves are the host and the "port".
    const token = url.port === undefined ? url.host : `${url.host}:${url.port}`;
    if (!/^[0-9]+:[A-Za-z0-9_-]{20,}$/.test(token)) {
      return 'needs the bot token from @BotFather right after tgram:// (tgram://123456789:AA.../CHAT_ID)';
    }
    const preview = booleanOption(url, 'preview');
    if (typeof preview === 'string') return preview;
    const sharedThread = url.query.get('thread') ?? url.query.get('topic');
    const chats = [...url.path, ...listOption(url, 'to')];
    if (chats.length === 0) return 'names no chat: add one after the token (tgram://TOKEN/CHAT_ID)';
    const addresses: TelegramAddress[] = [];
    for (const chat of chats) {
      const [id, thread = sharedThread] = chat.split(':');
      const chatId = chatIdOf(id!);
      if (chatId === undefined) {
        return 'has a chat that is neither a chat id (123456789, -100123...) nor a @channelname';
      }
      const address: TelegramAddress = { chatId };
      if (thread !== undefined) {
        if (!/^[1-9][0-9]*$/.test(thread)) return 'has a forum topic (after the colon) that is not a number';
        address.threadId = Number(thread);
      }
      if (preview !== undefined) address.linkPreviews = preview;
      addresses.push(address);
    }
    return { config: { token }, addresses };
  },

  toUrl(config, addresses, { secret }) {
    const [host, port] = secret(config.token).split(':');
    const preview = addresses.length > 0 && addresses.every((address) => address.linkPreviews === true);
    return formatTargetUrl({
      scheme: 'tgram',
      host: host!,
      port,
      path: addresses.map((a) => (a.threadId === undefined ? `${a.chatId}` : `${a.chatId}:${a.threadId}`)),
      query: [['preview', preview ? 'yes' : undefined]],
    });
  },
};

/** A numeric id as a number (the Bot API's own type), a channel name with its @. */
function chatIdOf(text: string): number | string | undefined {
  if (/^-?[0-9]{1,16}$/.test(text)) return Number(text);
  if (/^@?[A-Za-z][A-Za-z0-9_]{4,}$/.test(text)) return text.startsWith('@') ? text : `@${text}`;
  return undefined;
}
