import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/domain/clock.ts';
import { FakeBotApi } from '../../fakes/telegram-bot-api/server.ts';
import { testDialects } from '../../helpers/databases.ts';
import { eventually } from '../../helpers/http-sink.ts';
import { hookSecret } from '../../helpers/pipeline-setup.ts';
import { startTestApp, type TestApp } from '../../helpers/test-app.ts';

describe.each(testDialects)('Telegram end to end on %s', (dialect) => {
  let t: TestApp;
  let api: FakeBotApi;
  let baseUrl: string;
  let sourceId: string;

  beforeAll(async () => {
    api = await new FakeBotApi().start();
    t = await startTestApp(dialect, { NB_RETRY_BASE_MS: '50', NB_POLL_INTERVAL_MS: '50' });
    baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
    const source = await t.api<{ id: string }>('POST', '/api/v1/sources', {
      kind: 'webhook',
      name: 'src',
      config: { auth: { mode: 'bearer' }, secret: hookSecret },
    });
    sourceId = source.body.id;
  });
  afterAll(async () => {
    await t.close();
    await api.close();
  });

  async function chatRule(chatId: number, fromSource = sourceId): Promise<string> {
    const target = await t.api<{ id: string }>('POST', '/api/v1/targets', {
      kind: 'telegram',
      name: `bot ${chatId}`,
      config: { token: api.token, apiRoot: api.url, updates: 'off' },
    });
    expect(target.status, JSON.stringify(target.body)).toBe(201);
    const receiver = await t.api<{ id: string }>('POST', `/api/v1/targets/${target.body.id}/receivers`, {
      name: `chat ${chatId}`,
      address: { chatId },
    });
    expect(receiver.status, JSON.stringify(receiver.body)).toBe(201);
    const rule = await t.api<{ id: string }>('POST', '/api/v1/rules', {
      name: `to ${chatId}`,
      sourceIds: [fromSource],
      eventTypes: ['**'],
      receiverIds: [receiver.body.id],
    });
    expect(rule.status).toBe(201);
    return receiver.body.id;
  }

  const post = (title: string) =>
    fetch(`${baseUrl}/hooks/${sourceId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hookSecret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title, message: 'from the pipeline' }),
    });

  it('delivers an event to a chat as HTML, and disables a chat that blocked the bot after one attempt', async () => {
    const receiverId = await chatRule(42);
    expect((await post('Hello <Telegram>')).status).toBe(202);
    await eventually(async () => (api.calls.some((c) => c.params.chat_id === 42) ? true : undefined));
    const call = api.calls.find((c) => c.params.chat_id === 42)!;
    expect(call.params.parse_mode).toBe('HTML');
    expect(String(call.params.text)).toContain('Hello &lt;Telegram&gt;');

    api.failNext({ kind: 'blocked' });
    const before = api.calls.length;
    expect((await post('second')).status).toBe(202);
    const receiver = await eventually(async () => {
      const row = await t.app.database.db
        .selectFrom('receivers')
        .selectAll()
        .where('id', '=', receiverId)
        .executeTakeFirstOrThrow();
      return row.enabled === 0 ? row : undefined;
    });
    expect(receiver.disabled_reason).toContain('bot was blocked');
    expect(api.calls.length - before).toBe(1);
    const notice = await eventually(async () => {
      const rows = await t.app.database.db
        .selectFrom('events')
        .selectAll()
        .where('source_id', '=', t.app.boot.bridgeSourceId)
        .where('type', '=', 'receiver.disabled')
        .execute();
      return rows[0];
    });
    expect(notice).toMatchObject({ severity: 'warning', title: 'Receiver chat 42 of bot 42 was disabled' });
    expect(notice.body).toContain('bot was blocked');
  });

  it('links to the event URL as it came, with its query intact', async () => {
    await chatRule(44);
    const url = 'https://example.com/run?id=1&x=2&lt=3';
    const posted = await fetch(`${baseUrl}/hooks/${sourceId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hookSecret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Run finished', message: 'all green', url }),
    });
    expect(posted.status).toBe(202);
    const sent = await eventually(async () => api.messagesTo(44)[0]);
    expect(sent.entities?.filter((entity) => entity.type === 'text_link')).toEqual([
      expect.objectContaining({ url }),
    ]);
  });

  it('splits 25 pictures into 3 albums, and cuts 150 to the cap with a warning on the event', async () => {
    const files = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'image/jpeg' }).end(Buffer.from(`JPEG ${request.url}`));
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    const filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    try {
      const source = await t.api<{ id: string }>('POST', '/api/v1/sources', {
        kind: 'webhook',
        name: 'many photos',
        config: { auth: { mode: 'bearer' }, secret: hookSecret, mapping: { attachments: '/photos' } },
      });
      await chatRule(45, source.body.id);
      const postPhotos = async (count: number) => {
        const posted = await fetch(`${baseUrl}/hooks/${source.body.id}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${hookSecret}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            title: `${count} photos`,
            message: 'from the trip',
            photos: Array.from({ length: count }, (_, i) => `${filesUrl}/${count}-${i}.jpg`),
          }),
        });
        expect(posted.status).toBe(202);
        return ((await posted.json()) as { id: string }).id;
      };
      const photosSent = () => api.messagesTo(45).filter((sent) => sent.media === 'photo').length;
      const albumSizes = () => {
        const sizes = new Map<string, number>();
        for (const sent of api.messagesTo(45).filter((each) => each.media === 'photo')) {
          sizes.set(sent.mediaGroupId ?? '', (sizes.get(sent.mediaGroupId ?? '') ?? 0) + 1);
        }
        return [...sizes.values()];
      };

      const some = await postPhotos(25);
      await eventually(async () => (photosSent() === 25 ? true : undefined));
      expect(albumSizes()).toEqual([10, 10, 5]);
      const shown = await t.api<{ event: { warnings: string[] } }>('GET', `/api/v1/events/${some}`);
      expect(shown.body.event.warnings).toEqual([]);

      const tooMany = await postPhotos(150);
      const event = await t.api<{ event: { attachments: unknown[]; warnings: string[] } }>(
        'GET',
        `/api/v1/events/${tooMany}`,
      );
      expect(event.body.event.attachments).toHaveLength(100);
      expect(event.body.event.warnings).toEqual([
        '150 attachments given; the first 100 were kept (at most 100 per event)',
      ]);
      await eventually(async () => (photosSent() === 125 ? true : undefined));
      expect(albumSizes()).toEqual([10, 10, 5, ...Array(10).fill(10)]);
    } finally {
      files.close();
    }
  });

  it('sends the pictures of an event as an album and shows per-file outcomes through the API', async () => {
    // The photo server wants its API key; another origin named in the same payload must never see it.
    const apiKey = 'photo-server-key-0123456789';
    const seenKeys: (string | undefined)[] = [];
    const serve = (requireKey: boolean) =>
      createServer((request, response) => {
        const key = request.headers['x-api-key'] as string | undefined;
        seenKeys.push(key);
        if (request.url === '/gone.jpg') return response.writeHead(404).end();
        if (requireKey && key !== apiKey) return response.writeHead(401).end();
        response.writeHead(200, { 'content-type': 'image/jpeg' }).end(Buffer.from(`JPEG ${request.url}`));
      });
    const files = serve(true);
    const elsewhere = serve(false);
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    const filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    const elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
    try {
      const source = await t.api<{ id: string }>('POST', '/api/v1/sources', {
        kind: 'webhook',
        name: 'album source',
        config: {
          auth: { mode: 'bearer' },
          secret: hookSecret,
          mapping: { attachments: '/photos' },
          attachmentAuth: { origin: filesUrl, headers: { 'x-api-key': apiKey } },
        },
      });
      const receiverId = await chatRule(43, source.body.id);
      const posted = await fetch(`${baseUrl}/hooks/${source.body.id}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${hookSecret}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          title: 'Trip album',
          message: '3 new photos',
          photos: [
            `${filesUrl}/a.jpg`,
            `${filesUrl}/gone.jpg`,
            `${elsewhereUrl}/b.jpg`,
            { url: `${filesUrl}/c.jpg`, name: 'Beach.jpg' },
          ],
        }),
      });
      expect(posted.status).toBe(202);
      const delivery = await eventually(async () => {
        const page = await t.api<{ items: { id: string }[] }>(
          'GET',
          `/api/v1/deliveries?status=sent&receiverId=${receiverId}`,
        );
        return page.body.items[0];
      });
      const detail = await t.api<{ attempts: { detail: unknown }[] }>(
        'GET',
        `/api/v1/deliveries/${delivery.id}`,
      );
      expect(detail.body.attempts.at(-1)!.detail).toEqual({
        items: [
          expect.objectContaining({ name: 'a.jpg', status: 'sent', kind: 'photo', via: 'upload' }),
          { name: 'gone.jpg', status: 'failed', reason: 'download failed: HTTP 404' },
          expect.objectContaining({ name: 'b.jpg', status: 'sent', kind: 'photo' }),
          expect.objectContaining({ name: 'Beach.jpg', status: 'sent', kind: 'photo' }),
        ],
      });
      expect(api.messagesTo(43).map((m) => m.media)).toEqual(['photo', 'photo', 'photo']);
      expect(seenKeys).toEqual([apiKey, apiKey, undefined, apiKey]);
      const shown = await t.api('GET', `/api/v1/sources/${source.body.id}`);
      expect(JSON.stringify(shown.body)).not.toContain(apiKey);
    } finally {
      files.close();
      elsewhere.close();
    }
  });
});

describe.each(testDialects)('Telegram’s own rate limits on %s', (dialect) => {
  it('counts a bot and a chat once, however many targets hold the token and receivers name the chat', async () => {
    const clock = manualClock(Date.parse('2026-12-04T12:00:00Z'));
    const api = await new FakeBotApi().start();
    const t = await startTestApp(dialect, {}, { clock });
    try {
      const baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
      const source = await t.api<{ id: string }>('POST', '/api/v1/sources', {
        kind: 'webhook',
        name: 'src',
        config: { auth: { mode: 'bearer' }, secret: hookSecret },
      });
      // Two targets with the same bot (a family bot added twice), each with a receiver for one group.
      const receiverIds: string[] = [];
      for (const name of ['family bot', 'family bot again']) {
        const target = await t.api<{ id: string }>('POST', '/api/v1/targets', {
          kind: 'telegram',
          name,
          config: { token: api.token, apiRoot: api.url, updates: 'off' },
        });
        const receiver = await t.api<{ id: string }>('POST', `/api/v1/targets/${target.body.id}/receivers`, {
          name: 'the group',
          address: { chatId: -100777 },
        });
        receiverIds.push(receiver.body.id);
      }
      await t.api('POST', '/api/v1/rules', { name: 'to both', sourceIds: [source.body.id], receiverIds });
      for (let i = 0; i < 12; i++) {
        const posted = await fetch(`${baseUrl}/hooks/${source.body.id}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${hookSecret}`, 'content-type': 'application/json' },
          body: JSON.stringify({ title: `backup ${i}` }),
        });
        expect(posted.status).toBe(202);
      }
      // 24 messages into one group within a minute that has not moved: Telegram takes 20.
      const held = await eventually(async () => {
        const rows = await t.app.database.db
          .selectFrom('deliveries')
          .select(['status', 'last_error'])
          .execute();
        const waiting = rows.filter(
          (row) => row.status === 'pending' && row.last_error?.startsWith('held by'),
        );
        return rows.length === 24 && rows.every((row) => row.status === 'sent' || waiting.includes(row))
          ? waiting
          : undefined;
      });
      expect(held).toHaveLength(4);
      expect(held[0]!.last_error).toContain('telegram per chat (20/minute)');
      expect(api.calls.filter((call) => call.params.chat_id === -100777)).toHaveLength(20);
    } finally {
      await t.close();
      await api.close();
    }
  });
});
