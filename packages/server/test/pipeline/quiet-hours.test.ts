import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ManualClock, manualClock } from '../../src/domain/clock.ts';
import { testDialects } from '../helpers/databases.ts';
import { eventually, HttpSink } from '../helpers/http-sink.ts';
import { createPipeline, type Pipeline, postHook } from '../helpers/pipeline-setup.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

interface DeliveryView {
  id: string;
  status: string;
  dueAt: string;
  attempts: number;
  lastError: string | null;
}

// Friday 2026-12-04, 23:00 in Berlin (UTC+1): inside a 22:00-07:00 window that ends at 06:00 UTC.
const lateFriday = Date.parse('2026-12-04T22:00:00Z');
const windowEnd = Date.parse('2026-12-05T06:00:00Z');

describe.each(testDialects)('quiet hours in the pipeline on %s', (dialect) => {
  let t: TestApp;
  let clock: ManualClock;
  let sink: HttpSink;
  let baseUrl: string;
  let pipe: Pipeline;

  beforeEach(async () => {
    clock = manualClock(lateFriday);
    t = await startTestApp(dialect, { NB_TIME_ZONE: 'Europe/Berlin' }, { clock });
    baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
    sink = await new HttpSink().start();
    pipe = await createPipeline(t, `${sink.url}/hook`);
  });
  afterEach(async () => {
    await t.close();
    await sink.close();
  });

  async function setReceiverQuietHours(quietHours: unknown) {
    const changed = await t.api('PATCH', `/api/v1/targets/${pipe.targetId}/receivers/${pipe.receiverId}`, {
      quietHours,
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    return changed.body as { quietHours: unknown };
  }

  async function post(body: Record<string, unknown> = {}): Promise<string> {
    const accepted = await postHook(baseUrl, pipe.sourceId, { title: `backup ${randomUUID()}`, ...body });
    expect(accepted.status).toBe(202);
    return accepted.body.id as string;
  }

  function settled(eventId: string, done: (d: DeliveryView) => boolean, what: string): Promise<DeliveryView> {
    return eventually(
      async () => {
        const list = await t.api<{ items: DeliveryView[] }>('GET', `/api/v1/deliveries?eventId=${eventId}`);
        const found = list.body.items[0];
        return found && done(found) ? found : undefined;
      },
      15_000,
      what,
    );
  }

  it('holds a delivery until the window ends, says so, and sends it when the clock gets there', async () => {
    const view = await setReceiverQuietHours({ start: '22:00', end: '07:00' });
    expect(view.quietHours).toEqual({ start: '22:00', end: '07:00' });
    const eventId = await post();
    const waiting = await settled(eventId, (d) => d.lastError !== null, 'the delivery to be deferred');
    expect(waiting).toMatchObject({
      status: 'pending',
      attempts: 0,
      dueAt: new Date(windowEnd).toISOString(),
      lastError: 'deferred by quiet hours until 07:00 Europe/Berlin (2026-12-05T06:00:00.000Z)',
    });
    expect(sink.requests).toHaveLength(0);

    clock.advance(windowEnd - 1 - clock.now());
    expect(sink.requests).toHaveLength(0);
    clock.advance(1);
    const sent = await settled(eventId, (d) => d.status === 'sent', 'the delivery to be sent at 07:00');
    expect(sent).toMatchObject({ attempts: 1, lastError: null });
    expect(sink.requests).toHaveLength(1);
  });

  it('sends at once outside the window, and for events at or above the bypass severity', async () => {
    await setReceiverQuietHours({ start: '22:00', end: '07:00', bypassFrom: 'error' });
    const critical = await post({ severity: 'critical' });
    await settled(critical, (d) => d.status === 'sent', 'the critical event to pass');
    await setReceiverQuietHours({ start: '09:00', end: '17:00', timeZone: 'UTC' });
    const outside = await post();
    await settled(outside, (d) => d.status === 'sent', 'the event outside the window to pass');
    expect(sink.requests).toHaveLength(2);
  });

  it("uses the rule's quiet hours instead of the receiver's, here to drop", async () => {
    await setReceiverQuietHours({ start: '09:00', end: '17:00' });
    const rule = await t.api('PATCH', `/api/v1/rules/${pipe.ruleId}`, {
      quietHours: { start: '21:00', end: '06:30', policy: 'drop', timeZone: 'Europe/Berlin' },
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(200);
    const eventId = await post();
    const dropped = await settled(eventId, (d) => d.status === 'dropped', 'the delivery to be dropped');
    expect(dropped.lastError).toBe('dropped by quiet hours (21:00-06:30 Europe/Berlin)');
    expect(sink.requests).toHaveLength(0);
  });

  it('reads the window in the receiver’s own zone when the quiet hours name none', async () => {
    // 23:00 in Berlin is 17:00 in New York: outside a 22:00-07:00 window there.
    const receiver = await t.api('PATCH', `/api/v1/targets/${pipe.targetId}/receivers/${pipe.receiverId}`, {
      options: { timeZone: 'America/New_York' },
      quietHours: { start: '22:00', end: '07:00' },
    });
    expect(receiver.status).toBe(200);
    const eventId = await post();
    await settled(eventId, (d) => d.status === 'sent', 'the delivery to be sent');
  });

  it('reads it in the owner’s own zone next, when neither the quiet hours nor the receiver name one', async () => {
    const target = await t.app.database.db
      .selectFrom('targets')
      .select('owner_id')
      .where('id', '=', pipe.targetId)
      .executeTakeFirstOrThrow();
    await t.app.database.db
      .updateTable('users')
      .set({ time_zone: 'America/New_York' })
      .where('id', '=', target.owner_id)
      .execute();
    // 17:00 for the owner in New York: outside the window, though it is 23:00 in the instance's Berlin.
    await setReceiverQuietHours({ start: '22:00', end: '07:00' });
    await settled(await post(), (d) => d.status === 'sent', 'the delivery to be sent');
    // The receiver's own zone comes before its owner's.
    const receiver = await t.api('PATCH', `/api/v1/targets/${pipe.targetId}/receivers/${pipe.receiverId}`, {
      options: { timeZone: 'Europe/Berlin' },
    });
    expect(receiver.status).toBe(200);
    const held = await settled(await post(), (d) => d.status === 'pending', 'the delivery to be held');
    expect(held.lastError).toContain('Europe/Berlin');
  });

  it('refuses quiet hours that cannot work, naming the field', async () => {
    for (const [quietHours, message] of [
      [{ start: '22:00', end: '22:00' }, /start and end are both 22:00/],
      [{ start: '22:00', end: '07:00', timeZone: 'Berlin' }, /"Berlin" is not a time zone/],
      [{ start: '25:00', end: '07:00' }, /expected a time of day as HH:MM/],
    ] as const) {
      const refused = await t.api<{ error: { code: string; message: string } }>(
        'PATCH',
        `/api/v1/targets/${pipe.targetId}/receivers/${pipe.receiverId}`,
        { quietHours },
      );
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('NB_ERR_VALIDATION');
      expect(refused.body.error.message).toMatch(message);
    }
    const rule = await t.api<{ error: { message: string } }>('POST', '/api/v1/rules', {
      name: 'bad',
      quietHours: { start: '07:00', end: '07:00' },
    });
    expect(rule.status).toBe(400);
    expect(rule.body.error.message).toMatch(/^\/quietHours: start and end are both 07:00/);
  });
});

describe.each(testDialects)('quiet hours with the quiet policy on %s', (dialect) => {
  it('sends at once but without sound, where the channel can (ntfy: priority 2 at most)', async () => {
    const clock = manualClock(lateFriday);
    const t = await startTestApp(dialect, { NB_TIME_ZONE: 'Europe/Berlin' }, { clock });
    const ntfy = await new HttpSink().start();
    try {
      const baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
      const pipe = await createPipeline(t, `${ntfy.url}/unused`);
      const target = await t.api<{ id: string }>('POST', '/api/v1/targets', {
        kind: 'ntfy',
        name: 'phone',
        config: { server: ntfy.url },
      });
      const receiver = await t.api<{ id: string }>('POST', `/api/v1/targets/${target.body.id}/receivers`, {
        name: 'alerts topic',
        address: { topic: 'alerts' },
        quietHours: { start: '22:00', end: '07:00', policy: 'quiet' },
      });
      expect(receiver.status, JSON.stringify(receiver.body)).toBe(201);
      await t.api('PATCH', `/api/v1/rules/${pipe.ruleId}`, { receiverIds: [receiver.body.id] });
      const accepted = await postHook(baseUrl, pipe.sourceId, { title: 'disk full', severity: 'error' });
      expect(accepted.status).toBe(202);
      await ntfy.waitForRequests(1);
      const published = JSON.parse(ntfy.requests[0]!.body) as { topic: string; priority: number };
      expect(published.topic).toBe('alerts');
      expect(published.priority).toBeLessThanOrEqual(2);
      // The decision is on the delivery's attempt, for the page and the API to say why it made no sound.
      const eventId = accepted.body.id as string;
      const attempts = await eventually(async () => {
        const list = await t.api<{ items: { id: string }[] }>('GET', `/api/v1/deliveries?eventId=${eventId}`);
        const delivery = list.body.items[0];
        if (!delivery) return undefined;
        const detail = await t.api<{ attempts: { outcome: string; detail: unknown }[] }>(
          'GET',
          `/api/v1/deliveries/${delivery.id}`,
        );
        return detail.body.attempts.length > 0 ? detail.body.attempts : undefined;
      });
      expect(attempts).toMatchObject([
        {
          outcome: 'sent',
          detail: { gates: ['sent without sound by quiet hours (22:00-07:00 Europe/Berlin)'] },
        },
      ]);
    } finally {
      await t.close();
      await ntfy.close();
    }
  });
});
