import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/telemetry/logger.ts';
import { type ApiCall, apiAs } from '../api/api-client.ts';
import { FakeDiscord } from '../fakes/discord/server.ts';
import { FakeGotify } from '../fakes/gotify/server.ts';
import { FakeHomeAssistant } from '../fakes/home-assistant/server.ts';
import { FakeMatrix } from '../fakes/matrix/server.ts';
import { FakePushover } from '../fakes/pushover/server.ts';
import { FakeSlack } from '../fakes/slack/server.ts';
import { testDialects } from '../helpers/databases.ts';
import { startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';

const gotifyToken = 'AgotifyApp.Token42';

interface TestResult {
  status: string;
  providerMessageId?: string;
  error?: { kind: string; httpStatus?: number; message: string };
}

/**
 * The receiver test send (POST /targets/:id/receivers/:receiverId/test) through the real app, for the
 * HTTP channels, against their fakes: what the far side got, what the API answers, and that no secret is in
 * any response or log line at trace level.
 */
describe.each(testDialects)('a test send through the app on %s', (dialect) => {
  let t: TestApp;
  let api: ApiCall;
  let gotify: FakeGotify;
  let discord: FakeDiscord;
  let slack: FakeSlack;
  let pushover: FakePushover;
  let matrix: FakeMatrix;
  let homeAssistant: FakeHomeAssistant;
  let secrets: string[];
  const logLines: string[] = [];
  const responses: string[] = [];
  const call: ApiCall = async (method, url, body) => {
    const response = await api(method, url, body);
    responses.push(response.raw);
    return response as never;
  };

  beforeAll(async () => {
    const logger = createLogger({
      level: 'trace',
      destination: { write: (line: string) => void logLines.push(line) },
    });
    t = await startTestApp(dialect, {}, { logger });
    api = apiAs(t, testAdminToken);
    gotify = await new FakeGotify(gotifyToken).start();
    discord = await new FakeDiscord().start();
    slack = await new FakeSlack().start();
    pushover = await new FakePushover().start();
    matrix = await new FakeMatrix().start();
    homeAssistant = await new FakeHomeAssistant().start();
    secrets = [
      gotifyToken,
      discord.webhookToken,
      slack.webhookSecret,
      slack.botToken,
      pushover.token,
      matrix.accessToken,
      homeAssistant.token,
    ];
  });
  afterAll(async () => {
    await t.close();
    await gotify.close();
    await discord.close();
    await slack.close();
    await pushover.close();
    await matrix.close();
    await homeAssistant.close();
  });

  async function targetWithReceiver(kind: string, config: object, address: object = {}) {
    return (await targetWithReceivers(kind, config, [address]))[0]!;
  }

  async function targetWithReceivers(kind: string, config: object, addresses: object[]) {
    const target = await call<{ id: string; secretsSet: string[] }>('POST', '/targets', {
      kind,
      name: `${kind} test`,
      config,
    });
    expect(target.status, target.raw).toBe(201);
    const receivers = [];
    for (const address of addresses) {
      const receiver = await call<{ id: string }>('POST', `/targets/${target.body.id}/receivers`, {
        name: 'phone',
        address,
      });
      expect(receiver.status, receiver.raw).toBe(201);
      receivers.push({
        id: target.body.id,
        secretsSet: target.body.secretsSet,
        test: () => call<TestResult>('POST', `/targets/${target.body.id}/receivers/${receiver.body.id}/test`),
      });
    }
    return receivers;
  }

  it('gotify: sends the test message, seals the token, and reports a wrong token as rejected', async () => {
    const target = await targetWithReceiver('gotify', { server: gotify.url, token: gotifyToken });
    expect(target.secretsSet).toEqual(['token']);
    const sent = await target.test();
    expect(sent.body).toEqual({ status: 'sent', providerMessageId: '1' });
    expect(gotify.messages[0]!.message).toContain('notify-bridge test message');

    await call('PATCH', `/targets/${target.id}`, { config: { server: gotify.url, token: 'Awrong.Token' } });
    const refused = await target.test();
    expect(refused.body).toMatchObject({ status: 'failed', error: { kind: 'rejected', httpStatus: 401 } });
    gotify.script({ status: 503, headers: { 'retry-after': '30' }, body: 'maintenance' });
    await call('PATCH', `/targets/${target.id}`, { config: { server: gotify.url, token: gotifyToken } });
    expect((await target.test()).body).toMatchObject({ status: 'retry', retryAfterMs: 30_000 });
  });

  it('discord: seals the webhook URL, posts the test embed, and refuses a URL that is no webhook without quoting it', async () => {
    const target = await targetWithReceiver('discord', { url: discord.webhookUrl });
    expect(target.secretsSet).toEqual(['url']);
    const shown = await call<{ config: object }>('GET', `/targets/${target.id}`);
    expect(shown.body.config).toEqual({});
    const sent = await target.test();
    expect(sent.body).toEqual({ status: 'sent', providerMessageId: discord.posted[0]!.id });
    expect(JSON.stringify(discord.posted[0]!.payload)).toContain('notify-bridge test message');

    discord.script({
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 2.5, global: false },
    });
    expect((await target.test()).body).toMatchObject({ status: 'retry', retryAfterMs: 2500 });

    const bad = await call('POST', '/targets', {
      kind: 'discord',
      name: 'not a webhook',
      config: { url: `${discord.url}/channels/${discord.webhookToken}` },
    });
    expect(bad.status).toBe(400);
    expect(bad.raw).toContain('/webhooks/<id>/<token>');
  });

  it('slack: seals the webhook URL and the bot token, posts as a bot into a channel, and reports a channel the bot is not in', async () => {
    const hook = await targetWithReceiver('slack', { webhookUrl: slack.webhookUrl });
    expect(hook.secretsSet).toEqual(['webhookUrl']);
    expect((await hook.test()).body).toEqual({ status: 'sent' });
    expect(slack.posted[0]!.text).toContain('notify-bridge test message');

    const [ops, secret] = await targetWithReceivers(
      'slack',
      { botToken: slack.botToken, apiUrl: slack.apiUrl },
      [{ channel: 'C0OPS' }, { channel: 'C0SECRET' }],
    );
    expect(ops!.secretsSet).toEqual(['botToken']);
    expect((await ops!.test()).body).toEqual({ status: 'sent', providerMessageId: slack.posted[1]!.ts });
    expect(slack.posted[1]!.channel).toBe('C0OPS');
    expect((await secret!.test()).body).toMatchObject({
      status: 'failed',
      error: { code: 'not_in_channel' },
    });

    const both = await call('PATCH', `/targets/${hook.id}`, { config: { botToken: slack.botToken } });
    expect(both.status).toBe(400);
    expect(both.raw).toContain('send the one you drop as null');
    const switched = await call('PATCH', `/targets/${hook.id}`, {
      config: { webhookUrl: null, botToken: slack.botToken, apiUrl: slack.apiUrl },
    });
    expect(switched.status, switched.raw).toBe(200);

    const notHook = await call('POST', '/targets', {
      kind: 'slack',
      name: 'not a webhook',
      config: { webhookUrl: `${slack.url}/api/${slack.webhookSecret}` },
    });
    expect(notHook.status).toBe(400);
    expect(notHook.raw).toContain('/services/T…/B…/…');
  });

  it('pushover: seals the token, pushes the test message, and reports a wrong user key', async () => {
    const target = await targetWithReceiver(
      'pushover',
      { token: pushover.token, apiUrl: pushover.apiUrl },
      { user: pushover.userKey, sound: 'pushover' },
    );
    expect(target.secretsSet).toEqual(['token']);
    expect((await target.test()).body).toEqual({
      status: 'sent',
      providerMessageId: pushover.pushed[0]!.request,
    });
    expect(pushover.pushed[0]!.fields.message).toContain('notify-bridge test message');
    const wrong = await targetWithReceiver(
      'pushover',
      { token: pushover.token, apiUrl: pushover.apiUrl },
      { user: 'uWRONGpo4DXghDmr9QzzfQu27cmVRs' },
    );
    expect((await wrong.test()).body).toMatchObject({
      status: 'failed',
      error: { code: 'user', httpStatus: 400 },
    });
    const badKey = await call('POST', '/targets', {
      kind: 'pushover',
      name: 'x',
      config: { token: 'short' },
    });
    expect(badKey.status).toBe(400);
  });

  it('matrix: seals the access token, posts the test message into a room by alias, and reports a room it is not in', async () => {
    const [ops, secret] = await targetWithReceivers(
      'matrix',
      { homeserver: matrix.url, accessToken: matrix.accessToken },
      [{ room: '#ops:fake.test' }, { room: '!secret:fake.test' }],
    );
    expect(ops!.secretsSet).toEqual(['accessToken']);
    const shown = await call<{ config: object }>('GET', `/targets/${ops!.id}`);
    expect(shown.body.config).toEqual({ homeserver: matrix.url });
    const sent = await ops!.test();
    const [event] = matrix.eventsIn('!ops:fake.test');
    expect(sent.body).toEqual({ status: 'sent', providerMessageId: event!.eventId });
    expect(event!.content).toMatchObject({ msgtype: 'm.text', format: 'org.matrix.custom.html' });
    expect(event!.content.body).toContain('notify-bridge test message');
    expect((await secret!.test()).body).toMatchObject({
      status: 'failed',
      error: { code: 'M_FORBIDDEN', httpStatus: 403 },
    });
    const badRoom = await call('POST', `/targets/${ops!.id}/receivers`, {
      name: 'typo',
      address: { room: 'ops:fake.test' },
    });
    expect(badRoom.status).toBe(400);
  });

  it('homeassistant: seals the token, calls the notify service, and reports a service HA does not have', async () => {
    const [phone, gone] = await targetWithReceivers(
      'homeassistant',
      { url: homeAssistant.url, token: homeAssistant.token },
      [{ service: 'mobile_app_pixel_7', data: { channel: 'alerts' } }, { service: 'notify.mobile_app_gone' }],
    );
    expect(phone!.secretsSet).toEqual(['token']);
    expect((await phone!.test()).body).toEqual({ status: 'sent' });
    expect(homeAssistant.calls[0]).toMatchObject({
      service: 'mobile_app_pixel_7',
      data: { message: expect.stringContaining('notify-bridge test message'), data: { channel: 'alerts' } },
    });
    expect((await gone!.test()).body).toMatchObject({ status: 'failed', error: { httpStatus: 400 } });
    const bad = await call('POST', `/targets/${phone!.id}/receivers`, {
      name: 'typo',
      address: { service: 'mobile_app/../../states' },
    });
    expect(bad.status).toBe(400);
  });

  it('never had a secret in a response or a log line', () => {
    expect(logLines.length).toBeGreaterThan(5);
    for (const secret of secrets) {
      for (const text of [...responses, ...logLines]) expect(text).not.toContain(secret);
    }
  });
});
