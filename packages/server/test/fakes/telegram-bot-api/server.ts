import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Telegram Bot API server (core.telegram.org/bots/api) for the methods the channel uses. It checks
 * what Telegram checks — the token in the path, text length after entity parsing, the HTML subset — records
 * every call, and can be told to fail the next calls the way Telegram does.
 */
export interface BotApiCall {
  token: string;
  method: string;
  params: Record<string, unknown>;
}

type Failure =
  | { kind: 'retry_after'; seconds: number }
  | { kind: 'blocked' }
  | { kind: 'chat_not_found' }
  | { kind: 'thread_not_found' }
  | { kind: 'parse_error' }
  | { kind: 'server_error' };

const allowedTags = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'code',
  'pre',
  'a',
  'span',
  'tg-spoiler',
  'blockquote',
  'tg-emoji',
]);

/** The text a chat would show, or Telegram's parse error for the HTML it does not accept. */
function parseHtml(text: string): { ok: true; visible: string } | { ok: false; error: string } {
  const stack: string[] = [];
  let visible = '';
  const token = /<(\/?)([a-zA-Z][\w-]*)([^<>]*)>|&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);|([<>&])|([^<>&]+)/g;
  for (const match of text.matchAll(token)) {
    const [, slash, tag, , entity, stray, plain] = match;
    if (plain !== undefined) visible += plain;
    else if (stray !== undefined) {
      return {
        ok: false,
        error: `Bad Request: can't parse entities: Unsupported start tag "" at byte offset ${match.index}`,
      };
    } else if (entity !== undefined) {
      const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };
      if (entity.startsWith('#'))
        visible += String.fromCodePoint(
          entity[1] === 'x' ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1)),
        );
      else if (entity in named) visible += named[entity];
      else
        return {
          ok: false,
          error: `Bad Request: can't parse entities: Unsupported entity "${entity}" at byte offset ${match.index}`,
        };
    } else if (tag !== undefined) {
      const name = tag.toLowerCase();
      if (!allowedTags.has(name)) {
        return {
          ok: false,
          error: `Bad Request: can't parse entities: Unsupported start tag "${name}" at byte offset ${match.index}`,
        };
      }
      if (slash) {
        if (stack.pop() !== name) {
          return {
            ok: false,
            error: `Bad Request: can't parse entities: Unmatched end tag at byte offset ${match.index}, expected "</${stack.at(-1) ?? ''}>", found "</${name}>"`,
          };
        }
      } else stack.push(name);
    }
  }
  if (stack.length > 0)
    return {
      ok: false,
      error: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${stack.at(-1)}"`,
    };
  return { ok: true, visible };
}

export class FakeBotApi {
  readonly calls: BotApiCall[] = [];
  readonly token: string;
  #server: Server | undefined;
  #failures: Failure[] = [];
  #nextMessageId = 1;

  constructor(token = '123456:ABCdefGhIJKlmNoPQRsTUVwxyZ0123456789') {
    this.token = token;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server!.address() as AddressInfo).port}`;
  }

  /** The next calls fail like this, in order. */
  failNext(...failures: Failure[]): void {
    this.#failures.push(...failures);
  }

  async start(): Promise<this> {
    this.#server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const reply = (status: number, body: unknown) => {
          response.writeHead(status, { 'content-type': 'application/json' });
          response.end(JSON.stringify(body));
        };
        const match = /^\/bot([^/]+)\/(\w+)$/.exec(request.url ?? '');
        if (!match || match[1] !== this.token) {
          return reply(404, { ok: false, error_code: 404, description: 'Not Found' });
        }
        const params = chunks.length
          ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>)
          : {};
        this.calls.push({ token: match[1], method: match[2]!, params });
        const failure = this.#failures.shift();
        const error = (code: number, description: string, parameters?: object) =>
          reply(code, { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) });
        switch (failure?.kind) {
          case 'retry_after':
            return error(429, `Too Many Requests: retry after ${failure.seconds}`, {
              retry_after: failure.seconds,
            });
          case 'blocked':
            return error(403, 'Forbidden: bot was blocked by the user');
          case 'chat_not_found':
            return error(400, 'Bad Request: chat not found');
          case 'thread_not_found':
            return error(400, 'Bad Request: message thread not found');
          case 'parse_error':
            return error(
              400,
              'Bad Request: can\'t parse entities: Unsupported start tag "x" at byte offset 0',
            );
          case 'server_error':
            return error(502, 'Bad Gateway');
        }
        if (match[2] !== 'sendMessage') return error(404, 'Not Found: method not found');
        const text = String(params.text ?? '');
        const parsed = params.parse_mode === 'HTML' ? parseHtml(text) : { ok: true as const, visible: text };
        if (!parsed.ok) return error(400, parsed.error);
        if (parsed.visible.trim().length === 0) return error(400, 'Bad Request: message text is empty');
        if (parsed.visible.length > 4096) return error(400, 'Bad Request: message is too long');
        return reply(200, {
          ok: true,
          result: {
            message_id: this.#nextMessageId++,
            date: Math.floor(Date.now() / 1000),
            chat: { id: params.chat_id },
            text: parsed.visible,
          },
        });
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async close(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise((resolve) => this.#server?.close(resolve));
  }
}
