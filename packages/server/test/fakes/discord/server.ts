import { type FakeAnswer, type FakeFile, type FakeRequest, SaasServer } from '../saas-server.ts';

/** A message as the fake Discord posted it. */
export interface DiscordPosted {
  id: string;
  webhookId: string;
  threadId: string | undefined;
  payload: Record<string, unknown>;
  files: FakeFile[];
}

const limits = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  total: 6000,
  files: 10,
};

function invalidForm(path: string, message: string): FakeAnswer {
  // docs/reference#error-messages: errors nest by field path down to _errors.
  const errors: Record<string, unknown> = {};
  let node = errors;
  const parts = path.split('.');
  for (const [i, part] of parts.entries()) {
    node[part] = i === parts.length - 1 ? { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message }] } : {};
    node = node[part] as Record<string, unknown>;
  }
  return { status: 400, body: { code: 50035, errors, message: 'Invalid Form Body' } };
}

/**
 * A fake Discord execute-webhook endpoint (discord.com/developers/docs/resources/webhook#execute-webhook):
 * `POST /api/webhooks/{id}/{token}` with `?wait=true` and `?thread_id=`, as JSON or multipart
 * (`payload_json` + `files[n]`, each named in `attachments`). It checks the token (401, code 50027), the
 * webhook (404 Unknown Webhook, 10015), the thread (404 Unknown Channel, 10003), an empty message (50006)
 * and the embed limits (50035 Invalid Form Body), and sends X-RateLimit-* headers with every answer.
 */
export class FakeDiscord extends SaasServer {
  readonly posted: DiscordPosted[] = [];
  readonly webhookId = '1234567890123456789';
  readonly webhookToken = 'wh-Tok3n_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz012345';
  readonly threads = new Set(['998877665544332211']);
  #nextId = 1_100_000_000_000_000_000n;

  constructor() {
    super((request) => this.#answer(request));
  }

  get webhookUrl(): string {
    return `${this.url}/api/webhooks/${this.webhookId}/${this.webhookToken}`;
  }

  #answer(request: FakeRequest): FakeAnswer {
    const rateLimit = {
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '4',
      'x-ratelimit-reset-after': '1.0',
      'x-ratelimit-bucket': 'f1e2d3c4b5a6',
    };
    const answer = this.#execute(request);
    return { ...answer, headers: { ...rateLimit, ...answer.headers } };
  }

  #execute(request: FakeRequest): FakeAnswer {
    const match = /^\/api(?:\/v\d+)?\/webhooks\/(\d+)\/([^/]+)\/?$/.exec(request.path);
    if (request.method !== 'POST' || !match)
      return { status: 404, body: { message: '404: Not Found', code: 0 } };
    if (match[1] !== this.webhookId)
      return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
    if (match[2] !== this.webhookToken) {
      return { status: 401, body: { message: 'Invalid Webhook Token', code: 50027 } };
    }
    const threadId = request.query.get('thread_id') ?? undefined;
    if (threadId !== undefined && !this.threads.has(threadId)) {
      return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
    }
    const payload =
      typeof request.fields.payload_json === 'string'
        ? (JSON.parse(request.fields.payload_json) as Record<string, unknown>)
        : request.fields;
    const problem = this.#check(payload, request.files);
    if (problem) return problem;
    const id = String(this.#nextId++);
    this.posted.push({ id, webhookId: match[1], threadId, payload, files: request.files });
    if (request.query.get('wait') !== 'true') return { status: 204 };
    return {
      status: 200,
      body: {
        id,
        type: 0,
        channel_id: threadId ?? '555555555555555555',
        webhook_id: this.webhookId,
        content: payload.content ?? '',
        embeds: payload.embeds ?? [],
        flags: payload.flags ?? 0,
        attachments: request.files.map((file, i) => ({
          id: String(this.#nextId + BigInt(i)),
          filename: file.name,
          size: file.bytes.length,
          content_type: file.contentType,
        })),
      },
    };
  }

  #check(payload: Record<string, unknown>, files: FakeFile[]): FakeAnswer | undefined {
    const content = typeof payload.content === 'string' ? payload.content : '';
    const embeds = Array.isArray(payload.embeds) ? (payload.embeds as Record<string, unknown>[]) : [];
    if (content === '' && embeds.length === 0 && files.length === 0) {
      return { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } };
    }
    if (content.length > limits.content) return invalidForm('content', 'Must be 2000 or fewer in length.');
    if (embeds.length > limits.embeds) return invalidForm('embeds', 'Must be 10 or fewer in length.');
    if (files.length > limits.files) return invalidForm('files', 'Must be 10 or fewer in length.');
    let total = 0;
    for (const [i, embed] of embeds.entries()) {
      const title = String(embed.title ?? '');
      const description = String(embed.description ?? '');
      if (title.length > limits.title)
        return invalidForm(`embeds.${i}.title`, 'Must be 256 or fewer in length.');
      if (description.length > limits.description) {
        return invalidForm(`embeds.${i}.description`, 'Must be 4096 or fewer in length.');
      }
      total +=
        title.length + description.length + String((embed.footer as { text?: string })?.text ?? '').length;
      for (const field of (embed.fields as { name: string; value: string }[] | undefined) ?? []) {
        total += field.name.length + field.value.length;
      }
    }
    if (total > limits.total) return invalidForm('embeds', 'Embed size exceeds maximum size of 6000');
    const attachments = (payload.attachments as { id: number; filename: string }[] | undefined) ?? [];
    for (const attachment of attachments) {
      if (!files[attachment.id]) return invalidForm(`attachments.${attachment.id}`, 'Unknown attachment.');
    }
    return undefined;
  }
}
