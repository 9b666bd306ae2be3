import type { Api } from 'grammy';
import type { Message, Update } from 'grammy/types';
import type { InboundContext, InboundReceiver } from '../../channel.ts';
import type { BotConnection } from '../bot-api.ts';
import { formatLast, formatRules, formatStatus } from '../commands/format-replies.ts';
import { type ParsedCommand, parseCommand } from '../commands/parse-command.ts';
import { parseSilenceArgument } from '../commands/silence-argument.ts';
import {
  helpText,
  type Language,
  mutedText,
  notReceiverText,
  pickLanguage,
  snoozedText,
  startText,
  unknownCommandText,
  unmutedText,
} from '../commands/texts.ts';

const day = 24 * 60 * 60 * 1000;
const lastShown = 5;

/**
 * One update from Telegram: a chat that writes to the bot (or adds it) is offered as a receiver candidate;
 * a command from a chat that is a receiver is answered. Everything else is ignored.
 */
export async function handleUpdate(
  ctx: InboundContext<BotConnection>,
  api: Api,
  botUsername: string,
  update: Update,
): Promise<void> {
  const membership = update.my_chat_member;
  if (membership && ['member', 'administrator'].includes(membership.new_chat_member.status)) {
    await offer(ctx, membership.chat, undefined);
    return;
  }
  const message = update.message ?? update.channel_post;
  if (!message) return;
  const threadId = message.is_topic_message ? message.message_thread_id : undefined;
  const all = await ctx.services.receivers();
  const ofChat = all.filter((r) => sameChat(r.address, message.chat.id));
  if (ofChat.length === 0) await offer(ctx, message.chat, threadId);
  else await ctx.services.withdrawCandidate(String(message.chat.id));
  const command = parseCommand(message.text ?? '', botUsername);
  if (!command) return;
  // A command in a forum topic concerns the receivers of that topic; elsewhere, every receiver of the chat.
  const inTopic = ofChat.filter((r) => threadOf(r.address) === threadId);
  const receivers = (inTopic.length > 0 ? inTopic : ofChat).filter((r) => r.enabled);
  const reply = await answer(ctx, message, command, receivers);
  if (reply === undefined) return;
  await api.sendMessage(
    message.chat.id,
    reply,
    {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(threadId ? { message_thread_id: threadId } : {}),
    },
    ctx.signal as never,
  );
}

async function answer(
  ctx: InboundContext<BotConnection>,
  message: Message,
  command: ParsedCommand,
  receivers: InboundReceiver[],
): Promise<string | undefined> {
  const options = receivers[0]?.options ?? {};
  const language: Language = pickLanguage(
    typeof options.locale === 'string' ? options.locale : message.from?.language_code,
  );
  const zone = typeof options.timeZone === 'string' ? options.timeZone : undefined;
  const ids = receivers.map((r) => r.id);
  const now = ctx.clock.now();
  const chatId = message.chat.id;

  if (command.name === 'unknown') {
    // In a group every bot sees every command: answer only what is meant for us.
    return command.addressed || message.chat.type === 'private'
      ? unknownCommandText(language, command.raw)
      : undefined;
  }
  if (command.name === 'start') {
    return startText(language, {
      connected: receivers.length > 0,
      chatId,
      ...(message.from?.first_name ? { firstName: message.from.first_name } : {}),
    });
  }
  if (command.name === 'help') return helpText(language, zone);
  if (receivers.length === 0) return notReceiverText(language, chatId);

  switch (command.name) {
    case 'status': {
      const [summary, silences] = await Promise.all([
        ctx.services.deliverySummary(ids, now - day),
        ctx.services.activeSilences(ids),
      ]);
      return formatStatus(language, zone, {
        sent24h: summary.sent,
        failed24h: summary.failedAttempts,
        pending: summary.pending,
        dead24h: summary.dead,
        lastFailures: summary.lastFailures,
        activeSilences: silences,
      });
    }
    case 'last':
      return formatLast(language, zone, await ctx.services.recentDeliveries(ids, lastShown));
    case 'rules': {
      const rules = await ctx.services.rulesFor(ids);
      return formatRules(
        language,
        rules.map((rule) => ({ ...rule, sources: rule.sources.length > 0 ? rule.sources : null })),
      );
    }
    case 'mute':
    case 'snooze': {
      const parsed = parseSilenceArgument(command.args, {
        command: command.name,
        now,
        language,
        ...(zone ? { timeZone: zone } : {}),
      });
      if (!parsed.ok) return parsed.message;
      const who = message.from ? `${message.from.first_name} (${message.from.id})` : 'the chat';
      await ctx.services.silence(ids, {
        mode: command.name === 'mute' ? 'drop' : 'defer',
        endsAt: parsed.endsAt,
        comment: `/${command.name} from Telegram by ${who}`,
        createdBy: `telegram:${chatId}:${message.from?.id ?? ''}`,
      });
      return command.name === 'mute'
        ? mutedText(language, zone, parsed.endsAt)
        : snoozedText(language, zone, parsed.endsAt);
    }
    case 'unmute':
      return unmutedText(language, await ctx.services.endSilences(ids));
  }
}

async function offer(
  ctx: InboundContext<BotConnection>,
  chat: {
    id: number;
    type: string;
    title?: string;
    username?: string;
    first_name?: string;
    last_name?: string;
  },
  threadId: number | undefined,
): Promise<void> {
  const title =
    chat.title ??
    ([chat.first_name, chat.last_name].filter(Boolean).join(' ') || chat.username || String(chat.id));
  await ctx.services.offerCandidate({
    key: String(chat.id),
    address: { chatId: chat.id },
    title,
    chatType: chat.type,
    detail: {
      ...(chat.username ? { username: chat.username } : {}),
      topics: threadId ? [threadId] : [],
    },
  });
}

function sameChat(address: unknown, chatId: number): boolean {
  const configured = (address as { chatId?: unknown }).chatId;
  return configured !== undefined && String(configured) === String(chatId);
}

function threadOf(address: unknown): number | undefined {
  const threadId = (address as { threadId?: unknown }).threadId;
  return typeof threadId === 'number' ? threadId : undefined;
}
