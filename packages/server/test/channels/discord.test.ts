import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assertMatchesSchema } from '../../src/api/kind-config.ts';
import type { SendOutcome } from '../../src/channels/channel.ts';
import { DiscordTargetConfigSchema, discordChannel } from '../../src/channels/discord/index.ts';
import type { RenderedMessage } from '../../src/render/message.ts';
import {
  createGuardedHttpClient,
  type GuardedHttpClient,
} from '../../src/security/http/ssrf-guarded-client.ts';
import { FakeDiscord } from '../fakes/discord/server.ts';
import { HttpSink } from '../helpers/http-sink.ts';
import { capturedLog } from './captured-log.ts';
import { message, sendContext } from './send-context.ts';

describe('the discord channel', () => {
  let http: GuardedHttpClient;
  let discord: FakeDiscord;
  beforeAll(() => {
    http = createGuardedHttpClient({ allowPrivate: ['127.0.0.0/8'] });
  });
  afterAll(() => http.close());
  beforeEach(async () => {
    discord = await new FakeDiscord().start();
  });
  afterEach(() => discord.close());

  function context(config: Record<string, unknown> = {}, address: { threadId?: string } = {}) {
    return sendContext(http, { url: discord.webhookUrl, ...config }, address);
  }
  async function send(
    msg: RenderedMessage = message,
    options: { config?: Record<string, unknown>; address?: { threadId?: string }; silent?: boolean } = {},
  ): Promise<SendOutcome> {
    const ctx = context(options.config, options.address);
    return discordChannel.send({ ...ctx, options: { silent: options.silent === true } }, msg);
  }
  const errorText = (outcome: SendOutcome) => (outcome.status === 'sent' ? '' : outcome.error.message);
  const embed = () => (discord.posted.at(-1)!.payload.embeds as Record<string, unknown>[])[0]!;

  it('posts one embed with title, description, link, colour, time and footer, and gets the message id', async () => {
    const outcome = await send();
    expect(outcome).toEqual({ status: 'sent', httpStatus: 200, providerMessageId: discord.posted[0]!.id });
    expect(discord.requests[0]!.query.get('wait')).toBe('true');
    expect(discord.requests[0]!.headers['content-type']).toBe('application/json');
    expect(discord.posted[0]!.payload).toEqual({
      embeds: [
        {
          title: 'Disk almost full',
          description: '**/srv** is at 93 %',
          url: 'https://grafana.example/d/disk',
          color: 0xf1c40f,
          timestamp: '2026-11-22T11:59:00.000Z',
          fields: [{ name: 'Tags', value: 'disk, srv', inline: true }],
          footer: { text: 'alert.firing' },
        },
      ],
      allowed_mentions: { parse: [] },
    });
  });

  it.each([
    ['debug', 0x95a5a6],
    ['info', 0x3498db],
    ['error', 0xe74c3c],
    ['critical', 0x992d22],
  ] as const)('colours severity %s', async (severity, color) => {
    await send({ ...message, severity });
    expect(embed().color).toBe(color);
  });

  it('escapes markdown in a text template, and names the webhook and its avatar when configured', async () => {
    await send(
      { ...message, format: 'text', body: 'rm *.tmp in _cache_', tags: [], url: null },
      { config: { username: 'Backups', avatarUrl: 'https://example.com/a.png' } },
    );
    expect(embed().description).toBe('rm \\*\\.tmp in \\_cache\\_');
    expect(embed()).not.toHaveProperty('fields');
    expect(embed()).not.toHaveProperty('url');
    expect(discord.posted[0]!.payload).toMatchObject({
      username: 'Backups',
      avatar_url: 'https://example.com/a.png',
    });
  });

  it('cuts the title and description to the embed limits, counting as Discord does (UTF-16)', async () => {
    const outcome = await send({ ...message, title: '😀'.repeat(300), body: 'x'.repeat(5000) });
    expect(outcome.status).toBe('sent');
    expect((embed().title as string).length).toBeLessThanOrEqual(256);
    expect(embed().title).toMatch(/^(😀)+…$/);
    expect((embed().description as string).length).toBe(4096);
  });

  it('suppresses the notification for a silent receiver and posts into its thread', async () => {
    await send(message, { silent: true, address: { threadId: '998877665544332211' } });
    expect(discord.posted[0]).toMatchObject({ threadId: '998877665544332211', payload: { flags: 4096 } });
  });

  it('uploads attachments as multipart files, shows the first image in the embed, and skips what it cannot get', async () => {
    const files = await new HttpSink().start();
    try {
      files.respondWith(
        { status: 200, headers: { 'content-type': 'image/png' }, body: 'PNG-BYTES' },
        { status: 404, body: 'gone' },
      );
      const outcome = await send({
        ...message,
        attachments: [
          { name: 'report.txt', contentType: 'text/plain', data: Buffer.from('all good').toString('base64') },
          { url: `${files.url}/charts/disk.png` },
          { url: `${files.url}/missing.png` },
        ],
      });
      expect(outcome).toMatchObject({
        status: 'sent',
        detail: { skippedFiles: [{ index: 2, reason: 'download failed: HTTP 404' }] },
      });
      const [posted] = discord.posted;
      expect(discord.requests[0]!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
      expect(posted!.files.map((f) => [f.field, f.name, f.contentType, f.bytes.toString()])).toEqual([
        ['files[0]', 'report.txt', 'text/plain', 'all good'],
        ['files[1]', 'disk.png', 'image/png', 'PNG-BYTES'],
      ]);
      expect(posted!.payload.attachments).toEqual([
        { id: 0, filename: 'report.txt' },
        { id: 1, filename: 'disk.png' },
      ]);
      expect(embed().image).toEqual({ url: 'attachment://disk.png' });
    } finally {
      await files.close();
    }
  });

  it('waits for a file that fails for now, unless this is the last attempt', async () => {
    const files = await new HttpSink().start();
    try {
      files.respondAlways({ status: 503 });
      const msg = { ...message, attachments: [{ url: `${files.url}/chart.png` }] };
      expect(await send(msg)).toMatchObject({ status: 'retry', error: { kind: 'transport' } });
      expect(discord.posted).toHaveLength(0);
      const last = { ...context(), lastAttempt: true };
      expect(await discordChannel.send(last, msg)).toMatchObject({ status: 'sent' });
      expect(discord.posted[0]!.files).toHaveLength(0);
    } finally {
      await files.close();
    }
  });

  it('honours a 429: the body retry_after in fractional seconds, and names the scope and bucket', async () => {
    discord.script(
      {
        status: 429,
        headers: { 'retry-after': '2', 'x-ratelimit-scope': 'shared', 'x-ratelimit-bucket': 'abcd1234' },
        body: { message: 'You are being rate limited.', retry_after: 1.337, global: false },
      },
      { status: 429, headers: { 'x-ratelimit-reset-after': '4.5', 'x-ratelimit-global': 'true' }, body: '' },
    );
    const first = await send();
    expect(first).toMatchObject({ status: 'retry', retryAfterMs: 1337, error: { httpStatus: 429 } });
    expect(errorText(first)).toBe('HTTP 429: You are being rate limited. (scope shared, bucket abcd1234)');
    const second = await send();
    expect(second).toMatchObject({ status: 'retry', retryAfterMs: 4500 });
    expect(errorText(second)).toContain('scope global');
  });

  it('retries a 5xx and a server that does not answer', async () => {
    discord.script({ status: 502, body: 'bad gateway' }, { hang: true });
    expect(await send()).toMatchObject({ status: 'retry', error: { httpStatus: 502 } });
    const hung = await discordChannel.send({ ...context(), signal: AbortSignal.timeout(300) }, message);
    expect(hung).toMatchObject({ status: 'retry', error: { kind: 'transport' } });
  });

  it('disables the receiver when the webhook is deleted or its thread is gone', async () => {
    const deleted = await send(message, {
      config: { url: discord.webhookUrl.replace(discord.webhookId, '42') },
    });
    expect(deleted).toMatchObject({ status: 'failed', disableReceiver: true, error: { code: '10015' } });
    expect(errorText(deleted)).toContain('Unknown Webhook (Discord code 10015)');
    expect(errorText(deleted)).toContain('the webhook was deleted');
    const noThread = await send(message, { address: { threadId: '1' } });
    expect(noThread).toMatchObject({ status: 'failed', disableReceiver: true, error: { code: '10003' } });
  });

  it('fails on a wrong token and an invalid form body, naming the field, and never quotes the URL', async () => {
    const token = discord.webhookToken;
    const wrong = await send(message, {
      config: { url: discord.webhookUrl.replace(token, 'wrongtoken123') },
    });
    expect(wrong).toMatchObject({ status: 'failed', error: { httpStatus: 401, code: '50027' } });
    expect(errorText(wrong)).toContain('Invalid Webhook Token (Discord code 50027) (check the webhook URL');
    expect(wrong).not.toHaveProperty('disableReceiver');
    discord.script({
      status: 400,
      body: {
        code: 50035,
        message: 'Invalid Form Body',
        errors: {
          embeds: {
            0: { url: { _errors: [{ code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' }] } },
          },
        },
      },
    });
    const invalid = await send();
    expect(errorText(invalid)).toBe(
      'HTTP 400: Invalid Form Body (Discord code 50035): embeds.0.url: Not a well formed URL.',
    );
    discord.script({ status: 400, body: { message: `bad request to ${discord.webhookUrl}`, code: 0 } });
    const echoed = await send();
    expect(errorText(echoed)).not.toContain(token);
    expect(errorText(echoed)).toContain('[redacted]');
  });

  it('writes neither the webhook URL nor its token into the log at trace level', async () => {
    const log = capturedLog(http);
    const ctx = { ...sendContext(log.http, { url: discord.webhookUrl }, {}), logger: log.logger };
    await discordChannel.send(ctx, message);
    discord.script({ status: 500, body: `upstream ${discord.webhookUrl}` }, { hang: true });
    const failed = await discordChannel.send(ctx, message);
    const hung = await discordChannel.send({ ...ctx, signal: AbortSignal.timeout(200) }, message);
    for (const outcome of [failed, hung])
      log.logger.warn({ err: new Error(errorText(outcome)) }, 'attempt failed');
    expect(log.lines.length).toBeGreaterThanOrEqual(5);
    for (const line of log.lines) expect(line).not.toContain(discord.webhookToken);
  });

  it('accepts only webhook URLs, and never repeats the URL in the validation error', () => {
    const check = (value: object) =>
      assertMatchesSchema(
        DiscordTargetConfigSchema,
        value,
        '/config',
        'config of kind "discord"',
        'the kinds',
      );
    const valid = 'https://discord.com/api/webhooks/123/abc-DEF_1';
    expect(() => check({ url: valid })).not.toThrow();
    for (const url of [
      'https://discord.com/channels/123/456',
      `${valid}?thread_id=5`,
      'https://user:pw@discord.com/api/webhooks/1/secret-token',
    ]) {
      let text = '';
      try {
        check({ url });
      } catch (error) {
        text = JSON.stringify(error) + String(error);
      }
      expect(text).toContain('url');
      expect(text).not.toContain('abc-DEF_1');
      expect(text).not.toContain('secret-token');
    }
  });
});
