import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartStart, deliveriesPerMinute, eventsPerMinute } from '../../src/api/stats-queries.ts';
import { type ManualClock, manualClock } from '../../src/domain/clock.ts';
import { testDialects } from '../helpers/databases.ts';
import { eventually, HttpSink } from '../helpers/http-sink.ts';
import { createPipeline, type Pipeline, postHook } from '../helpers/pipeline-setup.ts';
import { startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';
import { type ApiCall, apiAs, createMember, tokenFor } from './api-client.ts';

interface Minute {
  at: string;
  events: number;
  deliveries: number;
  sent: number;
  failed: number;
}
interface Stats {
  at: string;
  scope: 'own' | 'all';
  minutes: Minute[];
  deliveries: { windowHours: number; byStatus: Record<string, number>; waiting: number };
  oldestWaiting: { id: string; targetId: string; ageSeconds: number; createdAt: string } | null;
  failuresByTarget: {
    windowHours: number;
    items: { targetId: string; name: string; failed: number; retrying: number; lastError: string | null }[];
  };
  trouble: { kind: string; id: string; name: string; reason: string }[];
}

const minute = 60_000;
const start = Date.parse('2026-03-01T12:00:30Z');

/** The figures of the minutes that have any, keyed by their ISO start. */
function busyMinutes(stats: Stats): Record<string, Omit<Minute, 'at'>> {
  const out: Record<string, Omit<Minute, 'at'>> = {};
  for (const { at, ...figures } of stats.minutes) if (figures.events || figures.deliveries) out[at] = figures;
  return out;
}

describe.each(testDialects)('/api/v1/stats on %s', (dialect) => {
  let t: TestApp;
  let clock: ManualClock;
  let baseUrl: string;
  let admin: ApiCall;
  let adminOwn: ApiCall;
  let alice: { userId: string; api: ApiCall };
  let bob: { userId: string; api: ApiCall };
  let okSink: HttpSink;
  let goneSink: HttpSink;
  let pipe: Pipeline;
  let alicesSource: string;
  let alicesTarget: string;
  let alicesReceiver: string;

  /** Waits until the deliveries of the event are all out of `pending`/`sending`, or the one named. */
  async function settled(eventId: string, status: string): Promise<void> {
    await eventually(async () => {
      const detail = await admin<{ deliveries: { status: string; attempts: number }[] }>(
        'GET',
        `/events/${eventId}`,
      );
      const [delivery] = detail.body.deliveries;
      return delivery && delivery.status === status && delivery.attempts > 0 ? true : undefined;
    });
  }

  beforeAll(async () => {
    clock = manualClock(start);
    t = await startTestApp(dialect, {}, { clock });
    baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
    admin = apiAs(t, testAdminToken);
    okSink = await new HttpSink().start();
    goneSink = await new HttpSink().start();
    // 410 Gone: the delivery dies at once and the system disables the receiver.
    goneSink.respondAlways({ status: 410 });
    pipe = await createPipeline(t, `${okSink.url}/hook`);
    adminOwn = await tokenFor(t, t.app.boot.adminUserId!, ['write']);
    alice = await createMember(t, 'alice');
    bob = await createMember(t, 'bob');
    const source = await alice.api<{ id: string }>('POST', '/sources', {
      kind: 'webhook',
      name: 'alice hook',
      config: { auth: { mode: 'none' } },
    });
    const target = await alice.api<{ id: string }>('POST', '/targets', {
      kind: 'webhook',
      name: 'alice gone',
      config: { url: `${goneSink.url}/hook` },
    });
    const receiver = await alice.api<{ id: string }>('POST', `/targets/${target.body.id}/receivers`, {
      name: 'phone',
      address: {},
    });
    const rule = await alice.api('POST', '/rules', {
      name: 'all of alice',
      sourceIds: [source.body.id],
      receiverIds: [receiver.body.id],
    });
    expect(rule.status, rule.raw).toBe(201);
    alicesSource = source.body.id;
    alicesTarget = target.body.id;
    alicesReceiver = receiver.body.id;

    // 12:00:30 — an event two hours before the figures: in the 24-hour counts, not in the chart.
    const early = await postHook(baseUrl, pipe.sourceId, { title: 'early' });
    await settled(early.body.id as string, 'sent');
    clock.advance(2 * 60 * minute);
    // 14:00:30 — one event, sent.
    const sent = await postHook(baseUrl, pipe.sourceId, { title: 'sent' });
    await settled(sent.body.id as string, 'sent');
    clock.advance(3 * minute);
    // 14:03:30 — alice's event dies (410); the admin's waits an hour for its retry (503, Retry-After).
    const gone = await postHook(baseUrl, alicesSource, { title: 'gone' }, { authorization: '' });
    expect(gone.status, JSON.stringify(gone.body)).toBe(202);
    await settled(gone.body.id as string, 'dead');
    okSink.respondWith({ status: 503, headers: { 'retry-after': '3600' } });
    const retried = await postHook(baseUrl, pipe.sourceId, { title: 'retried' });
    await settled(retried.body.id as string, 'pending');
    clock.advance(20_000);
  });
  afterAll(async () => {
    await t?.close();
    await okSink?.close();
    await goneSink?.close();
  });

  it('counts the whole instance for a token with the admin scope: per minute, by state, failures, trouble', async () => {
    const stats = await admin<Stats>('GET', '/stats');
    expect(stats.status, stats.raw).toBe(200);
    expect(stats.body.at).toBe('2026-03-01T14:03:50.000Z');
    expect(stats.body.scope).toBe('all');
    expect(stats.body.minutes).toHaveLength(60);
    expect(stats.body.minutes[0]!.at).toBe('2026-03-01T13:04:00.000Z');
    expect(stats.body.minutes[59]!.at).toBe('2026-03-01T14:03:00.000Z');
    // 14:03 has four events: alice's, the admin's, and the bridge's delivery.dead and receiver.disabled
    // about alice's (events of alice's, as she must act on them).
    expect(busyMinutes(stats.body)).toEqual({
      '2026-03-01T14:00:00.000Z': { events: 1, deliveries: 1, sent: 1, failed: 0 },
      '2026-03-01T14:03:00.000Z': { events: 4, deliveries: 2, sent: 0, failed: 1 },
    });
    expect(stats.body.deliveries).toEqual({
      windowHours: 24,
      byStatus: { pending: 1, sending: 0, sent: 2, dead: 1, dropped: 0, merged: 0 },
      waiting: 1,
    });
    expect(stats.body.oldestWaiting).toMatchObject({
      targetId: pipe.targetId,
      ageSeconds: 20,
      createdAt: '2026-03-01T14:03:30.000Z',
    });
    const failures = stats.body.failuresByTarget;
    expect(failures.windowHours).toBe(24);
    expect(failures.items.map((item) => [item.targetId, item.failed, item.retrying])).toEqual([
      [alicesTarget, 1, 0],
      [pipe.targetId, 0, 1],
    ]);
    expect(failures.items[0]!.lastError).toContain('410');
    expect(stats.body.trouble.map((item) => [item.kind, item.id])).toEqual([
      ['receiver', alicesReceiver],
      ['target', alicesTarget],
    ]);
    expect(stats.body.trouble[0]!.name).toBe('alice gone / phone');
    expect(stats.body.trouble[0]!.reason).toContain('410');
  });

  it("shows a member their own things only, and an admin's session-less token without the admin scope its own", async () => {
    const mine = await alice.api<Stats>('GET', '/stats');
    expect(mine.status).toBe(200);
    expect(mine.body.scope).toBe('own');
    expect(busyMinutes(mine.body)).toEqual({
      '2026-03-01T14:03:00.000Z': { events: 3, deliveries: 1, sent: 0, failed: 1 },
    });
    expect(mine.body.deliveries.byStatus).toEqual({
      pending: 0,
      sending: 0,
      sent: 0,
      dead: 1,
      dropped: 0,
      merged: 0,
    });
    expect(mine.body.deliveries.waiting).toBe(0);
    expect(mine.body.oldestWaiting).toBeNull();
    expect(mine.body.failuresByTarget.items.map((item) => item.targetId)).toEqual([alicesTarget]);
    expect(mine.body.trouble.map((item) => item.kind)).toEqual(['receiver', 'target']);

    const own = await adminOwn<Stats>('GET', '/stats');
    expect(own.body.scope).toBe('own');
    expect(busyMinutes(own.body)).toEqual({
      '2026-03-01T14:00:00.000Z': { events: 1, deliveries: 1, sent: 1, failed: 0 },
      '2026-03-01T14:03:00.000Z': { events: 1, deliveries: 1, sent: 0, failed: 0 },
    });
    expect(own.body.trouble).toEqual([]);

    const nothing = await bob.api<Stats>('GET', '/stats');
    expect(busyMinutes(nothing.body)).toEqual({});
    expect(Object.values(nothing.body.deliveries.byStatus).every((n) => n === 0)).toBe(true);
    expect(nothing.body.failuresByTarget.items).toEqual([]);
    expect(nothing.body.trouble).toEqual([]);
    expect(nothing.body.oldestWaiting).toBeNull();
  });

  it('reads the time windows through indexes, for the instance and for one owner', async () => {
    const { db } = t.app.database;
    const now = clock.now();
    const queries = [undefined, alice.userId].flatMap((owner) => [
      { table: 'events', query: eventsPerMinute(db, owner, chartStart(now), now).compile() },
      { table: 'deliveries', query: deliveriesPerMinute(db, owner, chartStart(now), now).compile() },
    ]);
    for (const { table, query } of queries) {
      const plan = await db.transaction().execute(async (trx) => {
        // A test database is tiny, where a full scan is cheapest; forbidding it shows an index can serve.
        if (dialect === 'postgres') await sql`set local enable_seqscan = off`.execute(trx);
        const explain = dialect === 'postgres' ? 'explain' : 'explain query plan';
        const result = await trx.executeQuery<Record<string, unknown>>(
          CompiledQuery.raw(`${explain} ${query.sql}`, [...query.parameters]),
        );
        return result.rows.map((row) => String(row['QUERY PLAN'] ?? row.detail)).join('\n');
      });
      if (dialect === 'sqlite') {
        const own = plan
          .split('\n')
          .filter((line) => line.includes(` ${table} `) || line.endsWith(` ${table}`));
        expect(own.length, plan).toBeGreaterThan(0);
        for (const line of own) expect(line, plan).toMatch(/USING (COVERING )?INDEX/);
        // The window itself is what the index narrows, for one owner too.
        expect(plan).toMatch(table === 'events' ? /received_at>\?/ : /created_at>\?/);
      } else {
        expect(plan).not.toMatch(new RegExp(`Seq Scan on ${table}\\b`));
      }
    }
  });

  it('needs the read scope', async () => {
    const none = await tokenFor(t, bob.userId, []);
    expect((await none('GET', '/stats')).status).toBe(403);
    expect((await apiAs(t, undefined)('GET', '/stats')).status).toBe(401);
  });
});
