import type { Chat, Message, MessageEntity, Update, User, WebhookInfo } from 'grammy/types';
import { BotApiRefusal, refuse, texts } from './refusal.ts';

/** A message a user writes to the bot, as a test describes it to `pushMessage`. */
export interface IncomingChatMessage {
  chat: {
    id: number;
    type: Chat['type'];
    title?: string;
    username?: string;
    is_forum?: boolean;
  };
  from?: { id: number; first_name: string; language_code?: string; username?: string };
  text: string;
  message_thread_id?: number;
}

/** A method's result, with the `description` some successful answers carry (e.g. "Webhook was set"). */
export interface Answer {
  result: unknown;
  description?: string;
}

/** An update type as allowed_updates names it: 'message', 'callback_query'… */
type UpdateType = NonNullable<WebhookInfo['allowed_updates']>[number];

interface HeldPoll {
  limit: number;
  answer: (updates: Update[]) => void;
  fail: (refusal: BotApiRefusal) => void;
}

interface Webhook {
  url: string;
  secretToken: string;
  maxConnections: number;
}

// Client.cpp LONG_POLL_MAX_TIMEOUT.
const longPollMaxSeconds = 50;
const webhookPorts = new Set(['', '80', '88', '443', '8443']);

/**
 * The update queue of one bot (core.telegram.org/bots/api#getting-updates): read with getUpdates, or pushed
 * to a webhook, never both. Updates stay queued until a getUpdates offset confirms them or a webhook answers
 * them with 2xx.
 */
export class UpdateQueue {
  #pending: Update[] = [];
  #nextUpdateId = 1;
  #confirmedOffset = 0;
  /** The last allowed_updates given; empty is Telegram's default, which includes messages. */
  #allowed: UpdateType[] = [];
  #poll: HeldPoll | undefined;
  #webhook: Webhook | undefined;
  #lastError: { date: number; message: string } | undefined;
  readonly #localServer: boolean;
  readonly #holdPolls: boolean;

  constructor(localServer: boolean, holdPolls: boolean) {
    this.#localServer = localServer;
    this.#holdPolls = holdPolls;
  }

  /** Whether a getUpdates call is being held, waiting for an update. */
  get polling(): boolean {
    return this.#poll !== undefined;
  }

  get confirmedOffset(): number {
    return this.#confirmedOffset;
  }

  pending(): Update[] {
    return [...this.#pending];
  }

  /**
   * Queues the update a user's message makes, unless allowed_updates excludes messages: Telegram does not
   * keep updates of kinds the bot did not ask for. Returns the update either way.
   */
  pushMessage(input: IncomingChatMessage, messageId: number): Update {
    const chat = chatOf(input);
    const from: User = input.from
      ? { is_bot: false, ...input.from }
      : { id: chat.type === 'private' ? chat.id : 1000, is_bot: false, first_name: 'User' };
    const command = /^\/\S+/.exec(input.text);
    // grammY's bot.command() looks for a bot_command entity at offset 0, as Telegram sends one.
    const entities: MessageEntity[] = command
      ? [{ type: 'bot_command', offset: 0, length: command[0].length }]
      : [];
    const message: Message = {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat,
      ...(chat.type === 'channel' ? { sender_chat: chat } : { from }),
      ...(input.message_thread_id !== undefined
        ? { message_thread_id: input.message_thread_id, is_topic_message: true }
        : {}),
      text: input.text,
      ...(entities.length > 0 ? { entities } : {}),
    };
    const kind = chat.type === 'channel' ? 'channel_post' : 'message';
    const update = { update_id: this.#nextUpdateId++, [kind]: message } as Update;
    if (this.#allowed.length > 0 && !this.#allowed.includes(kind)) return update;
    this.#pending.push(update);
    const poll = this.#poll;
    if (poll) {
      this.#poll = undefined;
      poll.answer(this.#pending.slice(0, poll.limit));
    }
    return update;
  }

  /** getUpdates, long polling for up to `timeout` seconds when nothing is queued. */
  getUpdates(params: Record<string, unknown>, signal: AbortSignal): Promise<Update[]> {
    if (this.#webhook) refuse(409, texts.webhookActive);
    const offset = integer(params.offset, 0);
    const limit = Math.min(Math.max(integer(params.limit, 100), 1), 100);
    const timeout = this.#holdPolls
      ? Math.min(Math.max(integer(params.timeout, 0), 0), longPollMaxSeconds)
      : 0;
    if (Array.isArray(params.allowed_updates))
      this.#allowed = params.allowed_updates.map(String) as UpdateType[];
    this.#confirm(offset);
    // Telegram serves one getUpdates per bot at a time and ends the earlier one.
    this.#endPoll(texts.otherGetUpdates);

    const ready = this.#pending.slice(0, limit);
    if (ready.length > 0 || timeout === 0) return Promise.resolve(ready);
    return new Promise<Update[]>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', abandon);
        if (this.#poll === poll) this.#poll = undefined;
      };
      const poll: HeldPoll = {
        limit,
        answer: (updates) => {
          finish();
          resolve(updates);
        },
        fail: (refusal) => {
          finish();
          reject(refusal);
        },
      };
      const abandon = () => {
        finish();
        reject(signal.reason);
      };
      const timer = setTimeout(() => poll.answer([]), timeout * 1000);
      signal.addEventListener('abort', abandon, { once: true });
      this.#poll = poll;
    });
  }

  setWebhook(params: Record<string, unknown>): Answer {
    const url = String(params.url ?? '');
    if (url === '') return this.deleteWebhook(params);
    if (params.drop_pending_updates === true) this.#pending = [];
    let parsed: URL;
    try {
      parsed = new URL(/^[a-z]+:\/\//i.test(url) ? url : `https://${url}`);
    } catch {
      refuse(400, texts.invalidWebhookUrl);
    }
    // Only a self-hosted server started with --local accepts plain HTTP and any port (WebhookActor.cpp).
    if (!this.#localServer && parsed.protocol !== 'https:') refuse(400, texts.webhookNeedsHttps);
    if (!this.#localServer && !webhookPorts.has(parsed.port)) refuse(400, texts.webhookPort);
    if (!['http:', 'https:'].includes(parsed.protocol)) refuse(400, texts.invalidWebhookUrl);
    const secretToken = String(params.secret_token ?? '');
    if (secretToken.length > 256) refuse(400, texts.secretTooLong);
    if (!/^[A-Za-z0-9_-]*$/.test(secretToken)) refuse(400, texts.secretCharacters);
    if (Array.isArray(params.allowed_updates))
      this.#allowed = params.allowed_updates.map(String) as UpdateType[];
    this.#endPoll(texts.terminatedBySetWebhook);

    const unchanged = this.#webhook?.url === url && this.#webhook.secretToken === secretToken;
    this.#webhook = {
      url,
      secretToken,
      maxConnections: integer(params.max_connections, this.#localServer ? 100 : 40),
    };
    return { result: true, description: unchanged ? 'Webhook is already set' : 'Webhook was set' };
  }

  deleteWebhook(params: Record<string, unknown>): Answer {
    if (params.drop_pending_updates === true) this.#pending = [];
    const was = this.#webhook !== undefined;
    this.#webhook = undefined;
    this.#lastError = undefined;
    return { result: true, description: was ? 'Webhook was deleted' : 'Webhook is already deleted' };
  }

  webhookInfo(): WebhookInfo {
    const webhook = this.#webhook;
    return {
      url: webhook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: this.#pending.length,
      ...(this.#lastError
        ? { last_error_date: this.#lastError.date, last_error_message: this.#lastError.message }
        : {}),
      ...(webhook ? { max_connections: webhook.maxConnections, ip_address: '127.0.0.1' } : {}),
      ...(this.#allowed.length > 0 ? { allowed_updates: [...this.#allowed] } : {}),
    };
  }

  /**
   * POSTs each queued update to the webhook, as Telegram does (core.telegram.org/bots/api#setwebhook), and
   * forgets the ones answered with 2xx. Returns the HTTP status per update, 0 where the request failed.
   */
  async deliverWebhookUpdates(): Promise<number[]> {
    const webhook = this.#webhook;
    if (!webhook) throw new Error('no webhook is set: call setWebhook first');
    const statuses: number[] = [];
    for (const update of [...this.#pending]) {
      let status = 0;
      try {
        const response = await fetch(webhook.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(webhook.secretToken ? { 'x-telegram-bot-api-secret-token': webhook.secretToken } : {}),
          },
          body: JSON.stringify(update),
          signal: AbortSignal.timeout(10_000),
        });
        await response.arrayBuffer();
        status = response.status;
        if (status < 200 || status > 299) {
          this.#recordError(`Wrong response from the webhook: ${status} ${response.statusText}`);
        }
      } catch (error) {
        this.#recordError(error instanceof Error ? error.message : String(error));
      }
      statuses.push(status);
      if (status >= 200 && status <= 299) {
        this.#pending = this.#pending.filter((pending) => pending !== update);
        this.#confirmedOffset = Math.max(this.#confirmedOffset, update.update_id + 1);
      }
    }
    return statuses;
  }

  /** Ends a held getUpdates with a 409 conflict. */
  #endPoll(description: string): void {
    const poll = this.#poll;
    this.#poll = undefined;
    poll?.fail(new BotApiRefusal(409, description));
  }

  /**
   * A positive offset confirms every update before it, which Telegram then forgets for good; a negative one
   * keeps only the last -offset updates.
   */
  #confirm(offset: number): void {
    if (offset > 0) {
      this.#pending = this.#pending.filter((update) => update.update_id >= offset);
      this.#confirmedOffset = Math.max(this.#confirmedOffset, offset);
    } else if (offset < 0) {
      this.#pending = this.#pending.slice(offset);
      const first = this.#pending[0]?.update_id ?? this.#nextUpdateId;
      this.#confirmedOffset = Math.max(this.#confirmedOffset, first);
    }
  }

  #recordError(message: string): void {
    this.#lastError = { date: Math.floor(Date.now() / 1000), message };
  }
}

function chatOf(input: IncomingChatMessage): Chat {
  const { id, type, title, username, is_forum } = input.chat;
  switch (type) {
    case 'private':
      return { id, type, first_name: input.from?.first_name ?? 'User', ...(username ? { username } : {}) };
    case 'group':
      return { id, type, title: title ?? `Group ${id}` };
    case 'supergroup':
      return {
        id,
        type,
        title: title ?? `Supergroup ${id}`,
        ...(username ? { username } : {}),
        ...(is_forum ? { is_forum: true } : {}),
      };
    case 'channel':
      return { id, type, title: title ?? `Channel ${id}`, ...(username ? { username } : {}) };
  }
}

function integer(value: unknown, fallback: number): number {
  const number = typeof value === 'number' ? value : Number(value);
  return value === undefined || value === null || !Number.isFinite(number) ? fallback : Math.trunc(number);
}
