import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ManualClock, manualClock } from '../../src/domain/clock.ts';
import { testDialects } from '../helpers/databases.ts';
import { eventually, HttpSink } from '../helpers/http-sink.ts';
import { createWebhookReceiver, hookSecret, postHook } from '../helpers/pipeline-setup.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

interface DeliveryView {
  id: string;
  receiverId: string;
  status: string;
  dueAt: string;
  attempts: number;
  lastError: string | null;
}
interface SilenceView {
  id: string;
  endsAt: string;
}

const hour = 3_600_000;

describe.each(testDialects)('silences in the pipeline on %s', (dialect) => {
  let t: TestApp;
  let clock: ManualClock;
  let baseUrl: string;
  let sourceId: string;
  let adminId: string;
  // Two receivers on two sinks, both on one rule: `quiet` gets the silences, `loud` shows they stay local.
  let quietSink: HttpSink;
  let loudSink: HttpSink;
  let quiet: string;
  let loud: string;
  let ruleId: string;

  beforeAll(async () => {
    clock = manualClock(Date.parse('2026-12-04T12:00:00Z'));
    t = await startTestApp(dialect, {}, { clock });
    baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
    adminId = t.app.boot.adminUserId;
    const source = await t.api<{ id: string }>('POST', '/api/v1/sources', {
      kind: 'webhook',
      name: 'typed source',
      config: { auth: { mode: 'bearer' }, secret: hookSecret, mapping: { type: '/type' } },
    });
    expect(source.status, JSON.stringify(source.body)).toBe(201);
    sourceId = source.body.id;
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    quietSink = await new HttpSink().start();
    loudSink = await new HttpSink().start();
    quiet = (await createWebhookReceiver(t, `${quietSink.url}/hook`)).receiverId;
    loud = (await createWebhookReceiver(t, `${loudSink.url}/hook`)).receiverId;
    const rule = await t.api<{ id: string }>('POST', '/api/v1/rules', {
      name: 'both receivers',
      sourceIds: [sourceId],
      receiverIds: [quiet, loud],
    });
    expect(rule.status).toBe(201);
    ruleId = rule.body.id;
  });
  afterEach(async () => {
    await t.api('DELETE', `/api/v1/rules/${ruleId}`);
    await quietSink.close();
    await loudSink.close();
  });

  async function silence(body: Record<string, unknown>): Promise<SilenceView> {
    const created = await t.api<SilenceView>('POST', '/api/v1/silences', { receiverId: quiet, ...body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body;
  }

  async function post(type: string): Promise<string> {
    const accepted = await postHook(baseUrl, sourceId, { type, title: `${type} ${randomUUID()}` });
    expect(accepted.status).toBe(202);
    return accepted.body.id as string;
  }

  async function delivery(eventId: string, receiverId: string): Promise<DeliveryView | undefined> {
    const list = await t.api<{ items: DeliveryView[] }>('GET', `/api/v1/deliveries?eventId=${eventId}`);
    return list.body.items.find((d) => d.receiverId === receiverId);
  }

  function settled(
    eventId: string,
    receiverId: string,
    done: (d: DeliveryView) => boolean,
    what: string,
  ): Promise<DeliveryView> {
    return eventually(
      async () => {
        const found = await delivery(eventId, receiverId);
        return found && done(found) ? found : undefined;
      },
      15_000,
      what,
    );
  }

  const isStatus = (status: string) => (d: DeliveryView) => d.status === status;
  const isDeferred = (d: DeliveryView) =>
    d.status === 'pending' && d.lastError?.startsWith('deferred') === true;

  async function attemptsOf(deliveryId: string): Promise<{ attemptNo: number; outcome: string }[]> {
    const detail = await t.api<{ attempts: { attemptNo: number; outcome: string }[] }>(
      'GET',
      `/api/v1/deliveries/${deliveryId}`,
    );
    return detail.body.attempts;
  }

  it('drops a delivery to a receiver with a drop silence, saying why, and sends to the others', async () => {
    const { endsAt } = await silence({ duration: '1h', comment: 'maintenance' });
    const eventId = await post('backup.done');
    const dropped = await settled(eventId, quiet, isStatus('dropped'), 'the silenced delivery to be dropped');
    expect(dropped.lastError).toBe(`silenced until ${endsAt} by api:${adminId}: maintenance`);
    expect(await attemptsOf(dropped.id)).toEqual([]);
    await settled(eventId, loud, isStatus('sent'), 'the other receiver to get it');
    expect(loudSink.requests).toHaveLength(1);
    expect(quietSink.requests).toHaveLength(0);
  });

  it('defers a delivery until the silence ends, not counting an attempt, and sends it when it is ended', async () => {
    const deferral = await silence({ mode: 'defer', duration: '1h', comment: 'focus time' });
    const eventId = await post('backup.done');
    const waiting = await settled(eventId, quiet, isDeferred, 'the delivery to be deferred');
    expect(waiting).toMatchObject({ dueAt: deferral.endsAt, attempts: 0 });
    expect(waiting.lastError).toBe(`deferred until ${deferral.endsAt} by api:${adminId}: focus time`);
    await settled(eventId, loud, isStatus('sent'), 'the other receiver to get it');
    expect(quietSink.requests).toHaveLength(0);

    expect((await t.api('DELETE', `/api/v1/silences/${deferral.id}`)).status).toBe(204);
    const sent = await settled(eventId, quiet, isStatus('sent'), 'the deferred delivery to be sent');
    expect(sent).toMatchObject({ attempts: 1, lastError: null });
    expect(await attemptsOf(sent.id)).toMatchObject([{ attemptNo: 1, outcome: 'sent' }]);
    expect(quietSink.requests).toHaveLength(1);
  });

  it('sends a deferred delivery by itself when a short silence runs out', async () => {
    const endsAt = clock.now() + 90_000;
    await silence({ mode: 'defer', endsAt: new Date(endsAt).toISOString() });
    const eventId = await post('backup.done');
    const waiting = await settled(eventId, quiet, isDeferred, 'the delivery to be deferred');
    expect(Date.parse(waiting.dueAt)).toBe(endsAt);
    clock.advance(endsAt - 1 - clock.now());
    expect((await delivery(eventId, quiet))?.status).toBe('pending');
    clock.advance(1);
    await settled(eventId, quiet, isStatus('sent'), 'the deferred delivery to be sent');
    expect(quietSink.requests).toHaveLength(1);
  });

  it('silences only the event types its globs match', async () => {
    await silence({ duration: '1h', eventTypes: ['alert.*'] });
    const alert = await post('alert.firing');
    const backup = await post('backup.done');
    await settled(alert, quiet, isStatus('dropped'), 'the alert to be dropped');
    await settled(backup, quiet, isStatus('sent'), 'the backup event to be sent');
    await settled(alert, loud, isStatus('sent'), 'the alert to reach the other receiver');
    expect(quietSink.requests).toHaveLength(1);
    expect(quietSink.requests[0]!.body).toContain('backup.done');
  });

  it('lets a drop silence win over a longer defer silence', async () => {
    await silence({ mode: 'defer', duration: '2h' });
    const drop = await silence({ mode: 'drop', duration: '1h', comment: 'no' });
    const eventId = await post('backup.done');
    const dropped = await settled(eventId, quiet, isStatus('dropped'), 'the delivery to be dropped');
    expect(dropped.lastError).toBe(`silenced until ${drop.endsAt} by api:${adminId}: no`);
  });

  it('defers again until a shorter snooze ends when the longest one is ended early', async () => {
    const short = await silence({ mode: 'defer', duration: '1h' });
    const long = await silence({ mode: 'defer', duration: '2h' });
    const eventId = await post('backup.done');
    await settled(
      eventId,
      quiet,
      (d) => isDeferred(d) && d.dueAt === long.endsAt,
      'deferral to the long end',
    );
    expect(Date.parse(long.endsAt) - Date.parse(short.endsAt)).toBeGreaterThan(hour - 1000);
    expect((await t.api('DELETE', `/api/v1/silences/${long.id}`)).status).toBe(204);
    const again = await settled(
      eventId,
      quiet,
      (d) => isDeferred(d) && d.dueAt === short.endsAt,
      'deferral to the short end',
    );
    expect(again.attempts).toBe(0);
    expect(quietSink.requests).toHaveLength(0);
  });
});
