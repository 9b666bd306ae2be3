import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyStandardWebhook } from '../../src/channels/webhook/standard-webhooks.ts';
import { testDialects } from '../helpers/databases.ts';
import { HttpSink } from '../helpers/http-sink.ts';
import { startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';
import { type ApiCall, apiAs } from './api-client.ts';

interface TargetView {
  id: string;
  kind: string;
  name: string;
  enabled: boolean;
  concurrency: number;
  config: Record<string, unknown>;
  secretsSet: string[];
}
interface ReceiverView {
  id: string;
  targetId: string;
  name: string;
  address: unknown;
  options: Record<string, unknown>;
  enabled: boolean;
  disabledReason: string | null;
}
interface ErrorView {
  error: { code: string; message: string; details?: { path: string }[] };
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const signingSecret = `whsec_${randomBytes(32).toString('base64')}`;

describe.each(testDialects)('/api/v1/targets and their receivers on %s', (dialect) => {
  let t: TestApp;
  let api: ApiCall;
  let sink: HttpSink;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    api = apiAs(t, testAdminToken);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    sink = await new HttpSink().start();
  });
  afterEach(() => sink.close());

  async function createTarget(
    config: Record<string, unknown> = { url: `${sink.url}/hook` },
  ): Promise<TargetView> {
    const created = await api<TargetView>('POST', '/targets', { kind: 'webhook', name: 'sink', config });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  }

  it('lists the channel kinds with their schemas and secret fields', async () => {
    const kinds = await api<{
      items: {
        kind: string;
        secretFields: string[];
        configSchema: unknown;
        addressSchema: unknown;
        candidates: boolean;
      }[];
    }>('GET', '/kinds/channels');
    const webhook = kinds.body.items.find((k) => k.kind === 'webhook');
    expect(webhook).toMatchObject({
      candidates: false,
      secretFields: ['secret', 'headers'],
      configSchema: { type: 'object' },
      addressSchema: { type: 'object' },
    });
    // A bot learns of the chats that write to it; a webhook has no one writing back.
    expect(kinds.body.items.find((k) => k.kind === 'telegram')?.candidates).toBe(true);
    const sources = await api<{ items: { kind: string; push: boolean; builtIn: boolean }[] }>(
      'GET',
      '/kinds/sources',
    );
    expect(sources.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'webhook', push: true, builtIn: false }),
        expect.objectContaining({ kind: 'bridge', push: false, builtIn: true }),
      ]),
    );
  });

  it('creates, reads, lists, changes and deletes a target', async () => {
    const target = await createTarget({ url: `${sink.url}/hook`, secret: signingSecret });
    expect(target).toMatchObject({
      kind: 'webhook',
      enabled: true,
      concurrency: 16,
      config: { url: `${sink.url}/hook` },
      secretsSet: ['secret'],
    });
    expect((await api<TargetView>('GET', `/targets/${target.id}`)).body).toEqual(target);
    expect(
      (await api<Page<TargetView>>('GET', '/targets?kind=webhook')).body.items.map((x) => x.id),
    ).toContain(target.id);
    const changed = await api<TargetView>('PATCH', `/targets/${target.id}`, {
      name: 'renamed',
      concurrency: 8,
      enabled: false,
    });
    expect(changed.body).toMatchObject({
      name: 'renamed',
      concurrency: 8,
      enabled: false,
      secretsSet: ['secret'],
    });
    const receiver = await api<ReceiverView>('POST', `/targets/${target.id}/receivers`, {
      name: 'r',
      address: {},
    });
    expect((await api('DELETE', `/targets/${target.id}`)).status).toBe(204);
    expect((await api('GET', `/targets/${target.id}`)).status).toBe(404);
    expect((await api('GET', `/targets/${target.id}/receivers/${receiver.body.id}`)).status).toBe(404);
  });

  it('refuses an unknown kind, a config off the schema and a bad concurrency', async () => {
    const unknown = await api<ErrorView>('POST', '/targets', { kind: 'fax', name: 'x', config: {} });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([expect.objectContaining({ path: '/kind' })]);
    const badUrl = await api<ErrorView>('POST', '/targets', {
      kind: 'webhook',
      name: 'x',
      config: { url: 'ftp://example.com' },
    });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error.details!.map((d) => d.path)).toContain('/config/url');
    const badSecret = await api<ErrorView>('POST', '/targets', {
      kind: 'webhook',
      name: 'x',
      config: { url: 'https://example.com', secret: 'plain-password' },
    });
    expect(badSecret.status).toBe(400);
    expect(JSON.stringify(badSecret.body)).not.toContain('plain-password');
    const zero = await api<ErrorView>('POST', '/targets', {
      kind: 'webhook',
      name: 'x',
      config: { url: 'https://a.example' },
      concurrency: 0,
    });
    expect(zero.status).toBe(400);
  });

  it('creates, reads, lists, changes and deletes receivers, checking the address against the channel', async () => {
    const target = await createTarget();
    const base = `/targets/${target.id}/receivers`;
    const created = await api<ReceiverView>('POST', base, {
      name: 'ops',
      address: {},
      options: { silent: true, locale: 'de-CH', thread: 'ops' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      targetId: target.id,
      name: 'ops',
      address: {},
      options: { silent: true, locale: 'de-CH', thread: 'ops' },
      enabled: true,
      disabledReason: null,
    });
    const id = created.body.id;
    expect((await api<ReceiverView>('GET', `${base}/${id}`)).body).toEqual(created.body);
    expect((await api<Page<ReceiverView>>('GET', base)).body.items).toEqual([created.body]);

    const badAddress = await api<ErrorView>('POST', base, { name: 'x', address: { chat: 42 } });
    expect(badAddress.status).toBe(400);
    expect(badAddress.body.error.details![0]!.path).toMatch(/^\/address/);
    expect((await api<ErrorView>('POST', base, { name: 'x' })).status).toBe(400);
    expect(
      (await api<ErrorView>('POST', base, { name: 'x', address: {}, options: { locale: 'not a locale' } }))
        .status,
    ).toBe(400);
    expect(
      (
        await api<ErrorView>('POST', '/targets/01J00000000000000000000000/receivers', {
          name: 'x',
          address: {},
        })
      ).status,
    ).toBe(404);

    const changed = await api<ReceiverView>('PATCH', `${base}/${id}`, {
      name: 'ops-2',
      options: { silent: false },
    });
    expect(changed.body).toMatchObject({ name: 'ops-2', options: { silent: false }, enabled: true });
    expect((await api<ReceiverView>('PATCH', `${base}/${id}`, { address: { chat: 1 } })).status).toBe(400);

    expect((await api('DELETE', `${base}/${id}`)).status).toBe(204);
    expect((await api('GET', `${base}/${id}`)).status).toBe(404);
  });

  it('clears the reason the bridge disabled a receiver for when it is enabled again, and routes to it again', async () => {
    const target = await createTarget();
    const receiver = await api<ReceiverView>('POST', `/targets/${target.id}/receivers`, {
      name: 'gone',
      address: {},
    });
    const rule = await api<{ id: string }>('POST', '/rules', {
      name: 'to gone',
      sourceIds: [t.app.boot.bridgeSourceId],
      eventTypes: ['x'],
      receiverIds: [receiver.body.id],
    });
    const event = {
      sourceId: t.app.boot.bridgeSourceId,
      ownerId: t.app.boot.adminUserId,
      type: 'x',
      title: '',
      body: '',
      severity: 'info',
      tags: [],
      data: null,
    };
    // As the dispatcher does when a channel reports the receiver gone.
    await t.app.database.db
      .updateTable('receivers')
      .set({ enabled: 0, disabled_reason: 'HTTP 410 Gone', updated_at: Date.now() })
      .where('id', '=', receiver.body.id)
      .execute();
    await t.app.router.refresh();
    expect(t.app.router.route(event as never)).toEqual([]);
    const disabled = await api<ReceiverView>('GET', `/targets/${target.id}/receivers/${receiver.body.id}`);
    expect(disabled.body).toMatchObject({ enabled: false, disabledReason: 'HTTP 410 Gone' });

    const enabled = await api<ReceiverView>('PATCH', `/targets/${target.id}/receivers/${receiver.body.id}`, {
      enabled: true,
    });
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null });
    expect(t.app.router.route(event as never).map((r) => r.receiverId)).toEqual([receiver.body.id]);
    await api('PATCH', `/targets/${target.id}`, { enabled: false });
    expect(t.app.router.route(event as never)).toEqual([]);
    await api('DELETE', `/rules/${rule.body.id}`);
  });

  it('sends a signed test message through the channel and stores nothing', async () => {
    const target = await createTarget({ url: `${sink.url}/hook`, secret: signingSecret });
    const receiver = await api<ReceiverView>('POST', `/targets/${target.id}/receivers`, {
      name: 'r',
      address: {},
    });
    const url = `/targets/${target.id}/receivers/${receiver.body.id}/test`;
    const count = async () =>
      Promise.all(
        (['events', 'deliveries', 'attempts'] as const).map(async (table) => {
          const row = await t.app.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow();
          return Number(row.n);
        }),
      );
    const before = await count();

    const sent = await api<{ status: string }>('POST', url);
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ status: 'sent' });
    expect(sink.requests).toHaveLength(1);
    const request = sink.requests[0]!;
    expect(request.body).toContain('notify-bridge test message');
    const headers = {
      id: String(request.headers['webhook-id']),
      timestamp: String(request.headers['webhook-timestamp']),
      signature: String(request.headers['webhook-signature']),
    };
    expect(verifyStandardWebhook(signingSecret, headers, request.body, Math.floor(Date.now() / 1000))).toBe(
      true,
    );

    sink.respondWith({ status: 503 }, { status: 400, body: 'no' });
    const retry = await api<{ status: string; error: { kind: string; httpStatus: number } }>('POST', url);
    expect(retry.body).toMatchObject({ status: 'retry', error: { httpStatus: 503 } });
    const failed = await api<{ status: string; error: { kind: string; httpStatus: number } }>('POST', url);
    expect(failed.body).toMatchObject({ status: 'failed', error: { kind: 'rejected', httpStatus: 400 } });

    expect(await count()).toEqual(before);
    expect(
      (await api<ReceiverView>('GET', `/targets/${target.id}/receivers/${receiver.body.id}`)).body.enabled,
    ).toBe(true);
  });

  it('no longer offers a chat as a candidate once it is a receiver', async () => {
    const made = await api<TargetView>('POST', '/targets', {
      kind: 'telegram',
      name: 'bot',
      config: { token: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ', updates: 'off' },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    for (const chatId of [-100, -200]) {
      await t.app.database.db
        .insertInto('receiver_candidates')
        .values({
          target_id: made.body.id,
          key: String(chatId),
          address: JSON.stringify({ chatId }),
          title: `chat ${chatId}`,
          chat_type: 'group',
          detail: '{}',
          last_seen_at: Date.now(),
        })
        .execute();
    }
    const candidates = () =>
      api<{ items: { key: string }[] }>('GET', `/targets/${made.body.id}/candidates`).then((answer) =>
        answer.body.items.map((item) => item.key).sort(),
      );
    expect(await candidates()).toEqual(['-100', '-200']);
    const adopted = await api('POST', `/targets/${made.body.id}/receivers`, {
      name: 'chat -100',
      address: { chatId: -100 },
    });
    expect(adopted.status).toBe(201);
    expect(await candidates()).toEqual(['-200']);
  });
});
