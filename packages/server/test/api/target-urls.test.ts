import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/databases.ts';
import { HttpSink } from '../helpers/http-sink.ts';
import { startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';
import { type ApiCall, apiAs, createMember, tokenFor } from './api-client.ts';

const tgToken = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

interface Created {
  target: { id: string; kind: string; name: string; config: Record<string, unknown>; secretsSet: string[] };
  receivers: { id: string; targetId: string; name: string; address: unknown }[];
}
interface ErrorView {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

describe.each(testDialects)('targets from URLs and exported as URLs on %s', (dialect) => {
  let t: TestApp;
  let api: ApiCall;
  let sink: HttpSink;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    api = apiAs(t, testAdminToken);
    sink = await new HttpSink().start();
  });
  afterAll(async () => {
    await sink.close();
    await t.close();
  });

  async function rowCounts() {
    const { db } = t.app.database;
    const targets = await db
      .selectFrom('targets')
      .select(db.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const receivers = await db
      .selectFrom('receivers')
      .select(db.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return { targets: Number(targets.n), receivers: Number(receivers.n) };
  }

  it('creates a telegram target and a receiver per chat in one call, its token sealed and never shown', async () => {
    const created = await api<Created>('POST', '/targets/from-url', {
      url: `tgram://${tgToken}/-1001234567890:7/@alerts_channel`,
      name: 'family bot',
    });
    expect(created.status, created.raw).toBe(201);
    expect(created.body.target).toMatchObject({
      kind: 'telegram',
      name: 'family bot',
      config: {},
      secretsSet: ['token'],
    });
    expect(created.body.receivers.map((r) => r.address)).toEqual([
      { chatId: -1001234567890, threadId: 7 },
      { chatId: '@alerts_channel' },
    ]);
    expect(created.body.receivers.map((r) => r.name)).toEqual(['-1001234567890', '@alerts_channel']);
    expect(created.raw).not.toContain(tgToken.split(':')[1]);
    const stored = await t.app.database.db
      .selectFrom('targets')
      .select('config')
      .where('id', '=', created.body.target.id)
      .executeTakeFirstOrThrow();
    expect(stored.config).not.toContain(tgToken.split(':')[1]);
    const listed = await api<{ items: unknown[] }>('GET', `/targets/${created.body.target.id}/receivers`);
    expect(listed.body.items).toHaveLength(2);
  });

  it('exports a target as its URL: secrets as *** by default, in full with ?secrets=true and the write scope', async () => {
    const created = await api<Created>('POST', '/targets/from-url', {
      url: `tgram://${tgToken}/42?preview=yes`,
    });
    expect(created.body.target.name).toBe('telegram from URL');
    const id = created.body.target.id;
    const hidden = await api<{ url: string }>('GET', `/targets/${id}/url`);
    expect(hidden.status).toBe(200);
    expect(hidden.body.url).toBe('tgram://***/42?preview=yes');
    const full = await api<{ url: string }>('GET', `/targets/${id}/url?secrets=true`);
    expect(full.body.url).toBe(`tgram://${tgToken}/42?preview=yes`);

    const reader = await tokenFor(t, t.app.boot.adminUserId, ['read']);
    expect((await reader<{ url: string }>('GET', `/targets/${id}/url`)).body.url).toBe(
      'tgram://***/42?preview=yes',
    );
    const refused = await reader<ErrorView>('GET', `/targets/${id}/url?secrets=true`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('"write" scope');
    expect(refused.raw).not.toContain(tgToken.split(':')[1]);
  });

  it('exports a target made the usual way, and only to its owner', async () => {
    const made = await api<{ id: string }>('POST', '/targets', {
      kind: 'webhook',
      name: 'hook',
      config: {
        url: `${sink.url}/in`,
        headers: { authorization: `Basic ${Buffer.from('bob:pw-4711').toString('base64')}` },
      },
    });
    await api('POST', `/targets/${made.body.id}/receivers`, { name: 'it', address: {} });
    const full = await api<{ url: string }>('GET', `/targets/${made.body.id}/url?secrets=true`);
    expect(full.body.url).toBe(`json://bob:pw-4711@${sink.url.slice('http://'.length)}/in`);
    expect((await api<{ url: string }>('GET', `/targets/${made.body.id}/url`)).body.url).toBe(
      `json://bob:***@${sink.url.slice('http://'.length)}/in`,
    );
    const other = await createMember(t, `member-${dialect}`);
    const foreign = await other.api<ErrorView>('GET', `/targets/${made.body.id}/url?secrets=true`);
    expect(foreign.status).toBe(404);
    expect(foreign.raw).not.toContain('pw-4711');
  });

  it("makes the target the caller's own: another member neither lists nor exports it", async () => {
    const owner = await createMember(t, `owner-${dialect}`);
    const created = await owner.api<Created>('POST', '/targets/from-url', {
      url: 'ntfys://ntfy.example.com/alerts',
    });
    expect(created.status, created.raw).toBe(201);
    const mine = await owner.api<{ items: { id: string; ownerId: string }[] }>('GET', '/targets');
    expect(mine.body.items.map((item) => item.id)).toContain(created.body.target.id);
    expect(mine.body.items.find((item) => item.id === created.body.target.id)?.ownerId).toBe(owner.userId);
    const other = await createMember(t, `other-${dialect}`);
    const theirs = await other.api<{ items: { id: string }[] }>('GET', '/targets');
    expect(theirs.body.items.map((item) => item.id)).not.toContain(created.body.target.id);
    expect((await other.api('GET', `/targets/${created.body.target.id}/url`)).status).toBe(404);
    expect((await owner.api<{ url: string }>('GET', `/targets/${created.body.target.id}/url`)).body.url).toBe(
      'ntfys://ntfy.example.com/alerts',
    );
  });

  it('makes a json:// target that delivers to the URL it names, with the basic auth the URL held', async () => {
    const created = await api<Created>('POST', '/targets/from-url', {
      url: `json://bob:pw-4711@${sink.url.slice('http://'.length)}/from-url`,
    });
    expect(created.status, created.raw).toBe(201);
    expect(created.body.target.secretsSet).toEqual(['headers']);
    const receiver = created.body.receivers[0]!;
    const before = sink.requests.length;
    const sent = await api<{ status: string }>(
      'POST',
      `/targets/${created.body.target.id}/receivers/${receiver.id}/test`,
    );
    expect(sent.body.status).toBe('sent');
    const request = sink.requests[before]!;
    expect(request.url).toBe('/from-url');
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from('bob:pw-4711').toString('base64')}`);
  });

  it.each([
    [
      'a URL no channel reads',
      'pagerduty://hunter2-secret@x',
      /^url has the scheme "pagerduty:\/\/"/,
      '/url',
    ],
    [
      'a URL its channel cannot read',
      'tgram://hunter2-secret/1',
      /^url \(tgram:\/\/\) needs the bot token/,
      '/url',
    ],
    [
      'a config its schema refuses',
      'pover://hunter2-secret@short',
      /^config of kind "pushover" does not match its schema: \/config\/token/,
      '/config/token',
    ],
    [
      'a receiver its schema refuses',
      'mailtos://me:hunter2-secret@example.com/not-an-address',
      /^receiver 1 the URL names .* \/addresses\/0\/to\/0/,
      '/addresses/0/to/0',
    ],
  ])(
    'refuses %s with 400 naming what is wrong, never the URL, and leaves no row',
    async (_what, url, message, path) => {
      const before = await rowCounts();
      const refused = await api<ErrorView>('POST', '/targets/from-url', { url });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('NB_ERR_VALIDATION');
      expect(refused.body.error.message).toMatch(message);
      expect(refused.body.error.details?.[0]?.path).toBe(path);
      expect(refused.raw).not.toContain('hunter2');
      expect(await rowCounts()).toEqual(before);
    },
  );

  it('is in the OpenAPI document with its body and answers', async () => {
    const doc = await api<{
      paths: Record<string, Record<string, { requestBody?: unknown; parameters?: { name: string }[] }>>;
    }>('GET', '/openapi.json');
    expect(doc.body.paths['/api/v1/targets/from-url']?.post?.requestBody).toBeDefined();
    expect(doc.body.paths['/api/v1/targets/{id}/url']?.get?.parameters?.map((p) => p.name)).toContain(
      'secrets',
    );
  });
});
