import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/domain/clock.ts';
import type { SourceEvent } from '../../src/domain/event.ts';
import { type CommittedBatch, Ingestor } from '../../src/ingest/ingestor.ts';
import { Router } from '../../src/ingest/router.ts';
import { sourceKinds } from '../../src/sources/registry.ts';
import { createMigratedDatabase, testDialects } from '../helpers/databases.ts';

const event = (title: string, dedupKey?: string): SourceEvent => ({
  type: 'test.event',
  title,
  body: '',
  severity: 'info',
  data: { title },
  ...(dedupKey ? { dedupKey } : {}),
});

describe.each(testDialects)('the ingestor on %s', (dialect) => {
  let test: Awaited<ReturnType<typeof createMigratedDatabase>>;
  let ingestor: Ingestor;
  let router: Router;
  const clock = manualClock(1_000_000);
  const committed: CommittedBatch[] = [];

  beforeAll(async () => {
    test = await createMigratedDatabase(dialect);
    const { db } = test.database;
    await db.insertInto('users').values({ id: 'u', name: 'admin', role: 'admin', created_at: 0 }).execute();
    await db
      .insertInto('sources')
      .values({
        id: 'src',
        owner_id: 'u',
        kind: 'webhook',
        name: 's',
        config: '{}',
        enabled: 1,
        created_at: 0,
        updated_at: 0,
      })
      .execute();
    await db
      .insertInto('targets')
      .values({
        id: 'tgt',
        owner_id: 'u',
        kind: 'webhook',
        name: 't',
        config: '{}',
        concurrency: 1,
        enabled: 1,
        created_at: 0,
        updated_at: 0,
      })
      .execute();
    for (const id of ['r1', 'r2', 'r3']) {
      await db
        .insertInto('receivers')
        .values({
          id,
          target_id: 'tgt',
          name: id,
          address: '{}',
          options: '{}',
          enabled: id === 'r3' ? 0 : 1,
          disabled_reason: null,
          created_at: 0,
          updated_at: 0,
        })
        .execute();
    }
    const rule = (id: string, priority: number, eventTypes = ['test.*']) => ({
      id,
      owner_id: 'u',
      name: id,
      enabled: 1,
      priority,
      source_ids: JSON.stringify(['src']),
      event_types: JSON.stringify(eventTypes),
      conditions: '[]',
      template_id: null,
      stop: 0,
      max_attempts: id === 'high' ? 2 : null,
      created_at: 0,
      updated_at: 0,
    });
    await db
      .insertInto('rules')
      .values([rule('high', 10), rule('low', 1), rule('other', 5, ['other.*'])])
      .execute();
    await db
      .insertInto('rule_receivers')
      .values([
        { rule_id: 'high', receiver_id: 'r1' },
        { rule_id: 'low', receiver_id: 'r1' },
        { rule_id: 'low', receiver_id: 'r2' },
        { rule_id: 'low', receiver_id: 'r3' },
        { rule_id: 'other', receiver_id: 'r2' },
      ])
      .execute();
    router = new Router(test.database, sourceKinds);
    await router.refresh();
    ingestor = new Ingestor({
      database: test.database,
      router,
      clock,
      logger: pino({ level: 'silent' }),
      defaultMaxAttempts: 8,
      onCommitted: (batch) => committed.push(batch),
    });
  });
  afterAll(() => test.drop());

  it('writes one delivery per enabled receiver, the highest-priority rule winning', async () => {
    const [result] = await ingestor.ingest('src', [event('routed')]);
    expect(result).toMatchObject({ duplicate: false, deliveries: 2 });
    const rows = await test.database.db
      .selectFrom('deliveries')
      .select(['receiver_id', 'rule_id', 'status', 'max_attempts', 'due_at'])
      .where('event_id', '=', result!.eventId)
      .orderBy('receiver_id')
      .execute();
    expect(rows).toEqual([
      { receiver_id: 'r1', rule_id: 'high', status: 'pending', max_attempts: 2, due_at: 1_000_000 },
      { receiver_id: 'r2', rule_id: 'low', status: 'pending', max_attempts: 8, due_at: 1_000_000 },
    ]);
  });

  it('folds concurrent requests into few transactions and answers each with its own events', async () => {
    const before = committed.length;
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => ingestor.ingest('src', [event(`burst ${i}`)])),
    );
    expect(new Set(results.map(([r]) => r!.eventId)).size).toBe(200);
    const batches = committed.slice(before);
    expect(batches.reduce((n, b) => n + b.events.length, 0)).toBe(200);
    expect(batches.length).toBeLessThan(200);
  });

  it('makes one event of a repeated dedup key, also within one batch', async () => {
    const [a, b] = await Promise.all([
      ingestor.ingest('src', [event('first', 'same-key')]),
      ingestor.ingest('src', [event('second', 'same-key')]),
    ]);
    expect(a![0]!.duplicate).toBe(false);
    expect(b![0]).toEqual({
      eventId: a![0]!.eventId,
      duplicate: true,
      deliveries: 0,
      dedup: { by: 'key', windowMs: 72 * 3_600_000, until: clock.now() + 72 * 3_600_000 },
    });
    const again = await ingestor.ingest('src', [event('third', 'same-key')]);
    expect(again[0]).toMatchObject({ eventId: a![0]!.eventId, duplicate: true });
  });

  const withWindows = (windows: { dedupWindowMs?: number; bodyDedupWindowMs?: number }) =>
    new Ingestor({
      database: test.database,
      router,
      clock,
      logger: pino({ level: 'silent' }),
      defaultMaxAttempts: 8,
      ...windows,
    });
  const withDedupWindow = (dedupWindowMs: number) => withWindows({ dedupWindowMs });

  it('takes a repeat after the dedup window for a new event, which then owns the key', async () => {
    const hours = 3_600_000;
    const windowed = withDedupWindow(72 * hours);
    const [first] = await windowed.ingest('src', [event('backup failed', 'nightly')]);
    const dedup = (since: number) => ({ by: 'key', windowMs: 72 * hours, until: since + 72 * hours });
    const firstAt = clock.now();
    clock.advance(72 * hours - 1);
    const [within] = await windowed.ingest('src', [event('backup failed', 'nightly')]);
    expect(within).toEqual({
      eventId: first!.eventId,
      duplicate: true,
      deliveries: 0,
      dedup: dedup(firstAt),
    });

    clock.advance(1);
    // Two repeats in one transaction after the window: the first is new, the second its duplicate.
    const [[after], [sameBatch]] = await Promise.all([
      windowed.ingest('src', [event('backup failed', 'nightly')]),
      windowed.ingest('src', [event('backup failed', 'nightly')]),
    ]);
    expect(after).toMatchObject({ duplicate: false, deliveries: 2 });
    expect(after!.eventId).not.toBe(first!.eventId);
    const afterAt = clock.now();
    expect(sameBatch).toEqual({
      eventId: after!.eventId,
      duplicate: true,
      deliveries: 0,
      dedup: dedup(afterAt),
    });
    const keys = await test.database.db
      .selectFrom('events')
      .select(['id', 'dedup_key'])
      .where('id', 'in', [first!.eventId, after!.eventId])
      .orderBy('id')
      .execute();
    expect(keys).toEqual([
      { id: first!.eventId, dedup_key: `nightly (released to ${after!.eventId})` },
      { id: after!.eventId, dedup_key: 'nightly' },
    ]);

    clock.advance(hours);
    const [again] = await windowed.ingest('src', [event('backup failed', 'nightly')]);
    expect(again).toEqual({ eventId: after!.eventId, duplicate: true, deliveries: 0, dedup: dedup(afterAt) });
  });

  it('keeps dedup keys forever with a window of 0', async () => {
    const forever = withDedupWindow(0);
    const [first] = await forever.ingest('src', [event('kept', 'kept-key')]);
    clock.advance(10 * 365 * 24 * 3_600_000);
    const [later] = await forever.ingest('src', [event('kept', 'kept-key')]);
    expect(later).toEqual({
      eventId: first!.eventId,
      duplicate: true,
      deliveries: 0,
      dedup: { by: 'key', windowMs: 0, until: null },
    });
  });

  const bodyEvent = (title: string, hash: string): SourceEvent => ({
    ...event(title, `sha256:${hash}`),
    dedupBy: 'body',
  });
  const minutes = 60_000;

  it('takes the same body for a retry only within the short window, and a delivery id for the long one', async () => {
    const windowed = withWindows({ dedupWindowMs: 72 * 3_600_000, bodyDedupWindowMs: 10 * minutes });
    const [byBody] = await windowed.ingest('src', [bodyEvent('Backup finished', 'daily-backup')]);
    const [byKey] = await windowed.ingest('src', [event('Backup finished', 'delivery-1')]);
    const sentAt = clock.now();

    clock.advance(10 * minutes - 1);
    const [retried] = await windowed.ingest('src', [bodyEvent('Backup finished', 'daily-backup')]);
    expect(retried).toEqual({
      eventId: byBody!.eventId,
      duplicate: true,
      deliveries: 0,
      dedup: { by: 'body', windowMs: 10 * minutes, until: sentAt + 10 * minutes },
    });

    clock.advance(1 * minutes + 1);
    const [[sameBody], [sameKey]] = await Promise.all([
      windowed.ingest('src', [bodyEvent('Backup finished', 'daily-backup')]),
      windowed.ingest('src', [event('Backup finished', 'delivery-1')]),
    ]);
    expect(sameBody).toMatchObject({ duplicate: false, deliveries: 2 });
    expect(sameBody!.eventId).not.toBe(byBody!.eventId);
    expect(sameKey).toEqual({
      eventId: byKey!.eventId,
      duplicate: true,
      deliveries: 0,
      dedup: { by: 'key', windowMs: 72 * 3_600_000, until: sentAt + 72 * 3_600_000 },
    });
  });

  it("follows a source's own body window, read as it is when the event commits", async () => {
    const setWindow = (ms: number | null) =>
      test.database.db
        .updateTable('sources')
        .set({ body_dedup_window_ms: ms })
        .where('id', '=', 'src')
        .execute();
    await setWindow(60 * minutes);
    try {
      const windowed = withWindows({ bodyDedupWindowMs: 10 * minutes });
      const [first] = await windowed.ingest('src', [bodyEvent('disk full', 'disk-full')]);
      clock.advance(59 * minutes);
      const [within] = await windowed.ingest('src', [bodyEvent('disk full', 'disk-full')]);
      expect(within).toMatchObject({
        eventId: first!.eventId,
        duplicate: true,
        dedup: { windowMs: 60 * minutes },
      });
      await setWindow(null);
      const [after] = await windowed.ingest('src', [bodyEvent('disk full', 'disk-full')]);
      expect(after).toMatchObject({ duplicate: false });
    } finally {
      await setWindow(null);
    }
  });

  it('fails only the bad request of a batch', async () => {
    const count = async () =>
      Number(
        (
          await test.database.db
            .selectFrom('events')
            .select(sql<number>`count(*)`.as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const [good, bad] = await Promise.allSettled([
      ingestor.ingest('src', [event('good')]),
      ingestor.ingest('no-such-source', [event('orphan')]),
    ]);
    expect(good.status).toBe('fulfilled');
    expect(bad.status).toBe('rejected');
    expect(await count()).toBe(before + 1);
  });
});
