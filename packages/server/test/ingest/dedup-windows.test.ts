import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ManualClock, manualClock } from '../../src/domain/clock.ts';
import { testDialects } from '../helpers/databases.ts';
import { HttpSink } from '../helpers/http-sink.ts';
import { createPipeline, type Pipeline, postHook } from '../helpers/pipeline-setup.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

interface SourceView {
  id: string;
  bodyDedupWindowMinutes: number | null;
}

const start = Date.parse('2026-12-03T06:00:00Z');
const minutes = 60_000;

describe.each(testDialects)('the two dedup windows through /hooks on %s', (dialect) => {
  let t: TestApp;
  let clock: ManualClock;
  let sink: HttpSink;
  let baseUrl: string;
  let pipe: Pipeline;

  beforeAll(async () => {
    clock = manualClock(start);
    t = await startTestApp(dialect, { NB_DEDUP_WINDOW_HOURS: '72' }, { clock });
    baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
    sink = await new HttpSink().start();
    // The source reads a delivery id from `x-delivery-id`; a request without it is deduped by its body.
    pipe = await createPipeline(t, `${sink.url}/hook`);
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    postHook(baseUrl, pipe.sourceId, body, headers);

  it('takes the same body for a retry within 10 minutes, and for a new event after 11', async () => {
    const body = { title: 'Backup finished', n: 1 };
    const first = await post(body);
    expect(first).toEqual({ status: 202, body: { id: expect.any(String), duplicate: false } });
    const firstAt = clock.now();

    clock.advance(9 * minutes);
    const retry = await post(body);
    expect(retry).toEqual({
      status: 200,
      body: {
        id: first.body.id,
        duplicate: true,
        dedup: {
          by: 'body',
          of: first.body.id,
          windowSeconds: 600,
          until: new Date(firstAt + 10 * minutes).toISOString(),
        },
      },
    });

    clock.advance(2 * minutes);
    const nextDay = await post(body);
    expect(nextDay.status).toBe(202);
    expect(nextDay.body).toEqual({ id: expect.any(String), duplicate: false });
    expect(nextDay.body.id).not.toBe(first.body.id);
  });

  it('keeps a delivery id a duplicate after 11 minutes, for NB_DEDUP_WINDOW_HOURS', async () => {
    const first = await post({ title: 'pushed' }, { 'x-delivery-id': 'gh-delivery-1' });
    expect(first.status).toBe(202);
    const firstAt = clock.now();

    clock.advance(11 * minutes);
    // A redelivery may differ in its body (a new timestamp); the id alone makes it the same delivery.
    const redelivered = await post(
      { title: 'pushed', redelivery: true },
      { 'x-delivery-id': 'gh-delivery-1' },
    );
    expect(redelivered).toEqual({
      status: 200,
      body: {
        id: first.body.id,
        duplicate: true,
        dedup: {
          by: 'key',
          of: first.body.id,
          windowSeconds: 72 * 3600,
          until: new Date(firstAt + 72 * 60 * minutes).toISOString(),
        },
      },
    });

    clock.advance(72 * 60 * minutes);
    expect((await post({ title: 'pushed' }, { 'x-delivery-id': 'gh-delivery-1' })).status).toBe(202);
  });

  it("lists each duplicate's reason in a batch answer", async () => {
    const batch = [{ title: 'a' }, { title: 'b' }];
    const first = await post(batch);
    expect(first.status).toBe(202);
    clock.advance(1 * minutes);
    const again = await post(batch);
    const events = again.body.events as { id: string; dedup: { by: string; of: string } }[];
    expect(again.status).toBe(200);
    expect(events.map((e) => [e.dedup.by, e.dedup.of === e.id])).toEqual([
      ['body', true],
      ['body', true],
    ]);
    expect(again.body.dedup).toEqual(events[0]!.dedup);
  });

  it("follows the source's own body window, set and cleared through the API", async () => {
    const set = await t.api<SourceView>('PATCH', `/api/v1/sources/${pipe.sourceId}`, {
      bodyDedupWindowMinutes: 120,
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.bodyDedupWindowMinutes).toBe(120);
    expect((await t.api<SourceView>('GET', `/api/v1/sources/${pipe.sourceId}`)).body).toMatchObject({
      bodyDedupWindowMinutes: 120,
    });

    const body = { title: 'disk almost full' };
    const first = await post(body);
    clock.advance(119 * minutes);
    const within = await post(body);
    expect(within.body).toMatchObject({ id: first.body.id, duplicate: true, dedup: { windowSeconds: 7200 } });

    const cleared = await t.api<SourceView>('PATCH', `/api/v1/sources/${pipe.sourceId}`, {
      bodyDedupWindowMinutes: null,
    });
    expect(cleared.body.bodyDedupWindowMinutes).toBeNull();
    expect((await post(body)).status).toBe(202);
  });

  it('refuses a window out of range with a 400 that says what to send, and changes nothing', async () => {
    for (const bodyDedupWindowMinutes of [0, -5, 7 * 24 * 60 + 1, 1.5, 'ten', {}]) {
      const answer = await t.api<{ error: { code: string; message: string } }>(
        'PATCH',
        `/api/v1/sources/${pipe.sourceId}`,
        { bodyDedupWindowMinutes },
      );
      expect(answer.status, String(bodyDedupWindowMinutes)).toBe(400);
      expect(answer.body.error.code).toBe('NB_ERR_VALIDATION');
      expect(answer.body.error.message).toContain('bodyDedupWindowMinutes');
    }
    const created = await t.api<{ error: { code: string } }>('POST', '/api/v1/sources', {
      kind: 'webhook',
      name: 'too long a window',
      bodyDedupWindowMinutes: 100_000,
    });
    expect(created.status).toBe(400);
    const sources = await t.api<{ items: SourceView[] }>('GET', '/api/v1/sources?kind=webhook');
    expect(sources.body.items.map((s) => s.id)).toEqual([pipe.sourceId]);
    expect(sources.body.items[0]!.bodyDedupWindowMinutes).toBeNull();
  });

  it('creates a source with its own body window', async () => {
    const created = await t.api<SourceView>('POST', '/api/v1/sources', {
      kind: 'webhook',
      name: 'cron',
      config: { auth: { mode: 'none' } },
      bodyDedupWindowMinutes: 1,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.bodyDedupWindowMinutes).toBe(1);
    expect((await t.api('DELETE', `/api/v1/sources/${created.body.id}`)).status).toBe(204);
  });
});
