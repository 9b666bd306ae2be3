import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { webhookChannel } from '../../src/channels/webhook/index.ts';
import { verifyStandardWebhook } from '../../src/channels/webhook/standard-webhooks.ts';
import {
  createGuardedHttpClient,
  type GuardedHttpClient,
} from '../../src/security/http/ssrf-guarded-client.ts';
import { HttpSink, type SinkResponse } from '../helpers/http-sink.ts';
import { message, sendClock, sendContext } from './send-context.ts';

const key = Buffer.from('a 32 byte secret for the tests!!');
const secret = `whsec_${key.toString('base64')}`;
const nowSeconds = () => Math.floor(sendClock.now() / 1000);

describe('the webhook channel', () => {
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

  async function send(config: Record<string, unknown> = {}, deliveryId?: string) {
    sink ??= await new HttpSink().start();
    return webhookChannel.send(
      sendContext(http, { url: `${sink.url}/in`, ...config }, {}, deliveryId),
      message,
    );
  }

  it('POSTs the event as JSON, signed, with the delivery id as webhook-id', async () => {
    const outcome = await send(
      { secret, headers: { 'X-Team': 'ops', 'Webhook-Id': 'spoofed', Host: 'evil.example' } },
      'delivery-1',
    );
    expect(outcome).toEqual({ status: 'sent', httpStatus: 202 });
    const [request] = sink!.requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/in');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-team']).toBe('ops');
    expect(request!.headers.host).toMatch(/^127\.0\.0\.1:/);
    expect(request!.headers['webhook-id']).toBe('delivery-1');
    expect(request!.headers['webhook-timestamp']).toBe(String(nowSeconds()));
    // Checked twice: with our verifier, and with an HMAC computed here from the spec's definition.
    const signature = request!.headers['webhook-signature'] as string;
    const headers = { id: 'delivery-1', timestamp: String(nowSeconds()), signature };
    expect(verifyStandardWebhook(secret, headers, request!.body, nowSeconds())).toBe(true);
    const independent = createHmac('sha256', key)
      .update(`delivery-1.${nowSeconds()}.${request!.body}`)
      .digest('base64');
    expect(signature).toBe(`v1,${independent}`);
    expect(JSON.parse(request!.body)).toEqual({
      type: 'alert.firing',
      timestamp: '2026-11-22T11:59:00.000Z',
      data: {
        deliveryId: 'delivery-1',
        event: {
          id: message.eventId,
          type: 'alert.firing',
          title: 'Disk almost full',
          body: '**/srv** is at 93 %',
          severity: 'warning',
          url: 'https://grafana.example/d/disk',
          tags: ['disk', 'srv'],
          occurredAt: '2026-11-22T11:59:00.000Z',
        },
        message: { format: 'markdown', title: 'Disk almost full', body: '**/srv** is at 93 %' },
      },
    });
  });

  it('keeps webhook-id across attempts while the timestamp and signature follow the clock', async () => {
    sink = await new HttpSink().start();
    sink.respondWith({ status: 503 });
    expect((await send({ secret }, 'same')).status).toBe('retry');
    sendClock.advance(90_000);
    try {
      expect((await send({ secret }, 'same')).status).toBe('sent');
    } finally {
      sendClock.advance(-90_000);
    }
    const [first, second] = sink.requests;
    expect([first!.headers['webhook-id'], second!.headers['webhook-id']]).toEqual(['same', 'same']);
    expect(Number(second!.headers['webhook-timestamp']) - Number(first!.headers['webhook-timestamp'])).toBe(
      90,
    );
    expect(second!.body).toBe(first!.body);
    expect(second!.headers['webhook-signature']).not.toBe(first!.headers['webhook-signature']);
  });

  it('sends no signature header without a secret', async () => {
    await send();
    expect(sink!.requests[0]!.headers['webhook-signature']).toBeUndefined();
    expect(sink!.requests[0]!.headers['webhook-id']).toBe('01JDELIVERY00000000000000000');
  });

  const httpDate = new Date(sendClock.now() + 120_000).toUTCString();
  it.each<[string, SinkResponse, object]>([
    ['200', { status: 200, body: 'ok' }, { status: 'sent', httpStatus: 200 }],
    ['204', { status: 204 }, { status: 'sent', httpStatus: 204 }],
    [
      '301 with a Location',
      { status: 301, headers: { location: 'https://new.example/hook?token=abc' } },
      {
        status: 'failed',
        error: {
          kind: 'rejected',
          httpStatus: 301,
          message:
            'HTTP 301: the URL redirects to https://new.example; configure the final URL (redirects are not followed)',
        },
      },
    ],
    ['307 without one', { status: 307 }, { status: 'failed', error: { httpStatus: 307 } }],
    [
      '410',
      { status: 410 },
      { status: 'failed', disableReceiver: true, error: { kind: 'rejected', httpStatus: 410 } },
    ],
    [
      '429 with Retry-After seconds',
      { status: 429, headers: { 'retry-after': '7' } },
      { status: 'retry', retryAfterMs: 7000, error: { kind: 'rejected', httpStatus: 429 } },
    ],
    [
      '503 with Retry-After as an HTTP-date',
      { status: 503, headers: { 'retry-after': httpDate } },
      { status: 'retry', retryAfterMs: 120_000, error: { httpStatus: 503 } },
    ],
    ['408', { status: 408 }, { status: 'retry', error: { httpStatus: 408 } }],
    [
      '502 with a body',
      { status: 502, body: 'bad\n  gateway' },
      { status: 'retry', error: { httpStatus: 502, message: 'HTTP 502: bad gateway' } },
    ],
    [
      '400',
      { status: 400, body: 'no such hook' },
      { status: 'failed', error: { kind: 'rejected', httpStatus: 400, message: 'HTTP 400: no such hook' } },
    ],
    ['404 without a body', { status: 404 }, { status: 'failed', error: { message: 'HTTP 404' } }],
  ])('maps %s', async (_what, response, expected) => {
    sink = await new HttpSink().start();
    sink.respondWith(response);
    const outcome = await send();
    expect(outcome).toMatchObject(expected);
    if (response.headers?.['retry-after'] === undefined) expect(outcome).not.toHaveProperty('retryAfterMs');
  });

  it('follows no redirect: the far side of a Location gets nothing', async () => {
    const other = await new HttpSink().start();
    try {
      sink = await new HttpSink().start();
      sink.respondWith({ status: 308, headers: { location: `${other.url}/moved` } });
      expect(await send()).toMatchObject({ status: 'failed', error: { httpStatus: 308 } });
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('puts at most 200 characters of the body in the error, never the secret or credential headers', async () => {
    sink = await new HttpSink().start();
    const echo = JSON.stringify({ secret, authorization: 'Bearer s3cr3t-token', note: 'x'.repeat(500) });
    sink.respondWith({ status: 400, body: echo });
    const outcome = await send({ secret, headers: { authorization: 'Bearer s3cr3t-token' } });
    expect(outcome.status).toBe('failed');
    const text = outcome.status === 'failed' ? outcome.error.message : '';
    expect(text).toMatch(/^HTTP 400: /);
    expect(text.length).toBeLessThanOrEqual('HTTP 400: '.length + 201);
    expect(text).not.toContain(key.toString('base64'));
    expect(text).not.toContain('s3cr3t-token');
    expect(text).toContain('[redacted]');
  });

  it('retries when the receiver does not answer within timeoutMs', async () => {
    sink = await new HttpSink().start();
    sink.respondWith({ status: 200, delayMs: 3000 });
    const started = Date.now();
    const outcome = await send({ timeoutMs: 1000 });
    expect(Date.now() - started).toBeLessThan(2500);
    expect(outcome).toMatchObject({ status: 'retry', error: { kind: 'transport' } });
    expect(outcome.status === 'retry' && outcome.error.message).toMatch(/timed out after 1000 ms/);
  });

  it('retries when the delivery budget (the signal) runs out first', async () => {
    sink = await new HttpSink().start();
    sink.respondWith({ status: 200, delayMs: 2000 });
    const ctx = sendContext(http, { url: sink.url }, {});
    const outcome = await webhookChannel.send({ ...ctx, signal: AbortSignal.timeout(200) }, message);
    expect(outcome).toMatchObject({ status: 'retry', error: { kind: 'transport' } });
  });

  it('retries when nothing listens on the port', async () => {
    // Port 1: a port probed free could meanwhile belong to another test's sink, which would count our request.
    const outcome = await webhookChannel.send(
      sendContext(http, { url: 'http://127.0.0.1:1/in' }, {}),
      message,
    );
    expect(outcome).toMatchObject({ status: 'retry', error: { kind: 'transport' } });
  });

  it('fails, without retrying, when the answer is larger than it reads', async () => {
    sink = await new HttpSink().start();
    sink.respondWith({ status: 200, body: 'x'.repeat(70 * 1024) });
    const outcome = await send();
    expect(outcome).toMatchObject({ status: 'failed', error: { kind: 'rejected' } });
    expect(outcome.status === 'failed' && outcome.error.message).toMatch(/may have been accepted/);
  });

  it('refuses a private address the operator did not allow, saying how to allow it', async () => {
    sink = await new HttpSink().start();
    const strict = createGuardedHttpClient();
    try {
      const outcome = await webhookChannel.send(sendContext(strict, { url: sink.url }, {}), message);
      expect(outcome).toMatchObject({ status: 'failed', error: { kind: 'internal', code: 'blocked' } });
      const text = outcome.status === 'failed' ? outcome.error.message : '';
      expect(text).toMatch(/^destination refused: refused 127\.0\.0\.1/);
      expect(text).toContain('NB_ALLOW_PRIVATE');
      expect(outcome).not.toHaveProperty('disableReceiver');
      expect(sink.requests).toHaveLength(0);
    } finally {
      await strict.close();
    }
  });

  it('refuses credentials in the URL without pointing at NB_ALLOW_PRIVATE', async () => {
    sink = await new HttpSink().start();
    const outcome = await send({ url: sink.url.replace('http://', 'http://user:pw@') });
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'blocked' } });
    const text = outcome.status === 'failed' ? outcome.error.message : '';
    expect(text).toContain('carries credentials');
    expect(text).not.toContain('NB_ALLOW_PRIVATE');
    expect(text).not.toContain('pw');
    expect(sink.requests).toHaveLength(0);
  });
});
