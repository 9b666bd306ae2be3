import { type FakeAnswer, type FakeRequest, SaasServer } from '../saas-server.ts';

/** A message as the fake Pushover stored it. */
export interface PushoverStored {
  request: string;
  receipt?: string;
  fields: Record<string, unknown>;
  image?: { type: string; bytes: Buffer };
}

/**
 * A fake of Pushover's message API (pushover.net/api): `POST /1/messages.json` as JSON, a form or multipart,
 * checking what the real API checks and answering as it does: `{"status":1,"request":…}` (with a `receipt`
 * for priority 2), or 4xx `{"status":0,"errors":[…],"<param>":"invalid"}`, and the X-Limit-App-* headers.
 */
export class FakePushover extends SaasServer {
  readonly pushed: PushoverStored[] = [];
  readonly token = 'azGDORePK8gMaC0QOYAMyEEuzJnyUi';
  readonly userKey = 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG';
  /** What X-Limit-App-Remaining counts down from. */
  remaining = 10_000;
  #requests = 0;

  constructor() {
    super((request) => this.#answer(request));
  }

  get apiUrl(): string {
    return `${this.url}/1`;
  }

  #answer(request: FakeRequest): FakeAnswer {
    if (request.method !== 'POST' || request.path !== '/1/messages.json') {
      return { status: 404, body: { status: 0, errors: ['not found'], request: this.#id() } };
    }
    const f = request.fields;
    const invalid = (param: string, error: string): FakeAnswer => ({
      status: 400,
      body: { [param]: 'invalid', errors: [error], status: 0, request: this.#id() },
    });
    if (f.token !== this.token) return invalid('token', 'application token is invalid');
    if (f.user !== this.userKey)
      return invalid('user', 'user identifier is not a valid user, group, or subscribed user key');
    if (typeof f.message !== 'string' || f.message === '')
      return invalid('message', 'message cannot be blank');
    if (f.message.length > 1024) return invalid('message', 'message is too long');
    if (typeof f.title === 'string' && f.title.length > 250) return invalid('title', 'title is too long');
    const priority = Number(f.priority ?? 0);
    if (!Number.isInteger(priority) || priority < -2 || priority > 2)
      return invalid('priority', 'priority is invalid');
    if (priority === 2 && (!(Number(f.retry) >= 30) || !(Number(f.expire) <= 10_800))) {
      return invalid('retry', 'retry is invalid');
    }
    let image: PushoverStored['image'];
    if (typeof f.attachment_base64 === 'string') {
      const bytes = Buffer.from(f.attachment_base64, 'base64');
      if (bytes.length > 5 * 1024 * 1024) return invalid('attachment', 'attachment is too large');
      image = { type: String(f.attachment_type ?? ''), bytes };
    }
    const stored: PushoverStored = {
      request: this.#id(),
      ...(priority === 2 ? { receipt: `r${this.pushed.length + 1}${'x'.repeat(28)}` } : {}),
      fields: f,
      ...(image ? { image } : {}),
    };
    this.pushed.push(stored);
    this.remaining -= 1;
    return {
      status: 200,
      headers: {
        'x-limit-app-limit': '10000',
        'x-limit-app-remaining': String(this.remaining),
        'x-limit-app-reset': '1767225600',
      },
      body: { status: 1, request: stored.request, ...(stored.receipt ? { receipt: stored.receipt } : {}) },
    };
  }

  #id(): string {
    this.#requests += 1;
    return `5042853c-402d-4a18-abcb-${String(this.#requests).padStart(12, '0')}`;
  }
}
