import { afterEach, describe, expect, it } from 'vitest';
import { insertToken } from '../../src/bootstrap.ts';
import { type ManualClock, manualClock } from '../../src/domain/clock.ts';
import { newId } from '../../src/ids.ts';
import { generateApiToken } from '../../src/security/api-tokens.ts';
import { testDialects } from '../helpers/databases.ts';
import { postHook } from '../helpers/pipeline-setup.ts';
import { SseReader } from '../helpers/sse-reader.ts';
import { startAnotherNode, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { createTopicPipeline } from './topic-pipeline.ts';

describe.each(testDialects)('topics on %s', (dialect) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(env: Record<string, string> = {}, clock?: ManualClock) {
    const t = await startTestApp(dialect, env, clock ? { clock } : {});
    cleanups.push(() => t.close());
    const baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
    return { t, baseUrl };
  }

  async function open(url: string, headers: Record<string, string> = {}) {
    const reader = await SseReader.open(url, headers);
    cleanups.push(() => reader.close());
    return reader;
  }

  async function mint(t: TestApp, topicId: string, ttlSeconds?: number): Promise<string> {
    const minted = await t.api<{ token: string }>(
      'POST',
      `/api/v1/topics/${topicId}/tokens`,
      ttlSeconds === undefined ? {} : { ttlSeconds },
    );
    expect(minted.status, JSON.stringify(minted.body)).toBe(201);
    return minted.body.token;
  }

  async function member(t: TestApp, name: string): Promise<{ id: string; auth: Record<string, string> }> {
    const id = newId();
    await t.app.database.db
      .insertInto('users')
      .values({ id, name, role: 'member', created_at: Date.now() })
      .execute();
    const token = generateApiToken();
    await insertToken(t.app.database, id, token, name, Date.now(), ['write']);
    return { id, auth: { authorization: `Bearer ${token}` } };
  }

  async function topicEntries(t: TestApp, topicId: string): Promise<number> {
    const rows = await t.app.database.db
      .selectFrom('stream_entries')
      .select('id')
      .where('topic_id', '=', topicId)
      .execute();
    return rows.length;
  }

  it('publishes a rule’s message to a topic, which a subscriber with a token gets and resumes', async () => {
    const { t, baseUrl } = await start();
    const pipe = await createTopicPipeline(t, { name: 'alerts' });
    const token = await mint(t, pipe.topicId);
    const reader = await open(`${baseUrl}/api/v1/topics/alerts/stream`, {
      authorization: `Bearer ${token}`,
    });
    expect(reader.status).toBe(200);
    const posted = await postHook(baseUrl, pipe.sourceId, {
      title: 'disk full',
      body: 'only **2 GB** left',
      severity: 'critical',
      url: 'https://nas.example/disks',
      tags: ['disk'],
    });
    expect(posted.status).toBe(202);
    await reader.until((r) => r.entries().length === 1, 'the topic entry');
    const [entry] = reader.entries();
    expect(entry).toMatchObject({
      event: 'message',
      data: {
        stream: 'topic',
        type: 'message',
        data: {
          eventId: posted.body.id,
          title: 'disk full',
          severity: 'critical',
          priority: 5,
          tags: ['disk'],
          url: 'https://nas.example/disks',
        },
      },
    });
    expect(JSON.stringify(entry!.data)).not.toContain(t.app.boot.adminUserId);

    await postHook(baseUrl, pipe.sourceId, { title: 'second' });
    await postHook(baseUrl, pipe.sourceId, { title: 'third' });
    await reader.until((r) => r.entries().length === 3, 'three entries');
    reader.close();
    // EventSource's reconnect: with the last id seen, only what came after it; ?token= as it cannot set headers.
    const resumed = await open(`${baseUrl}/api/v1/topics/alerts/stream?token=${token}`, {
      'last-event-id': String(reader.entries()[0]!.id),
    });
    await resumed.until((r) => r.entries().length === 2, 'the two after it');
    expect(resumed.entries().map((e) => (e.data.data as { title: string }).title)).toEqual([
      'second',
      'third',
    ]);
  });

  it('delivers a topic entry published on one node to a subscriber of another', async () => {
    const { t, baseUrl } = await start();
    const pipe = await createTopicPipeline(t, { name: 'shared', access: 'public' });
    const other = await startAnotherNode(t);
    cleanups.push(() => other.close());
    const otherUrl = (await other.listen()).replace('0.0.0.0', '127.0.0.1');
    const reader = await open(`${otherUrl}/api/v1/topics/shared/stream`);
    await postHook(baseUrl, pipe.sourceId, { title: 'from node one', body: 'hello' });
    await reader.until((r) => r.entries().length === 1, 'the entry, on the other node');
    expect(reader.entries()[0]!.data.data).toMatchObject({ title: 'from node one', body: 'hello' });
  });

  it('serves a public topic to anyone, without credentials', async () => {
    const { t, baseUrl } = await start();
    const pipe = await createTopicPipeline(t, { name: 'status', access: 'public' });
    const reader = await open(`${baseUrl}/api/v1/topics/status/stream`);
    expect(reader.status).toBe(200);
    await postHook(baseUrl, pipe.sourceId, { title: 'all good' });
    await reader.until((r) => r.entries().length === 1, 'the entry');
    expect(reader.entries()[0]!.data.data).toMatchObject({ title: 'all good' });
  });

  it('refuses a token for another topic, an expired one and a tampered one with the same 401', async () => {
    const clock = manualClock(Date.parse('2026-12-03T12:00:00Z'));
    const { t, baseUrl } = await start({}, clock);
    const a = await t.api<{ id: string }>('POST', '/api/v1/topics', { name: 'topic-a' });
    const b = await t.api<{ id: string }>('POST', '/api/v1/topics', { name: 'topic-b' });
    const forA = await mint(t, a.body.id, 120);
    const forB = await mint(t, b.body.id, 120);
    const tampered = `${forA.slice(0, -3)}${forA.endsWith('AAA') ? 'BBB' : 'AAA'}`;

    const refusals = [
      await open(`${baseUrl}/api/v1/topics/topic-b/stream`, { authorization: `Bearer ${forA}` }),
      await open(`${baseUrl}/api/v1/topics/topic-a/stream`, { authorization: `Bearer ${tampered}` }),
      await open(`${baseUrl}/api/v1/topics/topic-a/stream`, { authorization: 'Bearer nbst_garbage' }),
      await open(`${baseUrl}/api/v1/topics/topic-a/stream`),
    ];
    const ok = await open(`${baseUrl}/api/v1/topics/topic-a/stream`, { authorization: `Bearer ${forA}` });
    expect(ok.status).toBe(200);
    ok.close();
    clock.advance(120_000);
    refusals.push(await open(`${baseUrl}/api/v1/topics/topic-b/stream?token=${forB}`));

    const bodies = refusals.map((r) => {
      expect(r.status).toBe(401);
      const { requestId: _id, ...error } = (r.errorBody as { error: { requestId: string } }).error;
      return error;
    });
    expect(new Set(bodies.map((body) => JSON.stringify(body))).size).toBe(1);
    expect(bodies[0]).toMatchObject({ code: 'NB_ERR_UNAUTHORIZED' });
  });

  it('caps open streams per token, and per client address on a public topic', async () => {
    const { t, baseUrl } = await start({ NB_STREAM_MAX_PER_USER: '1' });
    const topic = await t.api<{ id: string }>('POST', '/api/v1/topics', { name: 'capped' });
    await t.api('POST', '/api/v1/topics', { name: 'everyone', access: 'public' });
    const [first, second] = [await mint(t, topic.body.id), await mint(t, topic.body.id)];
    const url = `${baseUrl}/api/v1/topics/capped/stream?token=`;
    expect((await open(`${url}${first}`)).status).toBe(200);
    const again = await open(`${url}${first}`);
    expect(again.status).toBe(429);
    expect(again.errorBody).toMatchObject({ error: { code: 'NB_ERR_TOO_MANY_STREAMS' } });
    expect((await open(`${url}${second}`)).status).toBe(200);
    expect((await open(`${baseUrl}/api/v1/topics/everyone/stream`)).status).toBe(200);
    expect((await open(`${baseUrl}/api/v1/topics/everyone/stream`)).status).toBe(429);
  });

  it('answers an unknown topic and an internal one with the same 404', async () => {
    const { t, baseUrl } = await start();
    await t.api('POST', '/api/v1/topics', { name: 'internal', external: false, access: 'public' });
    const unknown = await open(`${baseUrl}/api/v1/topics/no-such/stream`);
    const internal = await open(`${baseUrl}/api/v1/topics/internal/stream`);
    const badName = await open(`${baseUrl}/api/v1/topics/${encodeURIComponent('a b')}/stream`);
    const bodies = [unknown, internal, badName].map((r) => {
      expect(r.status).toBe(404);
      const { requestId: _id, ...error } = (r.errorBody as { error: { requestId: string } }).error;
      return error;
    });
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
  });

  it('keeps tokens signed before a rotation valid until they expire, and signs new ones with the new key', async () => {
    const clock = manualClock(Date.parse('2026-12-03T12:00:00Z'));
    const { t, baseUrl } = await start({ NB_SUBSCRIBER_TOKEN_TTL_MAX_SECONDS: '3600' }, clock);
    const topic = await t.api<{ id: string }>('POST', '/api/v1/topics', { name: 'rotating' });
    const before = await mint(t, topic.body.id, 600);
    const rotated = await t.api<{ keyId: string; retired: number }>(
      'POST',
      '/api/v1/topics/signing-keys/rotate',
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body.retired).toBe(1);
    const after = await mint(t, topic.body.id, 3600);
    const kid = (token: string) =>
      JSON.parse(Buffer.from(token.slice(5, token.lastIndexOf('.')), 'base64url').toString()).kid;
    expect(kid(after)).toBe(rotated.body.keyId);
    expect(kid(before)).not.toBe(rotated.body.keyId);

    const url = `${baseUrl}/api/v1/topics/rotating/stream?token=`;
    for (const token of [before, after]) {
      const reader = await open(`${url}${token}`);
      expect(reader.status).toBe(200);
      reader.close();
    }
    clock.advance(600_000);
    expect((await open(`${url}${before}`)).status).toBe(401);
    const stillValid = await open(`${url}${after}`);
    expect(stillValid.status).toBe(200);
    stillValid.close();

    // A rotation once every token of a retired key has expired deletes that key.
    clock.advance(3600_000 + 60_000);
    const again = await t.api<{ deleted: number }>('POST', '/api/v1/topics/signing-keys/rotate');
    expect(again.body.deleted).toBe(1);
  });

  it('keeps each member to their own topics: others’ answer 404, names are validated and unique', async () => {
    const { t } = await start();
    const mia = await member(t, 'mia');
    const ben = await member(t, 'ben');
    const as =
      (who: { auth: Record<string, string> }) => async (method: string, url: string, payload?: object) => {
        const response = await t.app.http.inject({
          method: method as 'GET',
          url,
          headers: who.auth,
          ...(payload ? { payload } : {}),
        });
        return { status: response.statusCode, body: response.body ? response.json() : undefined };
      };
    const asMia = as(mia);
    const asBen = as(ben);
    const created = await asMia('POST', '/api/v1/topics', { name: 'mias-phone', description: 'my phone' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'mias-phone',
      access: 'token',
      external: true,
      ownerId: mia.id,
    });
    const id = created.body.id as string;

    expect((await asBen('GET', `/api/v1/topics/${id}`)).status).toBe(404);
    expect((await asBen('PATCH', `/api/v1/topics/${id}`, { access: 'public' })).status).toBe(404);
    expect((await asBen('DELETE', `/api/v1/topics/${id}`)).status).toBe(404);
    expect((await asBen('POST', `/api/v1/topics/${id}/tokens`, {})).status).toBe(404);
    expect((await asBen('GET', '/api/v1/topics')).body.items).toEqual([]);
    expect((await asMia('GET', '/api/v1/topics')).body.items.map((x: { id: string }) => x.id)).toEqual([id]);
    expect((await t.api('GET', `/api/v1/topics/${id}`)).status).toBe(200);

    const taken = await asBen('POST', '/api/v1/topics', { name: 'mias-phone' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('NB_ERR_CONFLICT');
    for (const name of ['', 'has space', 'ä', 'a/b', 'x'.repeat(65)]) {
      const refused = await asBen('POST', '/api/v1/topics', { name });
      expect(refused.status, name).toBe(400);
    }
    expect((await asBen('POST', '/api/v1/topics', { name: 'Ben_2-x' })).status).toBe(201);
    expect((await t.app.database.db.selectFrom('topics').select('id').execute()).length).toBe(2);
    // A member cannot rotate the signing keys.
    expect((await asMia('POST', '/api/v1/topics/signing-keys/rotate')).status).toBe(403);

    const updated = await asMia('PATCH', `/api/v1/topics/${id}`, { external: false, access: 'public' });
    expect(updated.body).toMatchObject({ external: false, access: 'public' });
    expect((await asMia('DELETE', `/api/v1/topics/${id}`)).status).toBe(204);
    expect((await asMia('GET', `/api/v1/topics/${id}`)).status).toBe(404);
  });

  it('accepts a topic receiver only for a topic of the target’s owner', async () => {
    const { t } = await start();
    const mia = await member(t, 'mia');
    await t.app.http.inject({
      method: 'POST',
      url: '/api/v1/topics',
      headers: mia.auth,
      payload: { name: 'mias' },
    });
    await t.api('POST', '/api/v1/topics', { name: 'admins' });
    const target = await t.app.http.inject({
      method: 'POST',
      url: '/api/v1/targets',
      headers: mia.auth,
      payload: { kind: 'topic', name: 'my topics', config: {} },
    });
    expect(target.statusCode).toBe(201);
    const receiver = (topic: string) =>
      t.app.http.inject({
        method: 'POST',
        url: `/api/v1/targets/${target.json().id}/receivers`,
        headers: mia.auth,
        payload: { name: topic, address: { topic } },
      });
    expect((await receiver('mias')).statusCode).toBe(201);
    const others = await receiver('admins');
    expect(others.statusCode).toBe(400);
    expect(others.json().error.message).toContain('no topic "admins"');
    expect((await receiver('nowhere')).statusCode).toBe(400);
    expect((await receiver('bad name')).statusCode).toBe(400);
  });

  it('publishes once when a delivery is sent again after its outcome was lost', async () => {
    const { t, baseUrl } = await start();
    const pipe = await createTopicPipeline(t, { name: 'once' });
    await postHook(baseUrl, pipe.sourceId, { title: 'exactly once' });
    const delivery = async () =>
      t.app.database.db.selectFrom('deliveries').selectAll().executeTakeFirstOrThrow();
    await expect.poll(async () => (await delivery()).status).toBe('sent');
    expect(await topicEntries(t, pipe.topicId)).toBe(1);
    // As after a crash between the publish and recording its outcome: the delivery is due again.
    await t.app.database.db
      .updateTable('deliveries')
      .set({ status: 'pending', due_at: Date.now(), lease_until: null, lease_owner: null, finished_at: null })
      .execute();
    t.app.dispatcher.wake();
    await expect.poll(async () => (await delivery()).attempts).toBe(2);
    await expect.poll(async () => (await delivery()).status).toBe('sent');
    expect(await topicEntries(t, pipe.topicId)).toBe(1);
  });

  it('disables a receiver whose topic was deleted', async () => {
    const { t, baseUrl } = await start();
    const pipe = await createTopicPipeline(t, { name: 'gone' });
    await t.api('DELETE', `/api/v1/topics/${pipe.topicId}`);
    await postHook(baseUrl, pipe.sourceId, { title: 'to nowhere' });
    await expect
      .poll(async () => {
        const receiver = await t.api<{ enabled: boolean }>(
          'GET',
          `/api/v1/targets/${pipe.targetId}/receivers/${pipe.receiverId}`,
        );
        return receiver.body.enabled;
      })
      .toBe(false);
  });
});
