import { type FakeAnswer, type FakeRequest, SaasServer } from '../saas-server.ts';

/** A message as the fake workspace stored it. */
export interface SlackPosted {
  via: 'webhook' | 'bot';
  channel: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks: { type: string; [field: string]: unknown }[];
}

/** Block Kit's limits (docs.slack.dev/reference/block-kit/blocks), checked as Slack does: `invalid_blocks`. */
function blocksProblem(blocks: unknown): boolean {
  if (!Array.isArray(blocks) || blocks.length > 50) return true;
  return blocks.some((block: { type?: string; text?: { text?: unknown } }) => {
    const text = block.text?.text;
    if (block.type === 'header') return typeof text !== 'string' || text.length > 150;
    if (block.type === 'section') return typeof text !== 'string' || text.length > 3000;
    return typeof block.type !== 'string';
  });
}

/**
 * A fake Slack workspace with one incoming webhook (`POST /services/T…/B…/<secret>`, answering `ok` or an
 * error code as plain text with its HTTP status, per docs.slack.dev/messaging/sending-messages-using-incoming-webhooks)
 * and the Web API's `POST /api/chat.postMessage` (bearer token; HTTP 200 with `{ok:false,error}` on errors).
 * Channels are ids; `#name` resolves too. The bot is a member of `general` and `ops`, not `secret`.
 */
export class FakeSlack extends SaasServer {
  readonly posted: SlackPosted[] = [];
  readonly botToken = 'xoxb-1111-2222-FakeBotTokenValue';
  readonly webhookSecret = 'WebhookSecretValue0123456789';
  readonly channels = new Map([
    ['C0GENERAL', { name: 'general', member: true, archived: false }],
    ['C0OPS', { name: 'ops', member: true, archived: false }],
    ['C0SECRET', { name: 'secret', member: false, archived: false }],
    ['C0OLD', { name: 'old', member: true, archived: true }],
  ]);
  #ts = 1_764_000_000;

  constructor() {
    super((request) => this.#answer(request));
  }

  get webhookUrl(): string {
    return `${this.url}/services/T0TEAM/B0HOOK/${this.webhookSecret}`;
  }

  get apiUrl(): string {
    return `${this.url}/api`;
  }

  #answer(request: FakeRequest): FakeAnswer {
    if (request.method !== 'POST') return { status: 405, body: 'method_not_allowed' };
    if (request.path.startsWith('/services/')) return this.#webhook(request);
    if (request.path === '/api/chat.postMessage') return this.#postMessage(request);
    return { status: 404, body: 'not_found' };
  }

  #webhook(request: FakeRequest): FakeAnswer {
    if (request.path !== `/services/T0TEAM/B0HOOK/${this.webhookSecret}`)
      return { status: 404, body: 'no_service' };
    const { text, blocks } = request.fields;
    if (typeof text !== 'string' && blocks === undefined) return { status: 400, body: 'no_text' };
    if (blocks !== undefined && blocksProblem(blocks)) return { status: 400, body: 'invalid_blocks' };
    this.#store('webhook', 'C0GENERAL', request);
    return { status: 200, body: 'ok' };
  }

  #postMessage(request: FakeRequest): FakeAnswer {
    const bearer = /^Bearer\s+(\S+)$/i.exec(String(request.headers.authorization ?? ''))?.[1];
    const fail = (error: string): FakeAnswer => ({ status: 200, body: { ok: false, error } });
    if (bearer === undefined) return fail('not_authed');
    if (bearer !== this.botToken) return fail('invalid_auth');
    const { channel, text, blocks } = request.fields;
    if (typeof channel !== 'string') return fail('channel_not_found');
    const id = channel.startsWith('#')
      ? [...this.channels].find(([, c]) => `#${c.name}` === channel)?.[0]
      : this.channels.has(channel)
        ? channel
        : undefined;
    const found = id === undefined ? undefined : this.channels.get(id);
    if (id === undefined || !found) return fail('channel_not_found');
    if (!found.member) return fail('not_in_channel');
    if (found.archived) return fail('is_archived');
    if (typeof text !== 'string' && blocks === undefined) return fail('no_text');
    if (blocks !== undefined && blocksProblem(blocks)) return fail('invalid_blocks');
    const stored = this.#store('bot', id, request);
    return { status: 200, body: { ok: true, channel: id, ts: stored.ts, message: { text, ts: stored.ts } } };
  }

  #store(via: SlackPosted['via'], channel: string, request: FakeRequest): SlackPosted {
    const { text, blocks, thread_ts: threadTs } = request.fields;
    const stored: SlackPosted = {
      via,
      channel,
      ts: `${this.#ts++}.000100`,
      ...(typeof threadTs === 'string' ? { threadTs } : {}),
      text: typeof text === 'string' ? text : '',
      blocks: (blocks as SlackPosted['blocks'] | undefined) ?? [],
    };
    this.posted.push(stored);
    return stored;
  }
}
