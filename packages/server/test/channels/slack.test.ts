import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SendOutcome } from '../../src/channels/channel.ts';
import { slackChannel } from '../../src/channels/slack/index.ts';
import { escapeMrkdwn } from '../../src/channels/slack/message-payload.ts';
import type { RenderedMessage } from '../../src/render/message.ts';
import {
  createGuardedHttpClient,
  type GuardedHttpClient,
} from '../../src/security/http/ssrf-guarded-client.ts';
import { FakeSlack } from '../fakes/slack/server.ts';
import { capturedLog } from './captured-log.ts';
import { message, sendContext } from './send-context.ts';

describe('the slack channel', () => {
  let http: GuardedHttpClient;
  let slack: FakeSlack;
  beforeAll(() => {
    http = createGuardedHttpClient({ allowPrivate: ['127.0.0.0/8'] });
  });
  afterAll(() => http.close());
  beforeEach(async () => {
    slack = await new FakeSlack().start();
  });
  afterEach(() => slack.close());

  const viaWebhook = (msg: RenderedMessage = message, address: object = {}) =>
    slackChannel.send(sendContext(http, { webhookUrl: slack.webhookUrl }, address), msg);
  const viaBot = (address: object, msg: RenderedMessage = message, botToken = slack.botToken) =>
    slackChannel.send(sendContext(http, { botToken, apiUrl: slack.apiUrl }, address), msg);
  const errorText = (outcome: SendOutcome) => (outcome.status === 'sent' ? '' : outcome.error.message);

  it('posts blocks through an incoming webhook: header, body, context, button, and a fallback text', async () => {
    expect(await viaWebhook()).toEqual({ status: 'sent' });
    const [posted] = slack.posted;
    expect(posted!.via).toBe('webhook');
    expect(posted!.text).toBe('Disk almost full: **/srv** is at 93 %');
    expect(posted!.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Disk almost full', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: '**/srv** is at 93 %' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: '⚠️ warning · alert.firing · disk, srv' }] },
      {
        type: 'actions',
        elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open' }, url: message.url }],
      },
    ]);
    expect(slack.requests[0]!.fields).toMatchObject({ unfurl_links: false, unfurl_media: false });
  });

  it('escapes what would ping or disguise a link, in the body and the fallback', async () => {
    await viaWebhook({ ...message, body: 'ping <!channel> & <@U123> <https://evil.example|bank>' });
    const section = slack.posted[0]!.blocks[1] as unknown as { text: { text: string } };
    expect(section.text.text).toBe(
      'ping &lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://evil.example|bank&gt;',
    );
    expect(slack.posted[0]!.text).not.toMatch(/<[!@h]/);
    expect(escapeMrkdwn('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
  });

  it('splits a long body into sections Slack accepts, cuts a long title, and shows a public image', async () => {
    const body = 'line of text\n'.repeat(700);
    const chart = { url: 'https://grafana.example/chart.png', contentType: 'image/png' };
    const secret = { ...chart, url: 'https://ci.example/p.png', headers: { authorization: 'x' } };
    const outcome = await viaWebhook({
      ...message,
      title: 'T'.repeat(200),
      body,
      attachments: [secret, chart],
    });
    expect(outcome).toEqual({ status: 'sent' });
    const blocks = slack.posted[0]!.blocks as { type: string; text?: { text: string }; image_url?: string }[];
    expect(blocks[0]!.text!.text).toHaveLength(150);
    const sections = blocks.filter((b) => b.type === 'section').map((b) => b.text!.text);
    expect(sections.length).toBe(4);
    for (const text of sections) expect(text.length).toBeLessThanOrEqual(3000);
    expect(sections.join('\n')).toBe(body.trim());
    expect(blocks.filter((b) => b.type === 'image').map((b) => b.image_url)).toEqual([chart.url]);
  });

  it('posts as a bot into a channel by id or #name, and into a thread, recording the message ts', async () => {
    const first = await viaBot({ channel: 'C0OPS' });
    expect(first).toEqual({ status: 'sent', providerMessageId: slack.posted[0]!.ts });
    expect(slack.requests[0]!.headers.authorization).toBe(`Bearer ${slack.botToken}`);
    await viaBot({ channel: '#general', threadTs: slack.posted[0]!.ts });
    expect(slack.posted[1]).toMatchObject({
      via: 'bot',
      channel: 'C0GENERAL',
      threadTs: slack.posted[0]!.ts,
    });
  });

  it.each([
    ['C0NOPE', 'channel_not_found'],
    ['C0SECRET', 'not_in_channel'],
    ['C0OLD', 'is_archived'],
  ])('disables the receiver when its channel %s answers %s', async (channel, code) => {
    const outcome = await viaBot({ channel });
    expect(outcome).toMatchObject({
      status: 'failed',
      disableReceiver: true,
      error: { code, kind: 'rejected' },
    });
    expect(errorText(outcome)).toContain('the receiver is disabled');
  });

  it('fails on a wrong bot token with a hint and never the token, and needs a channel', async () => {
    const wrong = 'xoxb-9999-wrong-TokenValue';
    const outcome = await viaBot({ channel: 'C0OPS' }, message, wrong);
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'invalid_auth' } });
    expect(errorText(outcome)).toBe('HTTP 200: invalid_auth (check botToken)');
    const none = await viaBot({});
    expect(none).toMatchObject({ status: 'failed', error: { kind: 'internal' } });
    expect(errorText(none)).toContain('address.channel');
    expect(slack.posted).toHaveLength(0);
  });

  it('disables the receiver when the webhook was removed, and refuses a channel in a webhook address', async () => {
    const gone = await slackChannel.send(
      sendContext(http, { webhookUrl: `${slack.url}/services/T0TEAM/B0HOOK/Removed0000` }, {}),
      message,
    );
    expect(gone).toMatchObject({
      status: 'failed',
      disableReceiver: true,
      error: { httpStatus: 404, code: 'no_service' },
    });
    expect(errorText(gone)).not.toContain('Removed0000');
    const addressed = await viaWebhook(message, { channel: '#ops' });
    expect(addressed).toMatchObject({ status: 'failed', error: { kind: 'internal' } });
  });

  it('retries a 429 after Retry-After, a 5xx, an API error Slack calls its own, and a hung answer', async () => {
    slack.script(
      { status: 429, headers: { 'retry-after': '12' }, body: 'rate_limited' },
      { status: 503, body: 'service_unavailable' },
      { status: 200, body: { ok: false, error: 'internal_error' } },
      { hang: true },
    );
    expect(await viaWebhook()).toMatchObject({
      status: 'retry',
      retryAfterMs: 12_000,
      error: { httpStatus: 429 },
    });
    expect(await viaWebhook()).toMatchObject({ status: 'retry', error: { httpStatus: 503 } });
    expect(await viaBot({ channel: 'C0OPS' })).toMatchObject({
      status: 'retry',
      error: { code: 'internal_error' },
    });
    const ctx = sendContext(http, { webhookUrl: slack.webhookUrl }, {});
    const hung = await slackChannel.send({ ...ctx, signal: AbortSignal.timeout(300) }, message);
    expect(hung).toMatchObject({ status: 'retry', error: { kind: 'transport' } });
    expect(slack.posted).toHaveLength(0);
  });

  it('fails a payload Slack refuses without retrying it', async () => {
    slack.script(
      { status: 400, body: 'invalid_blocks' },
      { status: 200, body: { ok: false, error: 'msg_too_long' } },
    );
    expect(await viaWebhook()).toMatchObject({
      status: 'failed',
      error: { httpStatus: 400, code: 'invalid_blocks' },
    });
    expect(await viaBot({ channel: 'C0OPS' })).toMatchObject({
      status: 'failed',
      error: { code: 'msg_too_long' },
    });
  });

  it('takes exactly one of webhookUrl and botToken', () => {
    expect(slackChannel.validateConfig!({ webhookUrl: slack.webhookUrl })).toBeUndefined();
    expect(slackChannel.validateConfig!({})).toContain('either webhookUrl');
    expect(
      slackChannel.validateConfig!({ webhookUrl: slack.webhookUrl, botToken: slack.botToken }),
    ).toContain('not both');
  });

  it('writes neither token nor webhook URL into the log at trace level, sent or refused', async () => {
    const log = capturedLog(http);
    const hook = sendContext(log.http, { webhookUrl: slack.webhookUrl }, {});
    const bot = sendContext(
      log.http,
      { botToken: slack.botToken, apiUrl: slack.apiUrl },
      { channel: 'C0OPS' },
    );
    await slackChannel.send({ ...hook, logger: log.logger }, message);
    await slackChannel.send({ ...bot, logger: log.logger }, message);
    slack.script(
      { status: 500, body: `echo ${slack.webhookSecret}` },
      { status: 200, body: { ok: false, error: `echo ${slack.botToken}` } },
    );
    for (const ctx of [hook, bot]) {
      const failed = await slackChannel.send({ ...ctx, logger: log.logger }, message);
      expect(failed.status).not.toBe('sent');
      log.logger.warn({ err: new Error(errorText(failed)) }, 'delivery failed');
    }
    expect(log.lines.length).toBeGreaterThanOrEqual(3);
    for (const line of log.lines) {
      expect(line).not.toContain(slack.webhookSecret);
      expect(line).not.toContain(slack.botToken);
    }
  });
});
