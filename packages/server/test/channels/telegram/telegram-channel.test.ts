import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { telegramChannel } from '../../../src/channels/telegram/index.ts';
import {
  createGuardedHttpClient,
  type GuardedHttpClient,
} from '../../../src/security/http/ssrf-guarded-client.ts';
import { FakeBotApi } from '../../fakes/telegram-bot-api/server.ts';
import { message, sendContext } from '../send-context.ts';

describe('the telegram channel (text) against the fake Bot API', () => {
  let http: GuardedHttpClient;
  let api: FakeBotApi;
  beforeAll(() => {
    http = createGuardedHttpClient({ allowPrivate: ['127.0.0.0/8'] });
  });
  afterAll(() => http.close());
  beforeEach(async () => {
    api = await new FakeBotApi().start();
  });
  afterEach(() => api.close());

  const send = (
    body: string,
    address: Record<string, unknown> = {},
    options: Record<string, unknown> = {},
  ) => {
    const ctx = sendContext(
      http,
      { token: api.token, apiRoot: api.url },
      { chatId: -1001234567890, ...address },
    );
    return telegramChannel.send({ ...ctx, options }, { ...message, format: 'html', body });
  };

  it('sends HTML to the chat and topic with the receiver options', async () => {
    const outcome = await send('<b>Disk</b> at 93 %', { threadId: 7 }, { silent: true });
    expect(outcome).toEqual({ status: 'sent', providerMessageId: '1' });
    expect(api.calls[0]).toMatchObject({
      method: 'sendMessage',
      params: {
        chat_id: -1001234567890,
        text: '<b>Disk</b> at 93 %',
        parse_mode: 'HTML',
        message_thread_id: 7,
        disable_notification: true,
        link_preview_options: { is_disabled: true },
      },
    });
  });

  it('escapes what Telegram does not allow and cuts long text so Telegram accepts it', async () => {
    const long = `<div>${'x'.repeat(5000)}</div> <script>`;
    const outcome = await send(long);
    expect(outcome.status).toBe('sent');
    const sent = String(api.calls[0]!.params.text);
    expect(sent.startsWith('&lt;div&gt;xxx')).toBe(true);
    expect(sent.endsWith('…')).toBe(true);
  });

  it('resends once as plain text when Telegram cannot parse the entities', async () => {
    api.failNext({ kind: 'parse_error' });
    const outcome = await send('<b>bold</b> text');
    expect(outcome).toMatchObject({ status: 'sent', detail: { fellBackToPlainText: true } });
    expect(api.calls).toHaveLength(2);
    expect(api.calls[1]!.params).toMatchObject({ text: 'bold text' });
    expect(api.calls[1]!.params).not.toHaveProperty('parse_mode');
  });

  it('counts a message Telegram accepted as sent even when the answer names no message_id', async () => {
    api.failNext({ kind: 'odd_answer', reshape: (result) => ({ ...(result as object), message_id: '7' }) });
    const outcome = await send('hello');
    expect(outcome).toEqual({
      status: 'sent',
      detail: { warnings: ['Telegram accepted the message, but its answer named no message_id'] },
    });
    expect(api.calls).toHaveLength(1);
  });

  it.each([
    [
      { kind: 'retry_after', seconds: 1.5 },
      { status: 'retry', retryAfterMs: 1500 },
    ],
    [{ kind: 'blocked' }, { status: 'failed', disableReceiver: true, error: { httpStatus: 403 } }],
    [
      { kind: 'thread_not_found' },
      { status: 'failed', error: { message: 'Telegram 400: Bad Request: message thread not found' } },
    ],
    [{ kind: 'server_error' }, { status: 'retry', error: { httpStatus: 502 } }],
  ] as const)('maps %j to %j', async (failure, expected) => {
    api.failNext(failure);
    const outcome = await send('hello');
    expect(outcome).toMatchObject(expected);
    if (outcome.status !== 'sent') expect(outcome.error.message).not.toContain(api.token);
  });

  it('is a transient failure when the Bot API cannot be reached', async () => {
    const ctx = sendContext(http, { token: api.token, apiRoot: 'http://127.0.0.1:1' }, { chatId: 1 });
    const outcome = await telegramChannel.send(ctx, { ...message, format: 'html', body: 'x' });
    expect(outcome).toMatchObject({ status: 'retry', error: { kind: 'transport' } });
  });

  it('gives up when the Bot API does not answer within the send budget, as a transient failure', async () => {
    api.failNext({ kind: 'timeout', ms: Number.POSITIVE_INFINITY });
    const ctx = sendContext(http, { token: api.token, apiRoot: api.url }, { chatId: 1 });
    const started = Date.now();
    const outcome = await telegramChannel.send(
      { ...ctx, signal: AbortSignal.timeout(300) },
      { ...message, format: 'html', body: 'x' },
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(outcome).toMatchObject({ status: 'retry', error: { kind: 'transport' } });
  });
});
