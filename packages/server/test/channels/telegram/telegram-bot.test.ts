import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.ts';
import { manualClock } from '../../../src/domain/clock.ts';
import { createMember } from '../../api/api-client.ts';
import { FakeBotApi, type IncomingChatMessage } from '../../fakes/telegram-bot-api/server.ts';
import { testDialects } from '../../helpers/databases.ts';
import { eventually } from '../../helpers/http-sink.ts';
import { hookSecret } from '../../helpers/pipeline-setup.ts';
import { startAnotherNode, startTestApp, type TestApp } from '../../helpers/test-app.ts';

const scanMs = 100;
const fast = { NB_RETRY_BASE_MS: '50', NB_POLL_INTERVAL_MS: '50', NB_INBOUND_SCAN_MS: String(scanMs) };
const user = { id: 501, first_name: 'Ann', language_code: 'en' };

describe.each(testDialects)('the Telegram bot on %s', (dialect) => {
  let t: TestApp;
  let api: FakeBotApi;
  let baseUrl: string;
  let sourceId: string;
  let targetId: string;
  let receiverId: string;
  const chatId = 42;

  beforeAll(async () => {
    api = await new FakeBotApi().start();
    t = await startTestApp(dialect, fast);
    baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
    sourceId = (
      await t.api<{ id: string }>('POST', '/api/v1/sources', {
        kind: 'webhook',
        name: 'nas',
        config: { auth: { mode: 'bearer' }, secret: hookSecret },
      })
    ).body.id;
    targetId = (
      await t.api<{ id: string }>('POST', '/api/v1/targets', {
        kind: 'telegram',
        name: 'family bot',
        config: { token: api.token, apiRoot: api.url },
      })
    ).body.id;
    receiverId = (
      await t.api<{ id: string }>('POST', `/api/v1/targets/${targetId}/receivers`, {
        name: 'family chat',
        address: { chatId },
        options: { timeZone: 'Europe/Berlin' },
      })
    ).body.id;
    const rule = await t.api('POST', '/api/v1/rules', {
      name: 'disk alerts',
      sourceIds: [sourceId],
      eventTypes: ['**'],
      receiverIds: [receiverId],
    });
    expect(rule.status).toBe(201);
    // The bot is up once it has registered its menus and polls.
    await eventually(async () => (api.calls.some((c) => c.method === 'getUpdates') ? true : undefined));
  });
  afterAll(async () => {
    await t.close();
    await api.close();
  });

  const post = (title: string) =>
    fetch(`${baseUrl}/hooks/${sourceId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hookSecret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title, message: 'from the NAS' }),
    });
  const repliesTo = (chat: number) => api.messagesTo(chat).filter((m) => m.method === 'sendMessage');
  /** Sends a command as a user and waits for the bot's answer. */
  async function command(
    text: string,
    chat: IncomingChatMessage['chat'] = { id: chatId, type: 'group', title: 'Family' },
  ) {
    const before = repliesTo(chat.id).length;
    api.pushMessage({ chat, from: user, text });
    return eventually(async () => repliesTo(chat.id)[before]?.text);
  }
  async function deliveriesOf(title: string) {
    return t.app.database.db
      .selectFrom('deliveries')
      .innerJoin('events', 'events.id', 'deliveries.event_id')
      .select(['deliveries.status', 'deliveries.due_at', 'deliveries.last_error'])
      .where('events.title', '=', title)
      .execute();
  }

  it('registers its commands in English and Russian', () => {
    const menus = api.calls.filter((c) => c.method === 'setMyCommands');
    expect(menus.map((c) => c.params.language_code ?? 'default').sort()).toEqual(['default', 'ru']);
    const commands = (menus[0]!.params.commands as { command: string }[]).map((c) => c.command);
    expect(commands).toEqual(['start', 'help', 'status', 'last', 'rules', 'mute', 'snooze', 'unmute']);
  });

  it('offers an unknown chat as a receiver candidate and tells it its chat id', async () => {
    const stranger = { id: -100777, type: 'supergroup' as const, title: 'Ops <team>', is_forum: true };
    api.pushMessage({ chat: stranger, from: user, text: 'hello bot', message_thread_id: 9 });
    const reply = await command('/status', stranger);
    expect(reply).toContain('-100777');
    const candidates = await t.api<{ items: Record<string, unknown>[] }>(
      'GET',
      `/api/v1/targets/${targetId}/candidates`,
    );
    expect(candidates.body.items).toEqual([
      expect.objectContaining({
        key: '-100777',
        address: { chatId: -100777 },
        title: 'Ops <team>',
        chatType: 'supergroup',
      }),
    ]);
  });

  it('answers /start, /help, /rules and /last in a receiver chat', async () => {
    expect(await command('/start')).not.toContain(String(chatId));
    expect(await command('/help')).toContain('/mute');
    expect(await command('/rules')).toContain('disk alerts');
    expect((await post('Disk 93 %')).status).toBe(202);
    await eventually(async () =>
      repliesTo(chatId).some((m) => m.text?.includes('Disk 93 %')) ? true : undefined,
    );
    expect(await command('/last')).toContain('Disk 93 %');
  });

  it('answers /last and /status with this target’s deliveries only, never another owner’s to the same chat', async () => {
    // Bob runs a bot of his own in the same group: what his bot sent is his, not the family bot's to tell.
    const bobsApi = await new FakeBotApi().start();
    try {
      const bob = await createMember(t, 'bob');
      const target = await bob.api<{ id: string }>('POST', '/targets', {
        kind: 'telegram',
        name: 'bob’s bot',
        config: { token: bobsApi.token, apiRoot: bobsApi.url },
      });
      const receiver = await bob.api<{ id: string }>('POST', `/targets/${target.body.id}/receivers`, {
        name: 'the group',
        address: { chatId },
      });
      const source = await bob.api<{ id: string }>('POST', '/sources', {
        kind: 'webhook',
        name: 'bob’s scripts',
        config: { auth: { mode: 'none' } },
      });
      await bob.api('POST', '/rules', {
        name: 'bob’s rule',
        sourceIds: [source.body.id],
        receiverIds: [receiver.body.id],
      });
      await t.app.ingestor.ingest(source.body.id, [
        { type: 'backup.done', title: 'Bob’s private backup', body: '', severity: 'info', data: null },
      ]);
      await eventually(async () =>
        bobsApi.messagesTo(chatId).some((m) => m.text?.includes('Bob’s private backup')) ? true : undefined,
      );
      const last = await command('/last');
      expect(last).not.toContain('Bob’s private backup');
      expect(await command('/rules')).not.toContain('bob’s rule');
      expect(await command('/status')).not.toContain('Bob');
    } finally {
      await bobsApi.close();
    }
  });

  it('mutes the chat: deliveries are dropped and recorded as such, until /unmute', async () => {
    const muted = await command('/mute 2h');
    expect(muted).toMatch(/\d{2}:\d{2}/);
    const silences = await t.api<{ items: { mode: string; createdBy: string }[] }>(
      'GET',
      `/api/v1/silences?receiverId=${receiverId}&active=true`,
    );
    expect(silences.body.items).toEqual([
      expect.objectContaining({ mode: 'drop', createdBy: `telegram:${chatId}:${user.id}` }),
    ]);
    expect((await post('while muted')).status).toBe(202);
    const [dropped] = await eventually(async () => {
      const rows = await deliveriesOf('while muted');
      return rows[0]?.status === 'dropped' ? rows : undefined;
    });
    expect(dropped!.last_error).toContain('silenced');
    expect(repliesTo(chatId).some((m) => m.text?.includes('while muted'))).toBe(false);

    const status = await command('/status');
    expect(status).toContain('This chat, last 24 hours');
    expect(status).toContain('muted until');
    expect(await command('/unmute')).toContain('1');
    // The bot's changes are in the audit log, made by nobody signed in, via the bot.
    const audit = await t.api<{ items: { action: string; via: string; actorId: null; changes: object }[] }>(
      'GET',
      '/api/v1/audit?resourceType=silence',
    );
    expect(audit.body.items.slice(0, 2)).toEqual([
      expect.objectContaining({ action: 'silence.end', via: 'bot', actorId: null }),
      expect.objectContaining({
        action: 'silence.create',
        via: 'bot',
        changes: { after: expect.objectContaining({ createdBy: `telegram:${chatId}:${user.id}` }) },
      }),
    ]);
    expect((await post('after unmute')).status).toBe(202);
    await eventually(async () =>
      repliesTo(chatId).some((m) => m.text?.includes('after unmute')) ? true : undefined,
    );
  });

  it('snoozes the chat: deliveries wait for the end of the snooze instead', async () => {
    expect(await command('/snooze 1h')).toBeTruthy();
    expect((await post('while snoozed')).status).toBe(202);
    const [deferred] = await eventually(async () => {
      const rows = await deliveriesOf('while snoozed');
      return rows[0]?.status === 'pending' && rows[0].due_at > Date.now() + 30 * 60_000 ? rows : undefined;
    });
    expect(deferred).toBeDefined();
    expect(await command('/unmute')).toBeTruthy();
    await eventually(async () =>
      repliesTo(chatId).some((m) => m.text?.includes('while snoozed')) ? true : undefined,
    );
  });

  it('tells what it accepts when /mute gets nonsense', async () => {
    expect(await command('/mute forever and ever')).toContain('2h');
  });

  it('does not replay a command after a restart in the middle of long polling', async () => {
    const before = repliesTo(chatId).length;
    expect(await command('/help')).toBeTruthy();
    // The node stops while its getUpdates call is waiting; a command arrives while nobody polls.
    await t.app.close();
    const rules = api.pushMessage({
      chat: { id: chatId, type: 'group', title: 'Family' },
      from: user,
      text: '/rules',
    });
    const restarted = await startAnotherNode(t);
    try {
      // The new node has handled all it was given once it waits in a poll past the last update: a replay
      // would have been answered by then.
      await eventually(async () =>
        api.polling && api.confirmedOffset === rules.update_id + 1 ? true : undefined,
      );
      expect(repliesTo(chatId).length).toBe(before + 2);
      const offset = await restarted.database.db
        .selectFrom('channel_state')
        .select('value')
        .where('target_id', '=', targetId)
        .where('key', '=', 'updates:offset')
        .executeTakeFirstOrThrow();
      expect(Number(offset.value)).toBe(api.confirmedOffset);
    } finally {
      await restarted.close();
    }
  });
});

describe.each(testDialects)('Telegram bots across nodes and in webhook mode on %s', (dialect) => {
  let t: TestApp;
  let second: App | undefined;
  let api: FakeBotApi;
  let baseUrl: string;

  beforeAll(async () => {
    // A self-hosted Bot API server: it accepts the plain-HTTP webhook URL of a test.
    api = await new FakeBotApi(undefined, { localServer: true }).start();
    t = await startTestApp(dialect, fast);
    baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
  });
  afterAll(async () => {
    await second?.close();
    await t.close();
    await api.close();
  });

  it('polls a bot from one node only, and another node takes over when it stops', async () => {
    // Both nodes on one manual clock: a stall of the test machine cannot run a lease out.
    const clock = manualClock(Date.now());
    await t.close();
    t = await startTestApp(dialect, fast, { clock });
    second = await startAnotherNode(t, { clock });
    /** The nodes' runners scan `rounds` more times; each scan ends before time moves on. */
    const scans = async (rounds: number, nodes: number) => {
      // A runner that finished its scan has set the next; the dispatchers' timers are shorter.
      const asleep = () =>
        eventually(async () =>
          clock.timers().filter((at) => at === clock.now() + scanMs).length >= nodes ? true : undefined,
        );
      for (let round = 0; round < rounds; round++) {
        await asleep();
        clock.advance(scanMs);
      }
      await asleep();
    };
    const target = await t.api<{ id: string }>('POST', '/api/v1/targets', {
      kind: 'telegram',
      name: 'shared bot',
      config: { token: api.token, apiRoot: api.url },
    });
    await t.api('POST', `/api/v1/targets/${target.body.id}/receivers`, { name: 'c', address: { chatId: 7 } });
    await scans(1, 2);
    await eventually(async () => (api.calls.some((c) => c.method === 'getUpdates') ? true : undefined));
    // Ten scans of both nodes, the holder renewing its lease each time: the other never starts the bot.
    await scans(10, 2);
    const leases = await t.app.database.db.selectFrom('leases').selectAll().execute();
    expect(leases).toHaveLength(1);
    // Two pollers would make Telegram end one of them with 409 Conflict; the fake does the same.
    expect(api.calls.filter((c) => c.method === 'getMe')).toHaveLength(1);

    const holder = leases[0]!.owner;
    const [stopping, staying] = holder === t.app.nodeId ? [t.app, second] : [second, t.app];
    await stopping.close();
    await scans(1, 1);
    api.pushMessage({ chat: { id: 7, type: 'private' }, from: user, text: '/help' });
    await eventually(async () => (api.messagesTo(7).length > 0 ? true : undefined), 10_000);
    const after = await staying.database.db.selectFrom('leases').selectAll().execute();
    expect(after).toHaveLength(1);
    expect(after[0]!.owner).not.toBe(holder);
  });

  it('takes updates by webhook with the secret header, refusing requests without it', async () => {
    await second?.close();
    second = undefined;
    await t.close();
    t = await startTestApp(dialect, { ...fast, NB_PUBLIC_URL: 'http://127.0.0.1:1' });
    baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
    const secret = 'hook-secret-0123456789abcdef';
    const unsigned = await t.api<{ error: { message: string } }>('POST', '/api/v1/targets', {
      kind: 'telegram',
      name: 'no secret',
      config: { token: api.token, apiRoot: api.url, updates: 'webhook' },
    });
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.error.message).toContain('webhook mode needs `webhookSecret`');
    const target = await t.api<{ id: string }>('POST', '/api/v1/targets', {
      kind: 'telegram',
      name: 'hooked bot',
      config: { token: api.token, apiRoot: api.url, updates: 'webhook', webhookSecret: secret },
    });
    await t.api('POST', `/api/v1/targets/${target.body.id}/receivers`, { name: 'c', address: { chatId: 8 } });
    const setWebhook = await eventually(async () => api.calls.find((c) => c.method === 'setWebhook'));
    expect(
      await eventually(async () => (await fetch(`${api.url}/bot${api.token}/getWebhookInfo`)).json()),
    ).toMatchObject({
      result: { url: `http://127.0.0.1:1/channels/${target.body.id}/updates` },
    });
    expect(setWebhook.params).toMatchObject({
      url: `http://127.0.0.1:1/channels/${target.body.id}/updates`,
      secret_token: secret,
    });
    expect(JSON.stringify(await t.api('GET', `/api/v1/targets/${target.body.id}`))).not.toContain(secret);

    const url = `${baseUrl}/channels/${target.body.id}/updates`;
    const update = {
      update_id: 1,
      message: {
        message_id: 1,
        date: 0,
        chat: { id: 8, type: 'private' },
        from: { ...user, is_bot: false },
        text: '/help',
      },
    };
    const withoutHeader = await fetch(url, {
      method: 'POST',
      body: JSON.stringify(update),
      headers: { 'content-type': 'application/json' },
    });
    expect(withoutHeader.status).toBe(401);
    const wrong = await fetch(url, {
      method: 'POST',
      body: JSON.stringify(update),
      headers: {
        'content-type': 'application/json',
        'x-telegram-bot-api-secret-token': 'not-the-secret-000',
      },
    });
    expect(wrong.status).toBe(401);
    expect(api.messagesTo(8)).toHaveLength(0);

    const signed = await fetch(url, {
      method: 'POST',
      body: JSON.stringify(update),
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    });
    expect(signed.status).toBe(200);
    expect(api.messagesTo(8)[0]!.text).toContain('/mute');
  });
});
