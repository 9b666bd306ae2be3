import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { insertToken } from '../../src/bootstrap.ts';
import { type ManualClock, manualClock } from '../../src/domain/clock.ts';
import { newId } from '../../src/ids.ts';
import { appendStreamEntries } from '../../src/realtime/append-entries.ts';
import { deleteExpiredEntries } from '../../src/realtime/retention.ts';
import { generateApiToken } from '../../src/security/api-tokens.ts';
import { testDialects } from '../helpers/databases.ts';
import { HttpSink } from '../helpers/http-sink.ts';
import { createPipeline, postHook } from '../helpers/pipeline-setup.ts';
import { SseReader } from '../helpers/sse-reader.ts';
import { startAnotherNode, startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';

const admin = { authorization: `Bearer ${testAdminToken}` };

describe.each(testDialects)('realtime streams on %s', (dialect) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(env: Record<string, string> = {}, clock?: ManualClock) {
    const t = await startTestApp(dialect, env, clock ? { clock } : {});
    cleanups.push(() => t.close());
    const baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
    const sink = await new HttpSink().start();
    cleanups.push(() => sink.close());
    const pipe = await createPipeline(t, `${sink.url}/hook`);
    return { t, baseUrl, sink, pipe };
  }

  async function open(url: string, headers: Record<string, string> = admin, paused = false) {
    const reader = await SseReader.open(url, headers, { paused });
    cleanups.push(() => reader.close());
    return reader;
  }

  /** Every entry stored, in id order, as a subscriber of everything would get them. */
  async function storedIds(t: TestApp, app = t.app): Promise<number[]> {
    const rows = await app.database.db.selectFrom('stream_entries').select('id').orderBy('id').execute();
    return rows.map((row) => Number(row.id));
  }

  it('shows an event and its delivery as they commit, each with an id in commit order', async () => {
    const { baseUrl, sink, pipe } = await start();
    const reader = await open(`${baseUrl}/api/v1/stream`);
    expect(reader.status).toBe(200);
    const posted = await postHook(baseUrl, pipe.sourceId, { title: 'disk full' });
    expect(posted.status).toBe(202);
    await reader.until((r) => r.entries().some((e) => e.event === 'delivery.state'), 'the delivery state');
    await sink.waitForRequests(1);
    const [event, delivery] = reader.entries();
    expect(event).toMatchObject({
      event: 'event.committed',
      data: {
        stream: 'events',
        type: 'event.committed',
        data: { eventId: posted.body.id, sourceId: pipe.sourceId, title: 'disk full', deliveries: 1 },
      },
    });
    expect(delivery).toMatchObject({
      event: 'delivery.state',
      data: {
        stream: 'deliveries',
        data: { status: 'sent', attempt: 1, eventId: posted.body.id, receiverId: pipe.receiverId },
      },
    });
    expect(delivery!.id).toBeGreaterThan(event!.id);
    expect(event!.data).not.toHaveProperty('ownerId');
  });

  it('gives a member only their own entries and an admin everyone’s', async () => {
    const { t, baseUrl, pipe } = await start();
    const memberId = newId();
    await t.app.database.db
      .insertInto('users')
      .values({ id: memberId, name: 'mia', role: 'member', created_at: Date.now() })
      .execute();
    const memberToken = generateApiToken();
    await insertToken(t.app.database, memberId, memberToken, 'mia', Date.now(), ['write']);
    const memberSource = await t.app.http.inject({
      method: 'POST',
      url: '/api/v1/sources',
      headers: { authorization: `Bearer ${memberToken}` },
      payload: {
        kind: 'webhook',
        name: 'mia’s',
        config: { auth: { mode: 'bearer' }, secret: 'mia-secret-0123456789' },
      },
    });
    expect(memberSource.statusCode).toBe(201);
    const member = await open(`${baseUrl}/api/v1/stream?streams=events`, {
      authorization: `Bearer ${memberToken}`,
    });
    const everyone = await open(`${baseUrl}/api/v1/stream?streams=events`);

    await postHook(baseUrl, pipe.sourceId, { title: 'the admin’s' });
    const mine = await fetch(`${baseUrl}/hooks/${memberSource.json().id}`, {
      method: 'POST',
      headers: { authorization: 'Bearer mia-secret-0123456789', 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'mia’s own' }),
    });
    expect(mine.status).toBe(202);
    await everyone.until((r) => r.entries().length === 2, 'both events');
    await member.until((r) => r.entries().length === 1, 'her event');
    // The admin's event committed first: had the member's stream included it, it would have come first.
    expect(member.entries().map((e) => e.data.data)).toMatchObject([{ title: 'mia’s own' }]);
    expect(everyone.entries().map((e) => (e.data.data as { title: string }).title)).toEqual([
      'the admin’s',
      'mia’s own',
    ]);
  });

  it('resumes after a server restart with every entry missed, in order, none twice', async () => {
    const { t, baseUrl, sink, pipe } = await start();
    const first = await open(`${baseUrl}/api/v1/stream`);
    for (let i = 0; i < 3; i++) await postHook(baseUrl, pipe.sourceId, { title: `before ${i}` });
    await sink.waitForRequests(3);
    await first.until((r) => r.entries().length === 6, 'three events and three deliveries');
    const lastSeen = first.entries().at(-1)!.id;
    first.close();
    await t.app.close();

    const restarted = await startAnotherNode(t);
    cleanups.push(() => restarted.close());
    const url = (await restarted.listen()).replace('0.0.0.0', '127.0.0.1');
    for (let i = 0; i < 3; i++) await postHook(url, pipe.sourceId, { title: `after ${i}` });
    await sink.waitForRequests(6);
    const resumed = await open(`${url}/api/v1/stream`, { ...admin, 'last-event-id': String(lastSeen) });
    await postHook(url, pipe.sourceId, { title: 'live' });
    await resumed.until((r) => r.entries().some((e) => (e.data.data as { title?: string }).title === 'live'));
    await sink.waitForRequests(7);
    await resumed.until((r) => r.entries().length === 8, 'four events and four deliveries');

    const seen = [...first.entries(), ...resumed.entries()].map((e) => e.id);
    expect(seen).toEqual(await storedIds(t, restarted));
    expect(new Set(seen).size).toBe(seen.length);
    expect(
      resumed
        .entries()
        .map((e) => (e.data.data as { title?: string }).title)
        .filter(Boolean),
    ).toEqual(['after 0', 'after 1', 'after 2', 'live']);
  });

  it('says what retention deleted before resuming from the oldest entry kept', async () => {
    const { t, baseUrl, sink, pipe } = await start();
    await postHook(baseUrl, pipe.sourceId, { title: 'old' });
    await sink.waitForRequests(1);
    await expect.poll(() => storedIds(t).then((ids) => ids.length)).toBe(2);
    const deleted = await deleteExpiredEntries(t.app.database, Date.now() + 1);
    expect(deleted).toBe(2);
    await postHook(baseUrl, pipe.sourceId, { title: 'new' });
    await sink.waitForRequests(2);
    await expect.poll(() => storedIds(t).then((ids) => ids.length)).toBe(2);
    const kept = await storedIds(t);

    const reader = await open(`${baseUrl}/api/v1/stream?since=0`);
    await reader.until((r) => r.entries().length === 2, 'the entries kept');
    const gap = reader.frames.find((frame) => frame.event === 'gap');
    expect(JSON.parse(gap!.data!)).toEqual({ after: 0, oldest: kept[0] });
    expect(reader.frames.indexOf(gap!)).toBeLessThan(reader.frames.findIndex((f) => f.id !== undefined));
    expect(reader.entries().map((e) => e.id)).toEqual(kept);
  });

  it('deletes entries past NB_STREAM_RETENTION_HOURS on the clock', async () => {
    const clock = manualClock(Date.parse('2026-12-01T10:00:00Z'));
    const { t, baseUrl, pipe } = await start({ NB_STREAM_RETENTION_HOURS: '1' }, clock);
    await postHook(baseUrl, pipe.sourceId, { title: 'soon gone' });
    await expect.poll(() => storedIds(t).then((ids) => ids.length)).toBeGreaterThan(0);
    const old = await storedIds(t);
    clock.advance(50 * 60_000);
    expect(await storedIds(t)).toEqual(expect.arrayContaining(old));
    // The sweep runs every 10 minutes (each scheduled when the one before has finished): one after the
    // hour has passed deletes them, and moves the horizon past them.
    await expect
      .poll(async () => {
        clock.advance(10 * 60_000);
        const left = await storedIds(t);
        return old.filter((id) => left.includes(id));
      })
      .toEqual([]);
    const horizon = await t.app.database.db
      .selectFrom('stream_horizon')
      .select('deleted_through')
      .executeTakeFirst();
    expect(Number(horizon!.deleted_through)).toBeGreaterThanOrEqual(old.at(-1)!);
  });

  it('drops a subscriber that stops reading, with a last event saying from where to resume', async () => {
    const { t, baseUrl } = await start();
    const slow = await open(`${baseUrl}/api/v1/stream?streams=events`, admin, true);
    const everyone = await open(`${baseUrl}/api/v1/stream?streams=events`);
    const blob = 'x'.repeat(1000);
    const adminId = t.app.boot.adminUserId;
    // 8 MB in all: more than the kernel's socket buffers take for a reader that reads nothing. Commits of
    // 500 entries (one page, 550 KB of frames) at a time, under the 1 MiB cap, so the reader that keeps up
    // is never over it.
    const total = 8000;
    const perCommit = 500;
    for (let from = 0; from < total; from += perCommit) {
      await t.app.database.db.transaction().execute((trx) =>
        appendStreamEntries(
          trx,
          t.app.database,
          Array.from({ length: perCommit }, (_, i) => ({
            stream: 'events' as const,
            ownerId: adminId,
            type: 'event.committed',
            data: { n: from + i, blob },
          })),
          Date.now(),
        ),
      );
      t.app.broadcaster.committed();
      // The reader that keeps up has taken each commit before the next.
      await everyone.until((r) => r.entries().length === from + perCommit, 'the commit');
    }
    await everyone.until((r) => r.entries().length === total, 'every entry, for the reader that keeps up');
    slow.resume();
    await slow.until((r) => r.ended, 'the end of the dropped stream');
    const dropped = slow.frames.at(-1)!;
    expect(dropped.event).toBe('dropped');
    const { reason, lastId } = JSON.parse(dropped.data!);
    expect(reason).toBe('slow-consumer');
    expect(slow.entries().at(-1)!.id).toBe(lastId);
    expect(slow.entries().length).toBeLessThan(total);

    const resumed = await open(`${baseUrl}/api/v1/stream?streams=events`, {
      ...admin,
      'last-event-id': String(lastId),
    });
    await resumed.until((r) => r.entries().length === total - slow.entries().length, 'the rest');
    expect([...slow.entries(), ...resumed.entries()].map((e) => e.data.data)).toEqual(
      everyone.entries().map((e) => e.data.data),
    );
  });

  it('sends a keepalive comment every NB_STREAM_HEARTBEAT_SECONDS', async () => {
    const clock = manualClock(Date.parse('2026-12-01T10:00:00Z'));
    const { baseUrl } = await start({ NB_STREAM_HEARTBEAT_SECONDS: '25' }, clock);
    const reader = await open(`${baseUrl}/api/v1/stream`);
    await reader.until((r) => r.frames.length === 1, 'the opening comment');
    clock.advance(24_000);
    clock.advance(1_000);
    await reader.until((r) => r.frames.some((frame) => frame.comment === 'keepalive'), 'a keepalive');
    clock.advance(25_000);
    await reader.until((r) => r.frames.filter((frame) => frame.comment === 'keepalive').length === 2);
  });

  it('answers 429 past NB_STREAM_MAX_PER_USER open streams, and takes another once one closed', async () => {
    const { t, baseUrl } = await start({ NB_STREAM_MAX_PER_USER: '2' });
    const one = await open(`${baseUrl}/api/v1/stream`);
    await open(`${baseUrl}/api/v1/stream`);
    const third = await open(`${baseUrl}/api/v1/stream`);
    expect(third.status).toBe(429);
    expect(third.errorBody).toMatchObject({ error: { code: 'NB_ERR_TOO_MANY_STREAMS' } });
    one.close();
    await expect.poll(() => t.app.broadcaster.subscribers).toBe(1);
    expect((await open(`${baseUrl}/api/v1/stream`)).status).toBe(200);
  });

  it('refuses bad requests with a clear 4xx before opening anything', async () => {
    const { t, baseUrl } = await start();
    const cases: [string, Record<string, string>, number, string][] = [
      ['/api/v1/stream?streams=events,bogus', admin, 400, 'unknown stream \\"bogus\\"'],
      ['/api/v1/stream?since=-1', admin, 400, 'since'],
      ['/api/v1/stream', { ...admin, 'last-event-id': 'abc' }, 400, 'Last-Event-ID'],
      ['/api/v1/stream', {}, 401, 'API token'],
      ['/api/v1/stream', { authorization: 'Bearer nbt_not-a-token' }, 401, 'unknown'],
    ];
    for (const [url, headers, status, says] of cases) {
      const reader = await open(`${baseUrl}${url}`, headers);
      expect(reader.status, url).toBe(status);
      expect(JSON.stringify(reader.errorBody)).toContain(says);
    }
    expect(t.app.broadcaster.subscribers).toBe(0);
  });

  it('keeps every entry in commit order under concurrent writers', async () => {
    const { t, baseUrl, sink, pipe } = await start();
    const nodes: App[] = [t.app];
    const urls = [baseUrl];
    if (dialect === 'postgres') {
      const other = await startAnotherNode(t);
      cleanups.push(() => other.close());
      nodes.push(other);
      urls.push((await other.listen()).replace('0.0.0.0', '127.0.0.1'));
    }
    const readers = await Promise.all(urls.map((url) => open(`${url}/api/v1/stream`)));
    const count = 60;
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        postHook(urls[i % urls.length]!, pipe.sourceId, { title: `n${i}` }),
      ),
    );
    await sink.waitForRequests(count);
    for (const reader of readers) await reader.until((r) => r.entries().length === 2 * count, 'every entry');
    const stored = await storedIds(t);
    for (const reader of readers) expect(reader.entries().map((e) => e.id)).toEqual(stored);
    expect(nodes.length).toBe(dialect === 'postgres' ? 2 : 1);
  });
});

describe.runIf(testDialects.includes('postgres'))('realtime streams across nodes on Postgres', () => {
  it('wakes a node by NOTIFY when another node commits, with no polling', async () => {
    const t = await startTestApp('postgres');
    const clock = manualClock(Date.now());
    // A manual clock that never moves: the other node's poll never runs, so only the NOTIFY can wake it.
    const other = await startAnotherNode(t, { clock });
    try {
      const baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
      const otherUrl = (await other.listen()).replace('0.0.0.0', '127.0.0.1');
      const sink = await new HttpSink().start();
      const pipe = await createPipeline(t, `${sink.url}/hook`);
      const reader = await SseReader.open(`${otherUrl}/api/v1/stream?streams=events`, admin);
      await postHook(baseUrl, pipe.sourceId, { title: 'from node A' });
      await reader.until((r) => r.entries().length === 1, 'the event committed on the other node');
      expect(reader.entries()[0]!.data.data).toMatchObject({ title: 'from node A' });
      reader.close();
      await sink.close();
    } finally {
      await other.close();
      await t.close();
    }
  });
});
