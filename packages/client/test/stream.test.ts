import {
  ApiError,
  createApiClient,
  type ReconnectInfo,
  type StreamEntry,
  subscribe,
  unwrap,
} from '@notify-bridge/client';
import { afterEach, describe, expect, it } from 'vitest';
import { appendStreamEntries } from '../../server/src/realtime/append-entries.ts';
import { deleteExpiredEntries } from '../../server/src/realtime/retention.ts';
import { HttpSink } from '../../server/test/helpers/http-sink.ts';
import { createPipeline, postHook } from '../../server/test/helpers/pipeline-setup.ts';
import {
  startAnotherNode,
  startTestApp,
  type TestApp,
  testAdminToken,
} from '../../server/test/helpers/test-app.ts';
import { browserFetch } from './helpers/browser-fetch.ts';
import { recordingSleep } from './helpers/scripted-sse-server.ts';

/**
 * The built client's subscribe() against the real GET /api/v1/stream: a real app listening on a port,
 * the real broadcaster, entries made by the real pipeline (or appended as the pipeline appends them).
 * On SQLite only: the client sees HTTP, not the database, and the server's own stream tests
 * (packages/server/test/realtime/) run every case on both dialects; twice the 8 MB slow-consumer case
 * beside theirs overloaded the full suite on two cores.
 */
const dialect = 'sqlite';

describe('subscribe against the real server', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(env: Record<string, string> = {}) {
    const t = await startTestApp(dialect, env);
    cleanups.push(() => t.close());
    const baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
    const sink = await new HttpSink().start();
    cleanups.push(() => sink.close());
    const pipe = await createPipeline(t, `${sink.url}/hook`);
    return { t, baseUrl, sink, pipe };
  }

  /** Runs a subscription in the background, stopped at the end of the test. */
  function follow(run: (signal: AbortSignal) => Promise<void>) {
    const controller = new AbortController();
    const done = run(controller.signal);
    cleanups.push(async () => {
      controller.abort();
      await done.catch(() => {});
    });
    return { controller, done };
  }

  async function storedIds(t: TestApp, app = t.app): Promise<number[]> {
    const rows = await app.database.db.selectFrom('stream_entries').select('id').orderBy('id').execute();
    return rows.map((row) => Number(row.id));
  }

  it('delivers an event and its delivery state as they commit, with a member’s own API token', async () => {
    const { t, baseUrl, pipe } = await start();
    const admin = createApiClient({ baseUrl, token: testAdminToken });
    unwrap(await admin.POST('/api/v1/users', { body: { name: 'mia', password: 'correct horse battery' } }));
    const member = createApiClient({ baseUrl, session: true, fetch: browserFetch(baseUrl).fetch });
    await member.POST('/api/v1/auth/sign-in', { body: { name: 'mia', password: 'correct horse battery' } });
    const { token } = unwrap(
      await member.POST('/api/v1/tokens', { body: { name: 'app', scopes: ['read'] } }),
    );

    const mine: StreamEntry[] = [];
    const everything: StreamEntry[] = [];
    follow((signal) => subscribe('events', { onEntry: (e) => mine.push(e) }, { baseUrl, token, signal }));
    follow((signal) =>
      subscribe(
        ['events', 'deliveries'],
        { onEntry: (e) => everything.push(e) },
        { baseUrl, token: testAdminToken, signal },
      ),
    );
    await expect.poll(() => t.app.broadcaster.subscribers).toBe(2);
    const posted = await postHook(baseUrl, pipe.sourceId, { title: 'disk full' });
    await expect.poll(() => everything.map((e) => e.type)).toEqual(['event.committed', 'delivery.state']);
    expect(everything[0]).toMatchObject({
      stream: 'events',
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: { eventId: posted.body.id, title: 'disk full' },
    });
    expect(everything[1]).toMatchObject({
      stream: 'deliveries',
      data: { status: 'sent', eventId: posted.body.id },
    });
    // The event was the admin's: the member's own stream stays empty.
    expect(mine).toEqual([]);
  });

  it('follows the stream with a browser’s session cookie, no token', async () => {
    const { t, baseUrl, pipe } = await start();
    const browser = browserFetch(baseUrl);
    const api = createApiClient({ baseUrl, session: true, fetch: browser.fetch });
    const admin = createApiClient({ baseUrl, token: testAdminToken });
    unwrap(
      await admin.POST('/api/v1/users', {
        body: { name: 'ann', password: 'correct horse battery', role: 'admin' },
      }),
    );
    expect(
      (await api.POST('/api/v1/auth/sign-in', { body: { name: 'ann', password: 'correct horse battery' } }))
        .response.status,
    ).toBe(200);
    const entries: StreamEntry[] = [];
    follow((signal) =>
      subscribe(
        'events',
        { onEntry: (e) => entries.push(e) },
        { baseUrl, credentials: 'include', fetch: browser.fetch, signal },
      ),
    );
    await expect.poll(() => t.app.broadcaster.subscribers).toBe(1);
    await postHook(baseUrl, pipe.sourceId, { title: 'seen by the admin ann' });
    await expect.poll(() => entries.map((e) => e.data.title)).toEqual(['seen by the admin ann']);
  });

  it('reconnects by itself across a server restart and gets every entry missed, in order, none twice', async () => {
    const { t, baseUrl, sink, pipe } = await start();
    // One address for both servers, as behind a load balancer: the restarted node listens on a new port.
    let current = baseUrl;
    const stableFetch: typeof fetch = (input, init) => fetch(String(input).replace(baseUrl, current), init);
    const entries: StreamEntry[] = [];
    const reconnects: ReconnectInfo[] = [];
    let restarted: () => void = () => {};
    const up = new Promise<void>((resolve) => {
      restarted = resolve;
    });
    follow((signal) =>
      subscribe(
        ['events', 'deliveries'],
        { onEntry: (e) => entries.push(e), onReconnect: (info) => reconnects.push(info) },
        { baseUrl, token: testAdminToken, fetch: stableFetch, signal, sleep: () => up, idleTimeoutMs: 0 },
      ),
    );
    await expect.poll(() => t.app.broadcaster.subscribers).toBe(1);
    for (let i = 0; i < 2; i++) await postHook(baseUrl, pipe.sourceId, { title: `before ${i}` });
    await sink.waitForRequests(2);
    await expect.poll(() => entries.length).toBe(4);
    await t.app.close();

    const again = await startAnotherNode(t);
    cleanups.push(() => again.close());
    current = (await again.listen()).replace('0.0.0.0', '127.0.0.1');
    for (let i = 0; i < 2; i++) await postHook(current, pipe.sourceId, { title: `while away ${i}` });
    await sink.waitForRequests(4);
    restarted();
    await expect.poll(() => again.broadcaster.subscribers).toBe(1);
    await postHook(current, pipe.sourceId, { title: 'live' });
    await sink.waitForRequests(5);
    await expect.poll(() => entries.length).toBe(10);

    expect(entries.map((e) => e.id)).toEqual(await storedIds(t, again));
    expect(entries.filter((e) => e.type === 'event.committed').map((e) => e.data.title)).toEqual([
      'before 0',
      'before 1',
      'while away 0',
      'while away 1',
      'live',
    ]);
    expect(reconnects[0]!.reason).toBe('ended');
  });

  it('is dropped as a slow consumer, then resumes from the id the server names and misses nothing', async () => {
    const { t, baseUrl } = await start({ NB_STREAM_BUFFER_KIB: '64' });
    // A reader that reads nothing until let go: what it does not read backs up into the server's buffer.
    let letGo: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      letGo = resolve;
    });
    let first = true;
    const slowFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!first || !response.body) return response;
      first = false;
      const gate = new TransformStream<Uint8Array, Uint8Array>({ start: () => held }, { highWaterMark: 1 });
      return new Response(response.body.pipeThrough(gate), response);
    };
    const total = 8000;
    const ids: number[] = [];
    const dropped: unknown[] = [];
    const { sleep, delays } = recordingSleep();
    const { controller, done } = follow((signal) =>
      subscribe(
        'events',
        {
          onEntry: (e) => {
            ids.push(e.id);
            if (ids.length === total) controller.abort();
          },
          onDropped: (d) => dropped.push(d),
        },
        { baseUrl, token: testAdminToken, fetch: slowFetch, signal, sleep, random: () => 0 },
      ),
    );
    // A reader that keeps up: once it has a commit, the server has fanned that commit out to the slow one
    // too (or dropped it).
    let kept = 0;
    let waiting: { count: number; wake: () => void } | undefined;
    const keptUpTo = (count: number) =>
      new Promise<void>((wake) => {
        if (kept >= count) wake();
        else waiting = { count, wake };
      });
    follow((signal) =>
      subscribe(
        'events',
        {
          onEntry: () => {
            kept += 1;
            if (waiting && kept >= waiting.count) waiting.wake();
          },
        },
        { baseUrl, token: testAdminToken, signal },
      ),
    );
    await expect.poll(() => t.app.broadcaster.subscribers).toBe(2);
    // 8 MB, in commits of 200 entries of 1 KB as the pipeline appends them: more than the socket buffers
    // take and far more than the 64 KiB the server holds for one subscriber. The server judges a reader
    // by what it left of earlier commits, and the one that keeps up takes each before the next.
    const blob = 'x'.repeat(1000);
    const perCommit = 200;
    for (let from = 0; from < total; from += perCommit) {
      await t.app.database.db.transaction().execute((trx) =>
        appendStreamEntries(
          trx,
          t.app.database,
          Array.from({ length: perCommit }, (_, i) => ({
            stream: 'events' as const,
            ownerId: t.app.boot.adminUserId,
            type: 'event.committed',
            data: { n: from + i, blob },
          })),
          Date.now(),
        ),
      );
      t.app.broadcaster.committed();
      await keptUpTo(from + perCommit);
    }
    letGo();
    await done;
    expect(dropped).toEqual([{ reason: 'slow-consumer', lastId: expect.any(Number) }]);
    expect(ids).toEqual(await storedIds(t));
    // After the drop it waited the first backoff step (at least half a second), not at once.
    expect(delays).toEqual([500]);
  });

  it('waits out a 429 for too many streams with backoff, and connects once one closed', async () => {
    const { t, baseUrl } = await start({ NB_STREAM_MAX_PER_USER: '1' });
    const first = follow((signal) =>
      subscribe('health', { onEntry: () => {} }, { baseUrl, token: testAdminToken, signal }),
    );
    await expect.poll(() => t.app.broadcaster.subscribers).toBe(1);
    const reasons: unknown[] = [];
    let opened = false;
    follow((signal) =>
      subscribe(
        'health',
        {
          onEntry: () => {},
          onReconnect: ({ reason }) => reasons.push(reason),
          onOpen: () => (opened = true),
        },
        {
          baseUrl,
          token: testAdminToken,
          signal,
          idleTimeoutMs: 0,
          // The first wait is when the other stream closes.
          sleep: async () => {
            first.controller.abort();
            await expect.poll(() => t.app.broadcaster.subscribers).toBe(0);
          },
        },
      ),
    );
    await expect.poll(() => opened).toBe(true);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toBeInstanceOf(ApiError);
    expect(reasons[0]).toMatchObject({ status: 429, code: 'NB_ERR_TOO_MANY_STREAMS' });
  });

  it('refuses a bad token with the 401 ApiError, or reconnects with the token onTokenExpired gives', async () => {
    const { t, baseUrl } = await start();
    await expect(
      subscribe('events', { onEntry: () => {} }, { baseUrl, token: 'nbt_not-a-token' }),
    ).rejects.toMatchObject({ status: 401, code: 'NB_ERR_UNAUTHORIZED', requestId: expect.any(String) });
    let asked = 0;
    const { sleep, delays } = recordingSleep();
    follow((signal) =>
      subscribe(
        'events',
        { onEntry: () => {} },
        {
          baseUrl,
          token: 'nbt_expired-token',
          onTokenExpired: () => {
            asked += 1;
            return testAdminToken;
          },
          signal,
          sleep,
        },
      ),
    );
    await expect.poll(() => t.app.broadcaster.subscribers).toBe(1);
    expect(asked).toBe(1);
    expect(delays).toHaveLength(1);
  });

  it('reports the gap when resuming from before the retention, then reads on from the oldest kept', async () => {
    const { t, baseUrl, sink, pipe } = await start();
    await postHook(baseUrl, pipe.sourceId, { title: 'old' });
    await sink.waitForRequests(1);
    await expect.poll(() => storedIds(t).then((ids) => ids.length)).toBe(2);
    await deleteExpiredEntries(t.app.database, Date.now() + 1);
    await postHook(baseUrl, pipe.sourceId, { title: 'new' });
    await sink.waitForRequests(2);
    await expect.poll(() => storedIds(t).then((ids) => ids.length)).toBe(2);
    const kept = await storedIds(t);
    const gaps: unknown[] = [];
    const ids: number[] = [];
    follow((signal) =>
      subscribe(
        ['events', 'deliveries'],
        { onEntry: (e) => ids.push(e.id), onGap: (gap) => gaps.push(gap) },
        { baseUrl, token: testAdminToken, lastEventId: 0, signal },
      ),
    );
    await expect.poll(() => ids).toEqual(kept);
    expect(gaps).toEqual([{ after: 0, oldest: kept[0] }]);
  });

  it('ends with a 400 ApiError for a stream the server does not know', async () => {
    const { baseUrl } = await start();
    await expect(
      subscribe(['events', 'bogus' as 'events'], { onEntry: () => {} }, { baseUrl, token: testAdminToken }),
    ).rejects.toMatchObject({ status: 400, code: 'NB_ERR_VALIDATION' });
  });
});
