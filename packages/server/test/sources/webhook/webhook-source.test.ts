import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import type { IngressRequest } from '../../../src/sources/source.ts';
import {
  DEFAULT_MAX_BODY_BYTES,
  type WebhookSourceConfig,
  webhookConfigProblem,
} from '../../../src/sources/webhook/config-schema.ts';
import { MAX_EVENTS_PER_REQUEST, webhookSource } from '../../../src/sources/webhook/index.ts';

const ingress = webhookSource.ingress!;
const SECRET = 'a-long-enough-shared-secret';
const NOW = Date.UTC(2025, 0, 15, 8, 30);

function request(body: string, headers: Record<string, string> = {}): IngressRequest {
  const rawBody = Buffer.from(body);
  return { method: 'POST', path: '/hooks/s', headers, query: {}, contentLength: rawBody.length, rawBody };
}

const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const none: WebhookSourceConfig = { auth: { mode: 'none' } };

function events(req: IngressRequest, config: WebhookSourceConfig = none) {
  const result = ingress.parse(req, config);
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.events;
}

describe('webhookSource', () => {
  it('is a push kind whose secret and attachment credentials are sealed', () => {
    expect(webhookSource.kind).toBe('webhook');
    expect(webhookSource.secretFields).toEqual(['secret', 'attachmentAuth']);
    expect(ingress.maxBodyBytes?.(none)).toBe(DEFAULT_MAX_BODY_BYTES);
    expect(ingress.maxBodyBytes?.({ ...none, maxBodyBytes: 4096 })).toBe(4096);
  });

  it('hands attachment credentials only to URLs on their origin', () => {
    const config: WebhookSourceConfig = {
      ...none,
      attachmentAuth: { origin: 'https://Photos.lan:8443', headers: { 'x-api-key': 'k' } },
    };
    const headers = (url: string) => webhookSource.attachmentHeaders!(config, url);
    expect(headers('https://photos.lan:8443/api/assets/1/original')).toEqual({ 'x-api-key': 'k' });
    expect(headers('https://photos.lan/api/assets/1')).toBeUndefined();
    expect(
      webhookSource.attachmentHeaders!(
        { ...none, attachmentAuth: { origin: 'https://a.lan:443', headers: {} } },
        'https://a.lan/x',
      ),
    ).toEqual({});
    expect(headers('http://photos.lan:8443/x')).toBeUndefined();
    expect(headers('https://photos.lan:8443.evil.example/x')).toBeUndefined();
    expect(headers('https://evil.example/?https://photos.lan:8443')).toBeUndefined();
    expect(headers('not a url')).toBeUndefined();
    expect(webhookSource.attachmentHeaders!(none, 'https://photos.lan:8443/x')).toBeUndefined();
  });

  it('runs a Gitea-style signed delivery through authenticate, verify and parse', () => {
    const config: WebhookSourceConfig = {
      auth: { mode: 'hmac', header: 'X-Gitea-Signature', encoding: 'hex' },
      secret: SECRET,
      dedupHeader: 'X-Gitea-Delivery',
      mapping: { type: 'push', title: '{{ pusher.login }} pushed to {{ repository.full_name }}' },
    };
    const body = JSON.stringify({ pusher: { login: 'ann' }, repository: { full_name: 'ann/infra' } });
    const headers = {
      'content-type': 'application/json',
      'x-gitea-signature': createHmac('sha256', SECRET).update(body).digest('hex'),
      'x-gitea-delivery': 'f3a1c2d4-0000-4000-8000-000000000001',
    };
    const req = request(body, headers);
    expect(ingress.authenticate(req, config, NOW)).toEqual({ ok: true });
    expect(ingress.verify?.(req, config, NOW)).toEqual({ ok: true });
    expect(events(req, config)).toEqual([
      {
        type: 'push',
        title: 'ann pushed to ann/infra',
        body: JSON.stringify(JSON.parse(body), null, 2),
        severity: 'info',
        dedupKey: 'f3a1c2d4-0000-4000-8000-000000000001',
        dedupBy: 'key',
        data: JSON.parse(body),
      },
    ]);
    const tampered = request(body.replace('ann', 'eve'), headers);
    expect(ingress.verify?.(tampered, config, NOW)).toMatchObject({ ok: false, code: 'NB_ERR_SIGNATURE' });
  });

  it('turns a plain-text POST into a "Webhook" event', () => {
    expect(events(request('Washing machine done', { 'content-type': 'text/plain' }))).toEqual([
      {
        type: 'webhook.received',
        title: 'Webhook',
        body: 'Washing machine done',
        severity: 'info',
        dedupKey: sha256('Washing machine done'),
        dedupBy: 'body',
        data: 'Washing machine done',
      },
    ]);
  });

  it('maps form fields like JSON members', () => {
    const [event] = events(
      request('title=Backup&message=3+GB+written&priority=4', {
        'content-type': 'application/x-www-form-urlencoded',
      }),
    );
    expect(event).toMatchObject({ title: 'Backup', body: '3 GB written', severity: 'warning' });
  });

  it('passes body errors through with their codes', () => {
    expect(ingress.parse(request('{"a":', { 'content-type': 'application/json' }), none)).toMatchObject({
      ok: false,
      code: 'NB_ERR_MALFORMED_BODY',
      message: expect.stringContaining('position 5'),
    });
    expect(ingress.parse(request('<x/>', { 'content-type': 'application/xml' }), none)).toMatchObject({
      ok: false,
      code: 'NB_ERR_UNSUPPORTED_MEDIA_TYPE',
    });
  });
});

describe('dedup keys', () => {
  it('hashes the raw body: the same bytes give the same key, other bytes another (property)', () => {
    const single = fc.jsonValue().filter((value) => !Array.isArray(value));
    fc.assert(
      fc.property(single, single, (a, b) => {
        const [first] = events(request(JSON.stringify(a)));
        const [again] = events(request(JSON.stringify(a)));
        expect(first!.dedupKey).toBe(again!.dedupKey);
        expect(first!.dedupKey).toBe(sha256(JSON.stringify(a)));
        const [other] = events(request(JSON.stringify(b)));
        expect(other!.dedupKey === first!.dedupKey).toBe(JSON.stringify(a) === JSON.stringify(b));
      }),
    );
  });

  it('uses the delivery header when configured and present, else the body hash, and says which', () => {
    const config: WebhookSourceConfig = { ...none, dedupHeader: 'X-Request-Id' };
    const dedup = (req: IngressRequest, cfg?: WebhookSourceConfig) => {
      const [event] = events(req, cfg);
      return [event!.dedupKey, event!.dedupBy];
    };
    expect(dedup(request('{}', { 'x-request-id': ' r-1 ' }), config)).toEqual(['r-1', 'key']);
    expect(dedup(request('{}', { 'x-request-id': '' }), config)).toEqual([sha256('{}'), 'body']);
    expect(dedup(request('{}'), config)).toEqual([sha256('{}'), 'body']);
    // Not configured: the header is ignored.
    expect(dedup(request('{}', { 'x-request-id': 'r-1' }))).toEqual([sha256('{}'), 'body']);
  });

  it('prefers a mapped dedup key over the header', () => {
    const config: WebhookSourceConfig = {
      ...none,
      dedupHeader: 'x-request-id',
      mapping: { dedupKey: '/id' },
    };
    expect(events(request('{"id":"e-9"}', { 'x-request-id': 'r-1' }), config)[0]!.dedupKey).toBe('e-9');
  });
});

describe('array bodies', () => {
  it('makes one event per element, with distinct fallback keys', () => {
    const body = JSON.stringify([{ title: 'one' }, { title: 'two', severity: 'err' }, 'three']);
    const list = events(request(body, { 'x-id': 'batch-7' }), { ...none, dedupHeader: 'x-id' });
    expect(list.map((event) => [event.title, event.body, event.severity, event.dedupKey])).toEqual([
      ['one', '{\n  "title": "one"\n}', 'info', 'batch-7#0'],
      ['two', '{\n  "title": "two",\n  "severity": "err"\n}', 'error', 'batch-7#1'],
      ['Webhook', 'three', 'info', 'batch-7#2'],
    ]);
    expect(events(request(body)).map((event) => event.dedupKey)).toEqual(
      [0, 1, 2].map((index) => `${sha256(body)}#${index}`),
    );
  });

  it('makes no events from an empty array', () => {
    expect(events(request('[]'))).toEqual([]);
  });

  it(`accepts ${MAX_EVENTS_PER_REQUEST} elements and rejects one more`, () => {
    const batch = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ title: `#${i}` })));
    expect(events(request(batch(MAX_EVENTS_PER_REQUEST)))).toHaveLength(MAX_EVENTS_PER_REQUEST);
    expect(ingress.parse(request(batch(MAX_EVENTS_PER_REQUEST + 1)), none)).toEqual({
      ok: false,
      code: 'NB_ERR_VALIDATION',
      message: 'The body is an array of 101 events; send at most 100 per request.',
    });
  });
});

describe('config schema', () => {
  const valid: WebhookSourceConfig[] = [
    { auth: { mode: 'none' } },
    { auth: { mode: 'bearer' }, secret: SECRET },
    { auth: { mode: 'basic', username: 'alertmanager' }, secret: SECRET },
    { auth: { mode: 'hmac' }, secret: SECRET },
    {
      auth: {
        mode: 'hmac',
        header: 'X-Signature-256',
        encoding: 'base64',
        prefix: 'sha256=',
        timestampHeader: 'X-Timestamp',
        toleranceSeconds: 60,
        signedPayload: 'timestamp.body',
      },
      secret: SECRET,
      mapping: { title: '/a', body: '{{ b.c }}', type: 'fixed.type' },
      dedupHeader: 'X-Gitea-Delivery',
      maxBodyBytes: 65536,
      defaultType: 'home.washer',
      defaultSeverity: 'warning',
    },
  ];
  it.each(valid)('accepts %j', (config) => {
    expect(Value.Check(webhookSource.configSchema, config)).toBe(true);
    expect(webhookConfigProblem(config)).toBeUndefined();
  });

  const invalid: [string, unknown][] = [
    ['bearer without a secret', { auth: { mode: 'bearer' } }],
    ['a short secret', { auth: { mode: 'bearer' }, secret: 'short' }],
    ['basic without a username', { auth: { mode: 'basic' }, secret: SECRET }],
    ['a colon in the basic username', { auth: { mode: 'basic', username: 'a:b' }, secret: SECRET }],
    ['an unknown mode', { auth: { mode: 'oauth' }, secret: SECRET }],
    ['an unknown encoding', { auth: { mode: 'hmac', encoding: 'base32' }, secret: SECRET }],
    ['a header name with a space', { auth: { mode: 'hmac', header: 'x sig' }, secret: SECRET }],
    ['an unknown top-level field', { auth: { mode: 'none' }, token: 'x' }],
    ['an unknown mapping field', { auth: { mode: 'none' }, mapping: { colour: '/c' } }],
    ['an unknown severity', { auth: { mode: 'none' }, defaultSeverity: 'loud' }],
    ['a type that is not dot.case', { auth: { mode: 'none' }, defaultType: 'Not Dot Case' }],
    ['a body cap over 32 MiB', { auth: { mode: 'none' }, maxBodyBytes: 64 * 1024 * 1024 }],
  ];
  it.each(invalid)('rejects %s', (_name, config) => {
    expect(Value.Check(webhookSource.configSchema, config)).toBe(false);
  });

  it('names the setting for problems the schema cannot see', () => {
    expect(
      webhookConfigProblem({ auth: { mode: 'hmac', signedPayload: 'timestamp.body' }, secret: SECRET }),
    ).toMatch(/^auth\.timestampHeader: /);
    expect(webhookConfigProblem({ ...none, mapping: { title: '{{ a | upcase }}' } })).toMatch(
      /^mapping\.title: /,
    );
    expect(webhookConfigProblem({ auth: { mode: 'bearer' } } as WebhookSourceConfig)).toMatch(/^secret: /);
  });
});
