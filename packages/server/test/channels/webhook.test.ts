import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { webhookChannel } from '../../src/channels/webhook/index.ts';
import { signStandardWebhook, verifyStandardWebhook } from '../../src/channels/webhook/standard-webhooks.ts';
import {
  createGuardedHttpClient,
  type GuardedHttpClient,
} from '../../src/security/http/ssrf-guarded-client.ts';
import { HttpSink } from '../helpers/http-sink.ts';
import { message, sendClock, sendContext } from './send-context.ts';

const secret = `whsec_${Buffer.from('a 32 byte secret for the tests!!').toString('base64')}`;

describe('Standard Webhooks signatures', () => {
  it('matches the HMAC the spec defines, computed independently', () => {
    const body = '{"hello":"world"}';
    const expected = createHmac('sha256', Buffer.from('a 32 byte secret for the tests!!'))
      .update(`msg_1.1700000000.${body}`)
      .digest('base64');
    expect(signStandardWebhook(secret, 'msg_1', 1700000000, body)).toBe(`v1,${expected}`);
  });

  it('verifies its own signatures, among several, and refuses tampering and stale timestamps', () => {
    const body = '{"a":1}';
    const signature = signStandardWebhook(secret, 'msg_2', 1700000000, body);
    const headers = { id: 'msg_2', timestamp: '1700000000', signature: `v1,bogus ${signature}` };
    expect(verifyStandardWebhook(secret, headers, body, 1700000100)).toBe(true);
    expect(verifyStandardWebhook(secret, headers, '{"a":2}', 1700000100)).toBe(false);
    expect(verifyStandardWebhook(secret, { ...headers, id: 'msg_3' }, body, 1700000100)).toBe(false);
    expect(verifyStandardWebhook(secret, headers, body, 1700000000 + 301)).toBe(false);
  });
});

describe('the webhook channel', () => {
  let sink: HttpSink;
  let http: GuardedHttpClient;
  beforeAll(async () => {
    http = createGuardedHttpClient({ allowPrivate: ['127.0.0.0/8'] });
  });
  afterAll(() => http.close());
  afterEach(() => sink.close());

  async function send(config: Record<string, unknown> = {}, deliveryId?: string) {
    sink ??= await new HttpSink().start();
    return webhookChannel.send(
      sendContext(http, { url: `${sink.url}/in`, ...config }, {}, deliveryId),
      message,
    );
  }

  it('POSTs the event, signed, with the delivery id as webhook-id', async () => {
    sink = await new HttpSink().start();
    const outcome = await send(
      { secret, headers: { 'x-team': 'ops', 'webhook-id': 'spoofed' } },
      'delivery-1',
    );
    expect(outcome).toEqual({ status: 'sent' });
    const [request] = sink.requests;
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-team']).toBe('ops');
    expect(request!.headers['webhook-id']).toBe('delivery-1');
    expect(request!.headers['webhook-timestamp']).toBe(String(Math.floor(sendClock.now() / 1000)));
    const verified = verifyStandardWebhook(
      secret,
      {
        id: 'delivery-1',
        timestamp: request!.headers['webhook-timestamp'] as string,
        signature: request!.headers['webhook-signature'] as string,
      },
      request!.body,
      Math.floor(sendClock.now() / 1000),
    );
    expect(verified).toBe(true);
    const body = JSON.parse(request!.body);
    expect(body).toMatchObject({
      type: 'alert.firing',
      data: {
        deliveryId: 'delivery-1',
        event: { id: message.eventId, title: 'Disk almost full', severity: 'warning', tags: ['disk', 'srv'] },
        message: { format: 'markdown', title: 'Disk almost full', body: '**/srv** is at 93 %' },
      },
    });
  });

  it('keeps webhook-id the same across attempts', async () => {
    sink = await new HttpSink().start();
    sink.respondWith({ status: 503 });
    expect((await send({}, 'same')).status).toBe('retry');
    expect((await send({}, 'same')).status).toBe('sent');
    expect(sink.requests.map((r) => r.headers['webhook-id'])).toEqual(['same', 'same']);
    expect(sink.requests[0]!.headers['webhook-signature']).toBeUndefined();
  });

  it.each([
    [{ status: 204 }, { status: 'sent' }],
    [
      { status: 301, headers: { location: 'http://127.0.0.1:1/' } },
      { status: 'failed', error: { httpStatus: 301 } },
    ],
    [{ status: 410 }, { status: 'failed', disableReceiver: true, error: { httpStatus: 410 } }],
    [
      { status: 429, headers: { 'retry-after': '7' } },
      { status: 'retry', retryAfterMs: 7000, error: { httpStatus: 429 } },
    ],
    [{ status: 408 }, { status: 'retry', error: { httpStatus: 408 } }],
    [
      { status: 502, body: 'bad gateway' },
      { status: 'retry', error: { httpStatus: 502, message: 'HTTP 502: bad gateway' } },
    ],
    [
      { status: 400, body: 'no such hook' },
      { status: 'failed', error: { kind: 'rejected', httpStatus: 400, message: 'HTTP 400: no such hook' } },
    ],
  ])('maps %j to %j', async (response, expected) => {
    sink = await new HttpSink().start();
    sink.respondWith(response);
    expect(await send()).toMatchObject(expected);
  });

  it('retries when the receiver does not answer in time', async () => {
    sink = await new HttpSink().start();
    sink.respondWith({ status: 200, delayMs: 2000 });
    const ctx = sendContext(http, { url: sink.url }, {});
    const outcome = await webhookChannel.send({ ...ctx, signal: AbortSignal.timeout(200) }, message);
    expect(outcome).toMatchObject({ status: 'retry', error: { kind: 'transport' } });
  });

  it('refuses a private address the operator did not allow, saying how to allow it', async () => {
    sink = await new HttpSink().start();
    const strict = createGuardedHttpClient();
    try {
      const outcome = await webhookChannel.send(sendContext(strict, { url: sink.url }, {}), message);
      expect(outcome).toMatchObject({ status: 'failed', error: { kind: 'internal' } });
      expect(outcome.status === 'failed' && outcome.error.message).toContain('NB_ALLOW_PRIVATE');
      expect(sink.requests).toHaveLength(0);
    } finally {
      await strict.close();
    }
  });
});
