import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SendOutcome } from '../../src/channels/channel.ts';
import { pushoverChannel } from '../../src/channels/pushover/index.ts';
import type { RenderedMessage } from '../../src/render/message.ts';
import {
  createGuardedHttpClient,
  type GuardedHttpClient,
} from '../../src/security/http/ssrf-guarded-client.ts';
import { FakePushover } from '../fakes/pushover/server.ts';
import { capturedLog } from './captured-log.ts';
import { message, sendClock, sendContext } from './send-context.ts';

const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

describe('the pushover channel', () => {
  let http: GuardedHttpClient;
  let pushover: FakePushover;
  beforeAll(() => {
    http = createGuardedHttpClient({ allowPrivate: ['127.0.0.0/8'] });
  });
  afterAll(() => http.close());
  beforeEach(async () => {
    pushover = await new FakePushover().start();
  });
  afterEach(() => pushover.close());

  function send(
    msg: RenderedMessage = message,
    address: Record<string, unknown> = {},
    options: { silent?: boolean; token?: string; lastAttempt?: boolean } = {},
  ): Promise<SendOutcome> {
    const ctx = sendContext(
      http,
      { token: options.token ?? pushover.token, apiUrl: pushover.apiUrl },
      { user: pushover.userKey, ...address },
      undefined,
      undefined,
      options.lastAttempt,
    );
    return pushoverChannel.send({ ...ctx, options: { silent: options.silent === true } }, msg);
  }
  const errorText = (outcome: SendOutcome) => (outcome.status === 'sent' ? '' : outcome.error.message);

  it('pushes title, message, priority, the event time and its URL, and records the request id', async () => {
    const outcome = await send();
    expect(outcome).toEqual({ status: 'sent', providerMessageId: pushover.pushed[0]!.request });
    expect(pushover.pushed[0]!.fields).toEqual({
      token: pushover.token,
      user: pushover.userKey,
      title: 'Disk almost full',
      message: '**/srv** is at 93 %',
      priority: 0,
      timestamp: Math.floor(message.occurredAt / 1000),
      url: message.url,
      url_title: 'Open',
    });
    expect(pushover.requests[0]!.url).toBe('/1/messages.json');
  });

  it.each([
    ['debug', -1],
    ['info', 0],
    ['warning', 0],
    ['error', 1],
    ['critical', 1],
  ] as const)('maps severity %s to priority %i', async (severity, priority) => {
    await send({ ...message, severity });
    expect(pushover.pushed[0]!.fields.priority).toBe(priority);
  });

  it('sends critical events as emergencies with retry and expire when the receiver asks, keeping the receipt', async () => {
    const outcome = await send(
      { ...message, severity: 'critical' },
      { emergency: { retry: 60, expire: 3600 } },
    );
    expect(pushover.pushed[0]!.fields).toMatchObject({ priority: 2, retry: 60, expire: 3600 });
    expect(outcome).toEqual({ status: 'sent', providerMessageId: pushover.pushed[0]!.receipt });
    await send({ ...message, severity: 'error' }, { emergency: { retry: 60, expire: 3600 } });
    expect(pushover.pushed[1]!.fields).toMatchObject({ priority: 1 });
    expect(pushover.pushed[1]!.fields).not.toHaveProperty('retry');
  });

  it('keeps a silent receiver at -1 (no sound), even for an emergency, and passes device and sound', async () => {
    await send(
      { ...message, severity: 'critical' },
      { emergency: { retry: 60, expire: 3600 }, device: 'phone,tab', sound: 'siren' },
      { silent: true },
    );
    expect(pushover.pushed[0]!.fields).toMatchObject({ priority: -1, device: 'phone,tab', sound: 'siren' });
  });

  it('cuts the message at 1,024 and the title at 250 characters, and sends the title alone as the message', async () => {
    await send({ ...message, title: 'T'.repeat(300), body: 'b'.repeat(2000) });
    expect((pushover.pushed[0]!.fields.message as string).length).toBe(1024);
    expect((pushover.pushed[0]!.fields.title as string).length).toBe(250);
    await send({ ...message, body: '' });
    expect(pushover.pushed[1]!.fields).toMatchObject({ message: 'Disk almost full' });
    expect(pushover.pushed[1]!.fields).not.toHaveProperty('title');
  });

  it('attaches the first image, and records a file it could not take instead of failing', async () => {
    const image = { name: 'chart.png', contentType: 'image/png', data: png.toString('base64') };
    const log = { name: 'log.txt', contentType: 'text/plain', data: 'aGk=' };
    await send({ ...message, attachments: [log, image] });
    expect(pushover.pushed[0]!.image).toEqual({ type: 'image/png', bytes: png });
    const huge = { ...image, data: Buffer.alloc(6 * 1024 * 1024).toString('base64') };
    const outcome = await send({ ...message, attachments: [huge] });
    expect(outcome).toMatchObject({
      status: 'sent',
      detail: { skippedFiles: [{ index: 0, reason: 'larger than the 5 MB the channel accepts' }] },
    });
    expect(pushover.pushed[1]!.image).toBeUndefined();
  });

  it('disables the receiver on a wrong user key and fails a wrong token with a hint, quoting neither', async () => {
    const wrongUser = 'uWRONGpo4DXghDmr9QzzfQu27cmVRs';
    const user = await send(message, { user: wrongUser });
    expect(user).toMatchObject({
      status: 'failed',
      disableReceiver: true,
      error: { httpStatus: 400, code: 'user' },
    });
    expect(errorText(user)).toBe(
      "HTTP 400: user identifier is not a valid user, group, or subscribed user key (fix the receiver's user key; the receiver is disabled)",
    );
    const wrongToken = 'aWRONGePK8gMaC0QOYAMyEEuzJnyUi';
    const token = await send(message, {}, { token: wrongToken });
    expect(token).toMatchObject({ status: 'failed', error: { code: 'token' } });
    expect(token).not.toHaveProperty('disableReceiver');
    expect(errorText(token)).toContain('check the target token');
    pushover.script({
      status: 400,
      body: { status: 0, errors: [`bad ${pushover.token} for ${pushover.userKey}`] },
    });
    const echoed = await send();
    expect(errorText(echoed)).toBe('HTTP 400: bad [redacted] for [redacted]');
  });

  it('waits for the monthly limit to reset on 429, retries 5xx and a hung answer', async () => {
    const reset = Math.floor(sendClock.now() / 1000) + 3600;
    pushover.script(
      {
        status: 429,
        headers: { 'x-limit-app-reset': String(reset) },
        body: { status: 0, errors: ['application is over its monthly message limit'] },
      },
      { status: 500, body: 'oops' },
      { hang: true },
    );
    const limited = await send();
    expect(limited).toMatchObject({
      status: 'retry',
      retryAfterMs: reset * 1000 - sendClock.now(),
      error: { httpStatus: 429 },
    });
    expect(errorText(limited)).toContain('monthly message limit');
    expect(await send()).toMatchObject({ status: 'retry', error: { httpStatus: 500 } });
    const ctx = sendContext(
      http,
      { token: pushover.token, apiUrl: pushover.apiUrl },
      { user: pushover.userKey },
    );
    expect(await pushoverChannel.send({ ...ctx, signal: AbortSignal.timeout(300) }, message)).toMatchObject({
      status: 'retry',
      error: { kind: 'transport' },
    });
    expect(pushover.pushed).toHaveLength(0);
  });

  it('retries a 2xx that is not Pushover’s answer (a captive portal), never counting it as sent', async () => {
    pushover.script({ status: 200, body: '<html>log in to the wifi</html>' });
    expect(await send()).toMatchObject({ status: 'retry', error: { httpStatus: 200 } });
  });

  it('writes neither token nor user key into the log at trace level', async () => {
    const log = capturedLog(http);
    const ctx = sendContext(
      log.http,
      { token: pushover.token, apiUrl: pushover.apiUrl },
      { user: pushover.userKey },
    );
    await pushoverChannel.send({ ...ctx, logger: log.logger }, message);
    pushover.script({ status: 503, body: `echo ${pushover.token} ${pushover.userKey}` });
    const failed = await pushoverChannel.send({ ...ctx, logger: log.logger }, message);
    log.logger.warn({ err: new Error(errorText(failed)) }, 'delivery failed');
    expect(log.lines.length).toBeGreaterThanOrEqual(3);
    for (const line of log.lines) {
      expect(line).not.toContain(pushover.token);
      expect(line).not.toContain(pushover.userKey);
    }
  });
});
