import type { Chat, Message, MessageEntity, UserFromGetMe } from 'grammy/types';
import type { MediaKind } from './files.ts';
import { refuse } from './refusal.ts';

/** One message the bot sent, as a test reads it back with `messagesTo(chatId)`. */
export interface SentMessage {
  method: string;
  messageId: number;
  /** What the chat shows: the text or caption after entity parsing. */
  text?: string;
  caption?: string;
  /** The entities of the text or caption: bold, links with the URL Telegram opens, ... */
  entities?: MessageEntity[];
  threadId?: number;
  media?: MediaKind;
  fileId?: string;
  mediaGroupId?: string;
}

/** The Message fields a send adds besides the ones every message has. */
export type MessageContent = Partial<Message>;

/** Builds the Message objects Telegram answers sends with, and keeps them per chat. */
export class SentMessages {
  readonly bot: UserFromGetMe;
  #nextMessageId = 1;
  #byChat = new Map<string, SentMessage[]>();
  #channelIds = new Map<string, number>();

  constructor(token: string) {
    this.bot = {
      id: Number(token.split(':')[0]) || 1,
      is_bot: true,
      first_name: 'Fake Bot',
      username: 'fake_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    };
  }

  /** Message ids are shared by what the bot sends and what tests push as incoming messages. */
  nextMessageId(): number {
    return this.#nextMessageId++;
  }

  /** The chat a chat_id names, typed the way Telegram numbers chats (core.telegram.org/bots/api#chat). */
  chat(chatId: unknown): Chat {
    if (typeof chatId === 'string' && chatId.startsWith('@')) {
      let id = this.#channelIds.get(chatId);
      if (id === undefined) {
        id = -1001000000000 - this.#channelIds.size;
        this.#channelIds.set(chatId, id);
      }
      return { id, type: 'channel', title: `Channel ${chatId}`, username: chatId.slice(1) };
    }
    const id = typeof chatId === 'number' ? chatId : Number(chatId);
    if (chatId === undefined || chatId === '') refuse(400, 'Bad Request: chat_id is empty');
    if (!Number.isSafeInteger(id) || id === 0) refuse(400, 'Bad Request: chat not found');
    if (id > 0) return { id, type: 'private', first_name: 'Fake user' };
    // Supergroup and channel ids are -100 followed by the channel id; basic groups are small negatives.
    if (id <= -1000000000000) return { id, type: 'supergroup', title: `Supergroup ${id}` };
    return { id, type: 'group', title: `Group ${id}` };
  }

  /** A message the bot sent to `params.chat_id`, recorded for `messagesTo`. */
  send(
    method: string,
    params: Record<string, unknown>,
    content: MessageContent,
    file: Pick<SentMessage, 'media' | 'fileId'> = {},
  ): Message {
    const chat = this.chat(params.chat_id);
    const threadId = typeof params.message_thread_id === 'number' ? params.message_thread_id : undefined;
    const message: Message = {
      message_id: this.nextMessageId(),
      date: Math.floor(Date.now() / 1000),
      chat,
      ...(chat.type === 'channel' ? { sender_chat: chat } : { from: this.bot }),
      ...(threadId !== undefined ? { message_thread_id: threadId, is_topic_message: true } : {}),
      ...content,
    };
    const sent: SentMessage = { method, messageId: message.message_id, ...file };
    if (message.text !== undefined) sent.text = message.text;
    if (message.caption !== undefined) sent.caption = message.caption;
    const entities = message.entities ?? message.caption_entities;
    if (entities !== undefined) sent.entities = entities;
    if (threadId !== undefined) sent.threadId = threadId;
    if (message.media_group_id !== undefined) sent.mediaGroupId = message.media_group_id;
    const key = String(params.chat_id);
    this.#byChat.set(key, [...(this.#byChat.get(key) ?? []), sent]);
    return message;
  }

  to(chatId: number | string): SentMessage[] {
    return [...(this.#byChat.get(String(chatId)) ?? [])];
  }
}
