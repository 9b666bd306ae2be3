import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ntfyChannel, truncateUtf8 } from '../../src/channels/ntfy/index.ts';
import {
  createGuardedHttpClient,
  type GuardedHttpClient,
} from '../../src/security/http/ssrf-guarded-client.ts';
import { HttpSink } from '../helpers/http-sink.ts';
import { message, sendContext } from './send-context.ts';

describe('the ntfy channel', () => {
  let sink: HttpSink;
  let http: GuardedHttpClient;
  beforeAll(() => {
    http = createGuardedHttpClient({ allowPrivate: ['127.0.0.0/8'] });
  });
  afterAll(() => http.close());
  afterEach(() => sink.close());

  async function send(config: Record<string, unknown> = {}, msg = message) {
    sink ??= await new HttpSink().start();
    return ntfyChannel.send(sendContext(http, { server: sink.url, ...config }, { topic: 'alerts' }), msg);
  }

  it('publishes JSON with title, priority, tags, click and markdown', async () => {
    sink = await new HttpSink().start();
    sink.respondWith({ status: 200, body: '{"id":"hwQ2YpKdmg","event":"message"}' });
    const outcome = await send({ token: 'tk_secret' });
    expect(outcome).toEqual({ status: 'sent', providerMessageId: 'hwQ2YpKdmg' });
    const [request] = sink.requests;
    expect(request!.url).toBe('/');
    expect(request!.headers.authorization).toBe('Bearer tk_secret');
    expect(JSON.parse(request!.body)).toEqual({
      topic: 'alerts',
      title: 'Disk almost full',
      message: '**/srv** is at 93 %',
      priority: 4,
      tags: ['disk', 'srv'],
      click: 'https://grafana.example/d/disk',
      markdown: true,
    });
  });

  it.each([
    ['debug', 1],
    ['info', 3],
    ['warning', 4],
    ['error', 4],
    ['critical', 5],
  ] as const)('maps severity %s to priority %i', async (severity, priority) => {
    sink = await new HttpSink().start();
    await send({}, { ...message, severity, format: 'text', tags: [], url: null });
    const body = JSON.parse(sink.requests[0]!.body);
    expect(body.priority).toBe(priority);
    expect(body).not.toHaveProperty('markdown');
    expect(body).not.toHaveProperty('click');
    expect(body).not.toHaveProperty('tags');
  });

  it('uses basic auth when a username and password are set', async () => {
    sink = await new HttpSink().start();
    await send({ username: 'phil', password: 'mypass' });
    expect(sink.requests[0]!.headers.authorization).toBe(
      `Basic ${Buffer.from('phil:mypass').toString('base64')}`,
    );
  });

  it('surfaces ntfy error JSON and says what to check on 403', async () => {
    sink = await new HttpSink().start();
    sink.respondWith({
      status: 403,
      body: '{"code":40301,"http":403,"error":"forbidden","link":"https://ntfy.sh/docs/publish/#authentication"}',
    });
    const outcome = await send({ token: 'tk_wrong' });
    expect(outcome.status).toBe('failed');
    if (outcome.status !== 'failed') return;
    expect(outcome.error.message).toContain('forbidden (ntfy code 40301)');
    expect(outcome.error.message).toContain('check the target token');
    expect(outcome.error.message).not.toContain('tk_wrong');
  });

  it('retries 429 as told by Retry-After, and 5xx', async () => {
    sink = await new HttpSink().start();
    sink.respondWith(
      {
        status: 429,
        headers: { 'retry-after': '3' },
        body: '{"code":42901,"http":429,"error":"limit reached"}',
      },
      { status: 500 },
    );
    expect(await send()).toMatchObject({ status: 'retry', retryAfterMs: 3000 });
    expect(await send()).toMatchObject({ status: 'retry', error: { httpStatus: 500 } });
  });

  it('cuts messages over 4,096 bytes with an ellipsis', async () => {
    sink = await new HttpSink().start();
    await send({}, { ...message, body: 'ü'.repeat(5000) });
    const sent = JSON.parse(sink.requests[0]!.body).message as string;
    expect(Buffer.byteLength(sent)).toBeLessThanOrEqual(4096);
    expect(sent.endsWith('…')).toBe(true);
  });
});

describe('truncateUtf8', () => {
  it('never exceeds the budget, never splits a character, and keeps short text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.integer({ min: 4, max: 400 }),
        (text, max) => {
          const out = truncateUtf8(text, max);
          expect(Buffer.byteLength(out)).toBeLessThanOrEqual(
            Math.max(max, Buffer.byteLength(text) <= max ? max : 0),
          );
          if (Buffer.byteLength(text) <= max) expect(out).toBe(text);
          else {
            expect(out.endsWith('…')).toBe(true);
            expect(text.startsWith(out.slice(0, -1))).toBe(true);
            expect(out).not.toContain('\uFFFD');
          }
        },
      ),
    );
  });
});
