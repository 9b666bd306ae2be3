import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SendOutcome } from '../../src/channels/channel.ts';
import { homeAssistantChannel } from '../../src/channels/homeassistant/index.ts';
import type { RenderedMessage } from '../../src/render/message.ts';
import {
  createGuardedHttpClient,
  type GuardedHttpClient,
} from '../../src/security/http/ssrf-guarded-client.ts';
import { FakeHomeAssistant } from '../fakes/home-assistant/server.ts';
import { capturedLog } from './captured-log.ts';
import { message, sendContext } from './send-context.ts';

describe('the home assistant channel', () => {
  let http: GuardedHttpClient;
  let ha: FakeHomeAssistant;
  beforeAll(() => {
    http = createGuardedHttpClient({ allowPrivate: ['127.0.0.0/8'] });
  });
  afterAll(() => http.close());
  beforeEach(async () => {
    ha = await new FakeHomeAssistant().start();
  });
  afterEach(() => ha.close());

  function context(
    address: Record<string, unknown> = {},
    options: { token?: string; silent?: boolean } = {},
  ) {
    const ctx = sendContext(http, { url: ha.url, token: options.token ?? ha.token }, {
      service: 'mobile_app_pixel_7',
      ...address,
    } as { service: string });
    return { ...ctx, options: { silent: options.silent === true } };
  }
  const send = (
    msg: RenderedMessage = message,
    address: Record<string, unknown> = {},
    options: { token?: string; silent?: boolean } = {},
  ) => homeAssistantChannel.send(context(address, options), msg);
  const errorText = (outcome: SendOutcome) => (outcome.status === 'sent' ? '' : outcome.error.message);

  it('calls notify.<service> with title, message, the URL for both phones, a tag and a group', async () => {
    expect(await send()).toEqual({ status: 'sent', httpStatus: 200 });
    expect(ha.requests[0]!.path).toBe('/api/services/notify/mobile_app_pixel_7');
    expect(ha.requests[0]!.headers.authorization).toBe(`Bearer ${ha.token}`);
    expect(ha.calls).toEqual([
      {
        domain: 'notify',
        service: 'mobile_app_pixel_7',
        data: {
          title: 'Disk almost full',
          message: '**/srv** is at 93 %',
          data: {
            url: message.url,
            clickAction: message.url,
            tag: message.eventId,
            group: 'alert.firing',
          },
        },
      },
    ]);
  });

  it('takes the service with its notify. prefix, and sends the title alone as the message', async () => {
    await send({ ...message, body: '' }, { service: 'notify.mobile_app_iphone' });
    expect(ha.calls[0]).toMatchObject({
      service: 'mobile_app_iphone',
      data: { message: 'Disk almost full' },
    });
    expect(ha.calls[0]!.data).not.toHaveProperty('title');
  });

  it('shows the first public image, rushes critical events, and lets a silent receiver arrive passively', async () => {
    const chart = { url: 'https://grafana.example/chart.png', contentType: 'image/png' };
    await send({ ...message, severity: 'critical', attachments: [chart] });
    expect(ha.calls[0]!.data.data).toMatchObject({
      image: chart.url,
      priority: 'high',
      ttl: 0,
      push: { 'interruption-level': 'time-sensitive' },
    });
    await send({ ...message, severity: 'critical' }, {}, { silent: true });
    expect(ha.calls[1]!.data.data).toMatchObject({ push: { 'interruption-level': 'passive' } });
    expect(ha.calls[1]!.data.data).not.toHaveProperty('priority');
  });

  it("merges the receiver's data over its own, one level deep", async () => {
    await send(
      { ...message, severity: 'critical' },
      {
        data: {
          channel: 'alerts',
          tag: 'disk',
          push: { sound: { name: 'default', critical: 1, volume: 1 } },
          actions: [{ action: 'URI', title: 'Grafana', uri: 'https://grafana.example' }],
        },
      },
    );
    expect(ha.calls[0]!.data.data).toEqual({
      url: message.url,
      clickAction: message.url,
      tag: 'disk',
      group: 'alert.firing',
      priority: 'high',
      ttl: 0,
      push: { 'interruption-level': 'time-sensitive', sound: { name: 'default', critical: 1, volume: 1 } },
      channel: 'alerts',
      actions: [{ action: 'URI', title: 'Grafana', uri: 'https://grafana.example' }],
    });
  });

  it('cuts the message at 2,000 and the title at 250 characters', async () => {
    await send({ ...message, title: 'T'.repeat(300), body: 'b'.repeat(3000) });
    expect((ha.calls[0]!.data.message as string).length).toBe(2000);
    expect((ha.calls[0]!.data.title as string).length).toBe(250);
  });

  it('disables the receiver when HA has no such service (400), with what to check', async () => {
    const outcome = await send(message, { service: 'mobile_app_old_phone' });
    expect(outcome).toMatchObject({ status: 'failed', disableReceiver: true, error: { httpStatus: 400 } });
    expect(errorText(outcome)).toContain('Developer tools → Actions');
  });

  it('fails a wrong token with a hint, never quoting it, and never disables the receiver for it', async () => {
    const wrong = 'eyJhbGciOiJIUzI1NiJ9.wrong.TokenValueThatIsWrong';
    const outcome = await send(message, {}, { token: wrong });
    expect(outcome).toMatchObject({ status: 'failed', error: { httpStatus: 401 } });
    expect(outcome).not.toHaveProperty('disableReceiver');
    expect(errorText(outcome)).toBe(
      'HTTP 401: 401: Unauthorized (the token is wrong or was deleted; create a long-lived access token in your HA profile → Security)',
    );
    ha.script({ status: 403, body: `banned, you sent ${ha.token}` });
    const banned = await send();
    expect(banned).toMatchObject({ status: 'failed', error: { httpStatus: 403 } });
    expect(errorText(banned)).not.toContain(ha.token);
  });

  it("fails a URL where nothing serves HA's API (404) without disabling the receiver", async () => {
    const ctx = context();
    const outcome = await homeAssistantChannel.send(
      { ...ctx, config: { ...ctx.config, url: `${ha.url}/sub` } },
      message,
    );
    expect(outcome).toMatchObject({ status: 'failed', error: { httpStatus: 404 } });
    expect(outcome).not.toHaveProperty('disableReceiver');
    expect(errorText(outcome)).toContain("check the target's url");
  });

  it('retries 5xx and 429 after Retry-After, a 2xx that is not HA’s answer, and a hung answer', async () => {
    ha.script(
      { status: 500, body: '500 Internal Server Error\n\nServer got itself in trouble' },
      { status: 503, headers: { 'retry-after': '20' }, body: 'starting' },
      { status: 200, body: '<html>captive portal</html>' },
      { hang: true },
    );
    expect(await send()).toMatchObject({ status: 'retry', error: { httpStatus: 500 } });
    expect(await send()).toMatchObject({ status: 'retry', retryAfterMs: 20_000 });
    expect(await send()).toMatchObject({ status: 'retry', error: { httpStatus: 200 } });
    const hung = await homeAssistantChannel.send({ ...context(), signal: AbortSignal.timeout(300) }, message);
    expect(hung).toMatchObject({ status: 'retry', error: { kind: 'transport' } });
    expect(ha.calls).toHaveLength(0);
  });

  it('writes no token into the log at trace level, sent or refused', async () => {
    const log = capturedLog(http);
    const ctx = { ...context(), http: log.http, logger: log.logger };
    await homeAssistantChannel.send(ctx, message);
    ha.script({ status: 500, body: `echo Bearer ${ha.token}` });
    const failed = await homeAssistantChannel.send(ctx, message);
    expect(failed.status).toBe('retry');
    log.logger.warn({ err: new Error(errorText(failed)) }, 'delivery failed');
    expect(log.lines.length).toBeGreaterThanOrEqual(3);
    for (const line of log.lines) expect(line).not.toContain(ha.token);
  });
});
