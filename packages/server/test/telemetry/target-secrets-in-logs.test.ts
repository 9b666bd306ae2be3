import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotApi } from '../fakes/telegram-bot-api/server.ts';
import { eventually, HttpSink } from '../helpers/http-sink.ts';
import type { TestApp } from '../helpers/test-app.ts';
import { type LogLine, leaksIn, secretFor, startTracedApp } from '../helpers/traced-app.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const sourceSecret = secretFor('source-bearer');

/** Targets' secrets through deliveries that fail and succeed, in the real app logging at trace. */
describe('target secrets and the trace log', () => {
  let t: TestApp;
  let baseUrl: string;
  let log: { raw: string; lines: LogLine[] };
  let sourceId: string;

  beforeAll(async () => {
    ({ t, baseUrl, log } = await startTracedApp({
      NB_RETRY_BASE_MS: '20',
      NB_RETRY_MAX_MS: '50',
      NB_MAX_ATTEMPTS: '3',
    }));
    const created = await t.api<{ id: string }>('POST', '/api/v1/sources', {
      kind: 'webhook',
      name: 'bearer',
      config: { auth: { mode: 'bearer' }, secret: sourceSecret },
    });
    expect(created.status).toBe(201);
    sourceId = created.body.id;
  });
  afterAll(() => t.close());

  const target = {
    pathSecret: secretFor('target-path'),
    querySecret: secretFor('target-query'),
    header: secretFor('target-header'),
    apiKey: secretFor('target-api-key'),
    signing: `whsec_${randomBytes(32).toString('base64')}`,
    ntfy: `tk_${randomBytes(15).toString('hex')}`,
    ntfyPassword: secretFor('ntfy-password'),
    telegram: `987654321:${randomBytes(18).toString('base64url')}`,
    unreachableBot: `111222333:${randomBytes(18).toString('base64url')}`,
  };
  let sink: HttpSink;
  let ntfySink: HttpSink;
  let bot: FakeBotApi;

  beforeAll(async () => {
    sink = await new HttpSink().start();
    ntfySink = await new HttpSink().start();
    bot = await new FakeBotApi(target.telegram).start();
  });
  afterAll(async () => {
    await sink.close();
    await ntfySink.close();
    await bot.close();
  });

  async function receiver(kind: string, config: Record<string, unknown>, address: Record<string, unknown>) {
    const created = await t.api<{ id: string }>('POST', '/api/v1/targets', { kind, name: kind, config });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const made = await t.api<{ id: string }>('POST', `/api/v1/targets/${created.body.id}/receivers`, {
      name: kind,
      address,
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    return made.body.id;
  }

  it('keeps target secrets out of the log, also when sends fail', async () => {
    sink.respondWith({ status: 500, body: 'down' });
    ntfySink.respondWith({ status: 401, body: '{"code":40101,"http":401,"error":"unauthorized"}' });
    bot.failNext({ kind: 'server_error', status: 502 });
    const receiverIds = [
      await receiver(
        'webhook',
        {
          url: `${sink.url}/in/${target.pathSecret}?key=${target.querySecret}`,
          secret: target.signing,
          headers: { authorization: `Bearer ${target.header}`, 'x-api-key': target.apiKey },
        },
        {},
      ),
      await receiver('ntfy', { server: ntfySink.url, token: target.ntfy }, { topic: 'alerts' }),
      await receiver(
        'ntfy',
        { server: ntfySink.url, username: 'me', password: target.ntfyPassword },
        { topic: 'alerts' },
      ),
      await receiver(
        'telegram',
        { token: target.telegram, apiRoot: bot.url, updates: 'off' },
        { chatId: 42 },
      ),
      await receiver(
        'telegram',
        { token: target.unreachableBot, apiRoot: `http://127.0.0.1:${await freePort()}`, updates: 'off' },
        { chatId: 43 },
      ),
    ];
    const rule = await t.api('POST', '/api/v1/rules', {
      name: 'to every target',
      sourceIds: [sourceId],
      eventTypes: ['**'],
      receiverIds,
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const posted = await fetch(`${baseUrl}/hooks/${sourceId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${sourceSecret}` },
      body: '{"title":"to the targets"}',
    });
    expect(posted.status).toBe(202);
    const { id: eventId } = (await posted.json()) as { id: string };

    // Every delivery settles: sent after a failed attempt, or dead after its last one.
    const settled = await eventually(
      async () => {
        const rows = await t.app.database.db
          .selectFrom('deliveries')
          .select(['status', 'attempts'])
          .where('event_id', '=', eventId)
          .execute();
        const done = rows.filter((row) => row.status === 'sent' || row.status === 'dead');
        return rows.length === receiverIds.length && done.length === rows.length ? rows : undefined;
      },
      20_000,
      'every delivery to be sent or dead',
    );
    // Dead: the unreachable bot after its last attempt, and the ntfy receiver refused with 401.
    expect(settled.filter((row) => row.status === 'dead')).toHaveLength(2);
    expect(sink.requests).toHaveLength(2);
    expect(sink.requests[0]?.headers.authorization).toBe(`Bearer ${target.header}`);
    expect(bot.calls.length).toBeGreaterThan(0);

    expect(leaksIn(log.raw, target)).toEqual([]);
    const messages = new Set(log.lines.map((line) => line.msg));
    for (const msg of ['delivery attempt started', 'outgoing request answered', 'outgoing request failed']) {
      expect(messages).toContain(msg);
    }
  });
});
