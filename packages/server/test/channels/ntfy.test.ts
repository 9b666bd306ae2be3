import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertMatchesSchema } from '../../src/api/kind-config.ts';
import { NtfyAddressSchema, NtfyTargetConfigSchema, ntfyChannel } from '../../src/channels/ntfy/index.ts';
import type { RenderedMessage } from '../../src/render/message.ts';
import type { HttpClient, HttpRequest } from '../../src/security/http/http-client.ts';
import {
  createGuardedHttpClient,
  type GuardedHttpClient,
} from '../../src/security/http/ssrf-guarded-client.ts';
import { HttpSink } from '../helpers/http-sink.ts';
import { message, sendContext } from './send-context.ts';

describe('the ntfy channel', () => {
  let sink: HttpSink | undefined;
  let http: GuardedHttpClient;
  beforeAll(() => {
    http = createGuardedHttpClient({ allowPrivate: ['127.0.0.0/8'] });
  });
  afterAll(() => http.close());
  afterEach(async () => {
    await sink?.close();
    sink = undefined;
  });

  async function send(config: Record<string, unknown> = {}, msg: RenderedMessage = message, silent = false) {
    sink ??= await new HttpSink().start();
    const ctx = sendContext(http, { server: sink.url, ...config }, { topic: 'alerts' });
    return ntfyChannel.send({ ...ctx, options: { silent } }, msg);
  }

  const sentBody = () => JSON.parse(sink!.requests.at(-1)!.body) as Record<string, unknown>;

  it('publishes JSON to the server root with title, priority, tags, click and markdown', async () => {
    sink = await new HttpSink().start();
    sink.respondWith({ status: 200, body: '{"id":"hwQ2YpKdmg","time":1764000000,"event":"message"}' });
    const outcome = await send({ token: 'tk_secret' });
    expect(outcome).toEqual({ status: 'sent', httpStatus: 200, providerMessageId: 'hwQ2YpKdmg' });
    const [request] = sink.requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers.authorization).toBe('Bearer tk_secret');
    expect(sentBody()).toEqual({
      topic: 'alerts',
      title: 'Disk almost full',
      message: '**/srv** is at 93 %',
      priority: 4,
      tags: ['disk', 'srv'],
      click: 'https://grafana.example/d/disk',
      markdown: true,
    });
  });

  it('carries a non-ASCII title as it is (the reason for JSON over headers)', async () => {
    await send({}, { ...message, title: 'Waschmaschine fertig ✅ — 洗濯' });
    expect(sentBody().title).toBe('Waschmaschine fertig ✅ — 洗濯');
  });

  it.each([
    ['debug', 1],
    ['info', 3],
    ['warning', 4],
    ['error', 4],
    ['critical', 5],
  ] as const)(
    'maps severity %s to priority %i, and leaves out what the message lacks',
    async (severity, priority) => {
      await send({}, { ...message, severity, format: 'text', tags: [], url: null });
      const body = sentBody();
      expect(body.priority).toBe(priority);
      expect(body).not.toHaveProperty('markdown');
      expect(body).not.toHaveProperty('click');
      expect(body).not.toHaveProperty('tags');
      expect(sink!.requests[0]!.headers.authorization).toBeUndefined();
    },
  );

  it('lowers the priority to 2 (no sound) for a silent receiver, never raises it', async () => {
    await send({}, { ...message, severity: 'critical' }, true);
    expect(sentBody().priority).toBe(2);
    await send({}, { ...message, severity: 'debug' }, true);
    expect(sentBody().priority).toBe(1);
  });

  it('uses basic auth when a username and password are set, and the token when both are', async () => {
    await send({ username: 'phil', password: 'mypass' });
    expect(sink!.requests[0]!.headers.authorization).toBe(
      `Basic ${Buffer.from('phil:mypass').toString('base64')}`,
    );
    await send({ username: 'phil', password: 'mypass', token: 'tk_wins' });
    expect(sink!.requests[1]!.headers.authorization).toBe('Bearer tk_wins');
  });

  it.each([
    [
      401,
      '{"code":40101,"http":401,"error":"unauthorized"}',
      'unauthorized (ntfy code 40101)',
      'check the target token',
    ],
    [
      403,
      '{"code":40301,"http":403,"error":"forbidden","link":"https://ntfy.sh/docs/publish/#authentication"}',
      'forbidden (ntfy code 40301)',
      'may write to the topic',
    ],
    [
      404,
      '{"code":40401,"http":404,"error":"page not found"}',
      'page not found (ntfy code 40401)',
      'check the server URL',
    ],
    [
      400,
      '{"code":40024,"http":400,"error":"invalid request: request body must be valid JSON"}',
      'invalid request: request body must be valid JSON (ntfy code 40024)',
      '',
    ],
    [400, '<html><body>Bad Request</body></html>', '<html><body>Bad Request</body></html>', ''],
  ])('fails on %i, surfacing the error text %#', async (status, body, detail, hint) => {
    sink = await new HttpSink().start();
    sink.respondWith({ status, body });
    const outcome = await send({ token: 'tk_wrong_token' });
    expect(outcome).toMatchObject({ status: 'failed', error: { kind: 'rejected', httpStatus: status } });
    const text = outcome.status === 'failed' ? outcome.error.message : '';
    expect(text).toContain(`HTTP ${status}: ${detail}`);
    expect(text).toContain(hint);
    expect(text).not.toContain('tk_wrong_token');
  });

  it('keeps echoed credentials out of the error', async () => {
    sink = await new HttpSink().start();
    const basic = `Basic ${Buffer.from('phil:hunter22').toString('base64')}`;
    sink.respondWith({ status: 400, body: `{"error":"bad header ${basic} from phil:hunter22"}` });
    const outcome = await send({ username: 'phil', password: 'hunter22' });
    const text = outcome.status === 'failed' ? outcome.error.message : '';
    expect(text).toContain('[redacted]');
    expect(text).not.toContain('hunter22');
    expect(text).not.toContain(Buffer.from('phil:hunter22').toString('base64'));
  });

  it('retries 429 after Retry-After, 5xx, and a server that does not answer', async () => {
    sink = await new HttpSink().start();
    sink.respondWith(
      {
        status: 429,
        headers: { 'retry-after': '3' },
        body: '{"code":42901,"http":429,"error":"limit reached"}',
      },
      { status: 500 },
      { status: 200, delayMs: 3000 },
    );
    const limited = await send();
    expect(limited).toMatchObject({ status: 'retry', retryAfterMs: 3000, error: { httpStatus: 429 } });
    expect(limited.status === 'retry' && limited.error.message).toContain('limit reached (ntfy code 42901)');
    expect(await send()).toMatchObject({ status: 'retry', error: { httpStatus: 500 } });
    const ctx = sendContext(http, { server: sink.url }, { topic: 'alerts' });
    const slow = await ntfyChannel.send({ ...ctx, signal: AbortSignal.timeout(300) }, message);
    expect(slow).toMatchObject({ status: 'retry', error: { kind: 'transport' } });
  });

  it('fails on a redirect instead of following it with the credentials', async () => {
    const other = await new HttpSink().start();
    try {
      sink = await new HttpSink().start();
      sink.respondWith({ status: 301, headers: { location: `${other.url}/` } });
      const outcome = await send({ token: 'tk_secret' });
      expect(outcome).toMatchObject({ status: 'failed', error: { httpStatus: 301 } });
      expect(outcome.status === 'failed' && outcome.error.message).toContain(`redirects to ${other.url}`);
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('cuts messages over 4,096 bytes with an ellipsis', async () => {
    await send({}, { ...message, body: 'ü'.repeat(5000) });
    const sent = sentBody().message as string;
    expect(Buffer.byteLength(sent)).toBeLessThanOrEqual(4096);
    expect(Buffer.byteLength(sent)).toBeGreaterThan(4090);
    expect(sent).toBe(`${'ü'.repeat(2046)}…`);
  });

  it('publishes to https://ntfy.sh when no server is configured', async () => {
    // ntfy.sh cannot be reached from the tests; a client that records the request stands in for the network.
    const requests: { url: string; init: HttpRequest | undefined }[] = [];
    const recording: HttpClient = {
      async request(url, init) {
        requests.push({ url, init });
        return { status: 200, headers: {}, body: Buffer.from('{"id":"abc"}'), url };
      },
    };
    const outcome = await ntfyChannel.send(sendContext(recording, {}, { topic: 'alerts' }), message);
    expect(outcome).toEqual({ status: 'sent', httpStatus: 200, providerMessageId: 'abc' });
    expect(requests[0]).toMatchObject({
      url: 'https://ntfy.sh',
      init: { method: 'POST', redirect: 'error' },
    });
  });
});

describe('the ntfy config and address schemas', () => {
  const config = (value: unknown) => () =>
    assertMatchesSchema(NtfyTargetConfigSchema, value, '/config', 'config of kind "ntfy"', 'the kinds');
  const address = (value: unknown) => () =>
    assertMatchesSchema(NtfyAddressSchema, value, '/address', 'address', 'the kinds');

  it('accepts the usual configs', () => {
    expect(config({})).not.toThrow();
    expect(
      config({ server: 'https://ntfy.example.com', token: 'tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2' }),
    ).not.toThrow();
    expect(config({ server: 'http://ntfy.lan:8080', username: 'phil', password: 'mypass' })).not.toThrow();
  });

  it('refuses what would not work, saying why', () => {
    expect(config({ server: 'ntfy.sh' })).toThrow(/\/config\/server/);
    expect(config({ server: 'https://phil:pw@ntfy.sh' })).toThrow(/user:password@/);
    expect(config({ username: 'phil' })).toThrow(/username and password go together/);
    expect(config({ username: 'ph:il', password: 'x' })).toThrow(/\/config\/username/);
    expect(config({ token: 'tk with space' })).toThrow(/\/config\/token/);
    expect(config({ topic: 'alerts' })).toThrow();
  });

  it('takes topics the way ntfy does: 1 to 64 of A-Z a-z 0-9 _ -', () => {
    expect(address({ topic: 'backups_home-1' })).not.toThrow();
    expect(address({ topic: 'a'.repeat(64) })).not.toThrow();
    for (const topic of ['', 'a'.repeat(65), 'with space', 'a/b', 'ünïcode']) {
      expect(address({ topic })).toThrow(/\/address\/topic/);
    }
  });
});
