import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SendOutcome } from '../../src/channels/channel.ts';
import { gotifyChannel } from '../../src/channels/gotify/index.ts';
import type { RenderedMessage } from '../../src/render/message.ts';
import {
  createGuardedHttpClient,
  type GuardedHttpClient,
} from '../../src/security/http/ssrf-guarded-client.ts';
import { FakeGotify } from '../fakes/gotify/server.ts';
import { capturedLog } from './captured-log.ts';
import { message, sendContext } from './send-context.ts';

const appToken = 'AzyoeNS.D4iJLVa';

describe('the gotify channel', () => {
  let http: GuardedHttpClient;
  let gotify: FakeGotify;
  beforeAll(() => {
    http = createGuardedHttpClient({ allowPrivate: ['127.0.0.0/8'] });
  });
  afterAll(() => http.close());
  beforeEach(async () => {
    gotify = await new FakeGotify(appToken).start();
  });
  afterEach(() => gotify.close());

  async function send(
    msg: RenderedMessage = message,
    config: { server?: string; token?: string } = {},
    silent = false,
  ): Promise<SendOutcome> {
    const ctx = sendContext(http, { server: gotify.url, token: appToken, ...config }, {});
    return gotifyChannel.send({ ...ctx, options: { silent } }, msg);
  }

  const errorText = (outcome: SendOutcome) => (outcome.status === 'sent' ? '' : outcome.error.message);

  it('posts the message with the token in X-Gotify-Key, priority, markdown and click extras', async () => {
    const outcome = await send();
    expect(outcome).toEqual({ status: 'sent', httpStatus: 200, providerMessageId: '1' });
    const [request] = gotify.requests;
    expect(request!.path).toBe('/message');
    expect(request!.url).not.toContain(appToken);
    expect(request!.headers['x-gotify-key']).toBe(appToken);
    expect(gotify.messages[0]).toMatchObject({
      title: 'Disk almost full',
      message: '**/srv** is at 93 %',
      priority: 6,
      extras: {
        'client::display': { contentType: 'text/markdown' },
        'client::notification': { click: { url: 'https://grafana.example/d/disk' } },
      },
    });
  });

  it('leaves the extras out for plain text without a URL, and sends the title when the body is empty', async () => {
    await send({ ...message, format: 'text', url: null, body: '  ' });
    expect(gotify.messages[0]).toMatchObject({ message: 'Disk almost full', title: 'notify-bridge' });
    expect(gotify.messages[0]).not.toHaveProperty('extras');
  });

  it('shows a public image attachment as the big image, never one that needs credentials', async () => {
    const chart = { url: 'https://grafana.example/chart.png', contentType: 'image/png' };
    const secretChart = { ...chart, url: 'https://ci.example/private.png', headers: { authorization: 'x' } };
    await send({ ...message, attachments: [secretChart, chart] });
    expect(gotify.messages[0]!.extras!['client::notification']).toEqual({
      click: { url: 'https://grafana.example/d/disk' },
      bigImageUrl: chart.url,
    });
  });

  it.each([
    ['debug', 1],
    ['info', 5],
    ['warning', 6],
    ['error', 8],
    ['critical', 10],
  ] as const)('maps severity %s to priority %i', async (severity, priority) => {
    await send({ ...message, severity });
    expect(gotify.messages[0]!.priority).toBe(priority);
  });

  it('keeps a silent receiver at priority 3 or below (no sound on the phone)', async () => {
    await send({ ...message, severity: 'critical' }, {}, true);
    await send({ ...message, severity: 'debug' }, {}, true);
    expect(gotify.messages.map((m) => m.priority)).toEqual([3, 1]);
  });

  it('reaches a server under a path prefix', async () => {
    await send(message, { server: `${gotify.url}/gotify/` });
    expect(gotify.requests[0]!.path).toBe('/gotify/message');
  });

  it("fails on a wrong token with Gotify's words and a hint, never the token", async () => {
    const wrong = 'Awrong.Token99';
    const outcome = await send(message, { token: wrong });
    expect(outcome).toMatchObject({ status: 'failed', error: { kind: 'rejected', httpStatus: 401 } });
    expect(errorText(outcome)).toContain('HTTP 401: you need to provide a valid access token');
    expect(errorText(outcome)).toContain("it must be an application's token");
    expect(errorText(outcome)).not.toContain(wrong);
  });

  it('fails on a 400 and a 404, and keeps an echoed token out of the error', async () => {
    gotify.script(
      {
        status: 400,
        body: { error: 'Bad Request', errorCode: 400, errorDescription: `bad key ${appToken}` },
      },
      { status: 404, body: '<html>404 page not found</html>' },
    );
    const bad = await send();
    expect(bad).toMatchObject({ status: 'failed', error: { httpStatus: 400 } });
    expect(errorText(bad)).toBe('HTTP 400: bad key [redacted]');
    const missing = await send();
    expect(missing).toMatchObject({ status: 'failed', error: { httpStatus: 404 } });
    expect(errorText(missing)).toContain('check the server URL');
  });

  it('retries a 5xx, a 429 after its Retry-After, and a server that does not answer', async () => {
    gotify.script(
      { status: 502, body: 'bad gateway' },
      { status: 429, headers: { 'retry-after': '7' }, body: 'slow down' },
      { hang: true },
    );
    expect(await send()).toMatchObject({ status: 'retry', error: { kind: 'rejected', httpStatus: 502 } });
    expect(await send()).toMatchObject({ status: 'retry', retryAfterMs: 7000, error: { httpStatus: 429 } });
    const ctx = sendContext(http, { server: gotify.url, token: appToken }, {});
    const hung = await gotifyChannel.send({ ...ctx, signal: AbortSignal.timeout(300) }, message);
    expect(hung).toMatchObject({ status: 'retry', error: { kind: 'transport' } });
    expect(gotify.messages).toHaveLength(0);
  });

  it('fails on a redirect instead of carrying the token elsewhere', async () => {
    gotify.script({ status: 308, headers: { location: 'https://gotify.example/message' } });
    const outcome = await send();
    expect(outcome).toMatchObject({ status: 'failed', error: { httpStatus: 308 } });
    expect(errorText(outcome)).toContain('redirects to https://gotify.example');
  });

  it('writes no token into the log at trace level, sent or refused', async () => {
    const log = capturedLog(http);
    const base = sendContext(log.http, { server: gotify.url, token: appToken }, {});
    await gotifyChannel.send({ ...base, logger: log.logger }, message);
    gotify.script({ status: 500, body: `echo ${appToken}` });
    const failed = await gotifyChannel.send({ ...base, logger: log.logger }, message);
    log.logger.warn({ err: new Error(errorText(failed)) }, 'delivery failed');
    expect(log.lines.length).toBeGreaterThanOrEqual(3);
    for (const line of log.lines) expect(line).not.toContain(appToken);
  });
});
