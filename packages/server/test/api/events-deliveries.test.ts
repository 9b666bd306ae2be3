import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceEvent } from '../../src/domain/event.ts';
import { testDialects } from '../helpers/databases.ts';
import { eventually, HttpSink } from '../helpers/http-sink.ts';
import { createPipeline, type Pipeline } from '../helpers/pipeline-setup.ts';
import { startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';
import { type ApiCall, apiAs } from './api-client.ts';

interface EventView {
  id: string;
  sourceId: string;
  type: string;
  title: string;
  severity: string;
  tags: string[];
  data: unknown;
  occurredAt: string;
  receivedAt: string;
}
interface DeliveryView {
  id: string;
  eventId: string;
  ruleId: string | null;
  receiverId: string;
  targetId: string;
  status: string;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  finishedAt: string | null;
}
interface AttemptView {
  attemptNo: number;
  outcome: string;
  httpStatus: number | null;
  startedAt: string;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface ErrorView {
  error: { code: string; message: string };
}

function sourceEvent(i: number): SourceEvent {
  return {
    type: i % 2 === 0 ? 'build.passed' : 'build.failed',
    title: `build ${i}`,
    body: `body ${i}`,
    severity: i % 2 === 0 ? 'info' : 'error',
    tags: ['ci'],
    data: { n: i },
    dedupKey: `build-${i}`,
    occurredAt: Date.UTC(2026, 0, 1, 12, i),
  };
}

describe.each(testDialects)('/api/v1/events and /api/v1/deliveries on %s', (dialect) => {
  let t: TestApp;
  let api: ApiCall;
  let sink: HttpSink;
  let pipeline: Pipeline;
  let eventIds: string[];

  async function deliveriesOf(eventId: string): Promise<DeliveryView[]> {
    return (await api<Page<DeliveryView>>('GET', `/deliveries?eventId=${eventId}`)).body.items;
  }
  function settled(eventId: string, status: string, count = 1): Promise<DeliveryView[]> {
    return eventually(
      async () => {
        const list = await deliveriesOf(eventId);
        return list.length === count && list.every((d) => d.status === status) ? list : undefined;
      },
      15_000,
      `deliveries of ${eventId} to be ${status}`,
    );
  }

  beforeAll(async () => {
    t = await startTestApp(dialect, { NB_MAX_ATTEMPTS: '1', NB_POLL_INTERVAL_MS: '50' });
    api = apiAs(t, testAdminToken);
    sink = await new HttpSink().start();
    sink.respondAlways({ status: 500 });
    pipeline = await createPipeline(t, `${sink.url}/hook`, { eventTypes: ['build.failed'] });
    const ingested = await t.app.ingestor.ingest(
      pipeline.sourceId,
      Array.from({ length: 7 }, (_, i) => sourceEvent(i)),
    );
    eventIds = ingested.map((e) => e.eventId);
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  it('lists events newest first, through more than two pages', async () => {
    const seen: EventView[] = [];
    // Filtered by source: dead deliveries add `delivery.dead` events of the bridge source meanwhile.
    const base = `/events?limit=2&sourceId=${pipeline.sourceId}`;
    let url = base;
    let pages = 0;
    for (;;) {
      const page = await api<Page<EventView>>('GET', url);
      expect(page.status).toBe(200);
      seen.push(...page.body.items);
      pages++;
      if (!page.body.nextCursor) break;
      url = `${base}&cursor=${page.body.nextCursor}`;
    }
    expect(pages).toBe(4);
    expect(seen.map((e) => e.id)).toEqual([...eventIds].reverse());
    expect(seen.at(-1)).toMatchObject({
      sourceId: pipeline.sourceId,
      type: 'build.passed',
      title: 'build 0',
      severity: 'info',
      tags: ['ci'],
      data: { n: 0 },
      occurredAt: '2026-01-01T12:00:00.000Z',
    });
  });

  it('filters events by source, type, severity and time received', async () => {
    const ids = async (query: string) =>
      (await api<Page<EventView>>('GET', `/events?sourceId=${pipeline.sourceId}&${query}`)).body.items.map(
        (e) => e.id,
      );
    const odd = [...eventIds].filter((_, i) => i % 2 === 1).reverse();
    expect(await ids('type=build.failed')).toEqual(odd);
    expect(await ids('severity=error')).toEqual(odd);
    expect(await ids('type=build.failed&severity=info')).toEqual([]);
    const otherSource = await api<Page<EventView>>('GET', '/events?sourceId=01J00000000000000000000000');
    expect(otherSource.body.items).toEqual([]);
    const first = (await api<{ event: EventView }>('GET', `/events/${eventIds[0]}`)).body.event;
    expect(await ids(`since=${first.receivedAt}`)).toHaveLength(7);
    expect(await ids(`until=${first.receivedAt}`)).toEqual([]);
    expect((await api<ErrorView>('GET', '/events?since=yesterday')).status).toBe(400);
    expect((await api<ErrorView>('GET', '/events?severity=loud')).status).toBe(400);
  });

  it('shows an event with its deliveries', async () => {
    const detail = await api<{ event: EventView; deliveries: DeliveryView[] }>(
      'GET',
      `/events/${eventIds[1]}`,
    );
    expect(detail.status).toBe(200);
    expect(detail.body.event.id).toBe(eventIds[1]);
    expect(detail.body.deliveries).toEqual([
      expect.objectContaining({
        eventId: eventIds[1],
        receiverId: pipeline.receiverId,
        ruleId: pipeline.ruleId,
      }),
    ]);
    expect(
      (await api<{ deliveries: DeliveryView[] }>('GET', `/events/${eventIds[0]}`)).body.deliveries,
    ).toEqual([]);
    expect((await api<ErrorView>('GET', '/events/01J00000000000000000000000')).body.error.code).toBe(
      'NB_ERR_NOT_FOUND',
    );
  });

  it('lists deliveries with filters, and shows one with its attempts', async () => {
    const [dead] = await settled(eventIds[1]!, 'dead');
    expect(dead).toMatchObject({
      attempts: 1,
      maxAttempts: 1,
      targetId: pipeline.targetId,
      finishedAt: expect.any(String),
    });
    expect(dead!.lastError).toEqual(expect.any(String));
    for (const query of [
      `receiverId=${pipeline.receiverId}`,
      `targetId=${pipeline.targetId}`,
      `eventId=${eventIds[1]}`,
      'status=dead',
    ]) {
      const ids = (await api<Page<DeliveryView>>('GET', `/deliveries?${query}`)).body.items.map((d) => d.id);
      expect(ids, query).toContain(dead!.id);
    }
    expect((await api<Page<DeliveryView>>('GET', '/deliveries?status=sent')).body.items).toEqual([]);
    expect((await api('GET', '/deliveries?status=lost')).status).toBe(400);
    const detail = await api<{ delivery: DeliveryView; attempts: AttemptView[] }>(
      'GET',
      `/deliveries/${dead!.id}`,
    );
    expect(detail.body.delivery).toEqual(dead);
    // A 500 is worth a retry, but with one attempt allowed the delivery is dead after it.
    expect(detail.body.attempts).toEqual([
      expect.objectContaining({
        attemptNo: 1,
        outcome: expect.stringMatching(/^(retry|failed)$/),
        httpStatus: 500,
      }),
    ]);
  });

  it('replays a dead delivery: pending again, due now, sent once the receiver recovers', async () => {
    const [dead] = await settled(eventIds[3]!, 'dead');
    sink.respondAlways({ status: 202 });
    const replayed = await api<DeliveryView>('POST', `/deliveries/${dead!.id}/replay`);
    expect(replayed.status).toBe(202);
    expect(replayed.body).toMatchObject({ id: dead!.id, status: 'pending', attempts: 0, finishedAt: null });
    const [sent] = await settled(eventIds[3]!, 'sent');
    expect(sent!.id).toBe(dead!.id);
    const { attempts } = (await api<{ attempts: AttemptView[] }>('GET', `/deliveries/${dead!.id}`)).body;
    expect(attempts.map((a) => a.outcome)).toEqual([expect.stringMatching(/^(retry|failed)$/), 'sent']);

    const again = await api<ErrorView>('POST', `/deliveries/${dead!.id}/replay`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('NB_ERR_CONFLICT');
    expect(again.body.error.message).toContain('sent');
    expect((await api('POST', '/deliveries/01J00000000000000000000000/replay')).status).toBe(404);
  });

  it('replays an event: new deliveries for the rules that match it now', async () => {
    sink.respondAlways({ status: 202 });
    const before = await settled(eventIds[5]!, 'dead').catch(() => settled(eventIds[5]!, 'sent'));
    const replayed = await api<{ deliveryIds: string[] }>('POST', `/events/${eventIds[5]}/replay`);
    expect(replayed.status).toBe(202);
    expect(replayed.body.deliveryIds).toHaveLength(1);
    expect(replayed.body.deliveryIds[0]).not.toBe(before[0]!.id);
    const after = await eventually(async () => {
      const list = await deliveriesOf(eventIds[5]!);
      const fresh = list.find((d) => d.id === replayed.body.deliveryIds[0]);
      return fresh?.status === 'sent' ? list : undefined;
    });
    expect(after).toHaveLength(2);

    // An event no rule matches now makes no deliveries.
    const none = await api<{ deliveryIds: string[] }>('POST', `/events/${eventIds[0]}/replay`);
    expect(none.body.deliveryIds).toEqual([]);
    expect(await deliveriesOf(eventIds[0]!)).toEqual([]);
  });
});
