import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update } from 'grammy/types';
import { CommandLists } from './commands.ts';
import { FileStore, type MediaKind, type ReceivedFile } from './files.ts';
import { visibleText } from './html.ts';
import { type MediaCall, sendMedia, sendMediaGroup, type UploadLimits, uploadLimits } from './media.ts';
import { BotApiRefusal, refuse, texts } from './refusal.ts';
import { readRequest } from './request.ts';
import { type SentMessage, SentMessages } from './sent-messages.ts';
import { type Answer, type IncomingChatMessage, UpdateQueue } from './updates.ts';

export type { ReceivedFile } from './files.ts';
export type { SentMessage } from './sent-messages.ts';
export type { IncomingChatMessage } from './updates.ts';

/**
 * A fake Telegram Bot API server (core.telegram.org/bots/api) for the methods our Telegram channel uses. It
 * checks what Telegram checks — the token in the path, text and caption lengths after entity parsing, the HTML
 * subset, file references and upload limits, album rules, command names — records every call, keeps an update
 * queue for getUpdates and webhooks, and can be told to fail the next calls the way Telegram does.
 */
export interface BotApiCall {
  token: string;
  method: string;
  params: Record<string, unknown>;
  /** The files the call named, in parameter order; empty for calls without files. */
  files: ReceivedFile[];
}

/** How the next call fails. With `method`, only the next call of that method does; others pass. */
export type BotApiFailure = (
  | { kind: 'retry_after'; seconds: number }
  | { kind: 'blocked' }
  | { kind: 'deactivated' }
  | { kind: 'kicked' }
  | { kind: 'chat_not_found' }
  | { kind: 'thread_not_found' }
  | { kind: 'parse_error' }
  | { kind: 'server_error'; status?: number }
  /** Holds the answer this long, then answers normally; Infinity holds it until `close()`. */
  | { kind: 'timeout'; ms: number }
  /**
   * The call takes effect, but the answer's `result` is reshaped: what a proxy, a server of another version
   * or a bug might send back. Not a failure of the call, which is the point.
   */
  | { kind: 'odd_answer'; reshape: (result: unknown) => unknown }
) & { method?: string };

export interface FakeBotApiOptions {
  /** Behave like a self-hosted telegram-bot-api server started with --local: 2000 MB uploads, HTTP webhooks. */
  localServer?: boolean;
  /** false: answer getUpdates at once, as a proxy that cuts long polls short does. Default true. */
  holdPolls?: boolean;
}

type Handler = (call: MediaCall, signal: AbortSignal) => Answer | Promise<Answer>;

const MiB = 1024 * 1024;
const mediaMethods: Record<string, MediaKind> = {
  sendphoto: 'photo',
  sendvideo: 'video',
  sendanimation: 'animation',
  sendaudio: 'audio',
  senddocument: 'document',
};

export class FakeBotApi {
  readonly calls: BotApiCall[] = [];
  readonly token: string;
  readonly localServer: boolean;
  #server: Server | undefined;
  #failures: BotApiFailure[] = [];
  #inFlight = new Set<AbortController>();
  readonly #limits: UploadLimits;
  readonly #files = new FileStore();
  readonly #messages: SentMessages;
  readonly #updates: UpdateQueue;
  readonly #commands = new CommandLists();
  readonly #handlers: Record<string, Handler>;

  constructor(token = '123456:ABCdefGhIJKlmNoPQRsTUVwxyZ0123456789', options: FakeBotApiOptions = {}) {
    this.token = token;
    this.localServer = options.localServer === true;
    this.#limits = uploadLimits(this.localServer);
    this.#messages = new SentMessages(token);
    this.#updates = new UpdateQueue(this.localServer, options.holdPolls !== false);
    const env = { files: this.#files, messages: this.#messages, limits: this.#limits };
    this.#handlers = {
      getme: () => ({ result: this.#messages.bot }),
      sendmessage: (call) => ({ result: this.#sendMessage(call) }),
      ...Object.fromEntries(
        Object.entries(mediaMethods).map(([method, kind]) => [
          method,
          (call: MediaCall) => ({ result: sendMedia(kind, call, env) }),
        ]),
      ),
      sendmediagroup: (call) => ({ result: sendMediaGroup(call, env) }),
      setmycommands: (call) => ({ result: this.#commands.set(call.params) }),
      getmycommands: (call) => ({ result: this.#commands.get(call.params) }),
      deletemycommands: (call) => ({ result: this.#commands.delete(call.params) }),
      getupdates: async (call, signal) => ({ result: await this.#updates.getUpdates(call.params, signal) }),
      setwebhook: (call) => this.#updates.setWebhook(call.params),
      deletewebhook: (call) => this.#updates.deleteWebhook(call.params),
      getwebhookinfo: () => ({ result: this.#updates.webhookInfo() }),
    };
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server!.address() as AddressInfo).port}`;
  }

  /** The next calls fail like this, in order; a failure with `method` waits for a call of that method. */
  failNext(...failures: BotApiFailure[]): void {
    this.#failures.push(...failures);
  }

  /** Every file_id issued so far becomes unknown: reusing one is refused like a stale file_id. */
  forgetFileIds(): void {
    this.#files.forget();
  }

  /** A user writes to the bot: queues a `message` update (`channel_post` for channels) and returns it. */
  pushMessage(message: IncomingChatMessage): Update {
    return this.#updates.pushMessage(message, this.#messages.nextMessageId());
  }

  /** Updates not yet confirmed by a getUpdates offset or answered 2xx by the webhook. */
  pendingUpdates(): Update[] {
    return this.#updates.pending();
  }

  /** Whether a getUpdates call is being held: the bot handled everything it was given and waits for more. */
  get polling(): boolean {
    return this.#updates.polling;
  }

  /** The highest getUpdates offset seen: updates before it are confirmed and forgotten. */
  get confirmedOffset(): number {
    return this.#updates.confirmedOffset;
  }

  /** POSTs the pending updates to the webhook set with setWebhook; returns the HTTP status per update. */
  deliverWebhookUpdates(): Promise<number[]> {
    return this.#updates.deliverWebhookUpdates();
  }

  /** What the bot sent to a chat, keyed by the chat_id as the bot gave it. */
  messagesTo(chatId: number | string): SentMessage[] {
    return this.#messages.to(chatId);
  }

  async start(): Promise<this> {
    this.#server = createServer((request, response) => void this.#handle(request, response));
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** Ends held long polls and held answers at once, then stops the server. */
  async close(): Promise<void> {
    for (const controller of this.#inFlight) controller.abort(new Error('the fake Bot API was closed'));
    this.#server?.closeAllConnections();
    await new Promise((resolve) => this.#server?.close(resolve) ?? resolve(undefined));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const controller = new AbortController();
    this.#inFlight.add(controller);
    response.on('close', () => {
      this.#inFlight.delete(controller);
      controller.abort(new Error('the client went away'));
    });
    const reply = (status: number, body: unknown) => {
      if (response.destroyed || response.writableEnded) return;
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    try {
      const answer = await this.#answer(request, controller.signal);
      reply(200, { ok: true, ...answer });
    } catch (error) {
      if (controller.signal.aborted) response.destroy();
      else if (error instanceof BotApiRefusal) {
        reply(error.status, {
          ok: false,
          error_code: error.status,
          description: error.description,
          ...(error.parameters ? { parameters: error.parameters } : {}),
        });
      } else {
        const message = error instanceof Error ? error.message : String(error);
        reply(500, { ok: false, error_code: 500, description: `Internal Server Error: ${message}` });
      }
    }
  }

  async #answer(request: IncomingMessage, signal: AbortSignal): Promise<Answer> {
    // The whole body is read before answering, so even a refused upload gets an answer, not a reset.
    const { params, uploads, oversized } = await readRequest(request, this.#limits.fileBytes + MiB);
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(new URL(request.url ?? '/', 'http://fake.invalid').pathname);
    if (!match || match[1] !== this.token) refuse(404, 'Not Found');
    const method = match[2]!;
    const call: BotApiCall = { token: match[1], method, params, files: [] };
    this.calls.push(call);

    const tooBig =
      oversized || [...uploads.values()].some((upload) => upload.bytes.length > this.#limits.fileBytes);
    // api.telegram.org's front end refuses a body over 50 MB before the Bot API sees it; a local server
    // reads it and refuses the file.
    if (tooBig && !this.localServer) refuse(413, texts.requestTooLarge);
    if (tooBig) refuse(400, texts.fileTooBig);

    const failure = this.#takeFailure(method);
    if (failure?.kind === 'timeout') await hold(failure.ms, signal);
    else if (failure && failure.kind !== 'odd_answer') failWith(failure);

    const handler = this.#handlers[method.toLowerCase()];
    if (!handler) refuse(404, texts.methodNotFound);
    const answer = await handler({ method, params, uploads, files: call.files }, signal);
    return failure?.kind === 'odd_answer' ? { ...answer, result: failure.reshape(answer.result) } : answer;
  }

  #takeFailure(method: string): BotApiFailure | undefined {
    const index = this.#failures.findIndex(
      (failure) => failure.method === undefined || failure.method.toLowerCase() === method.toLowerCase(),
    );
    return index === -1 ? undefined : this.#failures.splice(index, 1)[0];
  }

  #sendMessage(call: MediaCall) {
    const parsed = visibleText(String(call.params.text ?? ''), call.params.parse_mode);
    if (!parsed.ok) refuse(400, parsed.error);
    // core.telegram.org/bots/api#sendmessage: 1-4096 characters after entities parsing.
    if (parsed.visible.trim().length === 0) refuse(400, texts.textEmpty);
    if (parsed.visible.length > 4096) refuse(400, texts.textTooLong);
    return this.#messages.send(call.method, call.params, {
      text: parsed.visible,
      ...(parsed.entities.length > 0 ? { entities: parsed.entities } : {}),
    });
  }
}

function failWith(failure: Exclude<BotApiFailure, { kind: 'timeout' | 'odd_answer' }>): never {
  switch (failure.kind) {
    case 'retry_after':
      return refuse(429, texts.retryAfter(failure.seconds), { retry_after: failure.seconds });
    case 'blocked':
      return refuse(403, texts.blocked);
    case 'deactivated':
      return refuse(403, texts.deactivated);
    case 'kicked':
      return refuse(403, texts.kicked);
    case 'chat_not_found':
      return refuse(400, texts.chatNotFound);
    case 'thread_not_found':
      return refuse(400, texts.threadNotFound);
    case 'parse_error':
      return refuse(400, 'Bad Request: can\'t parse entities: Unsupported start tag "x" at byte offset 0');
    case 'server_error': {
      const status = failure.status ?? 502;
      return refuse(status, STATUS_CODES[status] ?? 'Internal Server Error');
    }
  }
}

/** Waits `ms` (forever for Infinity) or until the request is abandoned or the fake closed. */
function hold(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = Number.isFinite(ms) ? setTimeout(done, Math.min(ms, 2 ** 31 - 1)) : undefined;
    function done() {
      signal.removeEventListener('abort', abandon);
      resolve();
    }
    function abandon() {
      clearTimeout(timer);
      reject(signal.reason);
    }
    if (signal.aborted) abandon();
    else signal.addEventListener('abort', abandon, { once: true });
  });
}
