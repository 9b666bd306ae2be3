import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/domain/clock.ts';
import { testDialects } from '../helpers/databases.ts';
import { eventually, type HttpSink } from '../helpers/http-sink.ts';
import {
  type ClockedPipeline,
  type Pipeline,
  postHook,
  startClockedPipeline,
} from '../helpers/pipeline-setup.ts';
import type { TestApp } from '../helpers/test-app.ts';

interface DeliveryView {
  status: string;
  attempts: number;
  lastError: string | null;
}

describe.each(testDialects)('a rule’s dedup window in the pipeline on %s', (dialect) => {
  let t: TestApp;
  let clock: ManualClock;
  let sink: HttpSink;
  let baseUrl: string;
  let pipe: Pipeline;
  let setup: ClockedPipeline;

  beforeEach(async () => {
    setup = await startClockedPipeline(dialect, '2026-12-04T12:00:00Z');
    ({ t, clock, sink, baseUrl, pipe } = setup);
  });
  afterEach(() => setup.close());

  /** Posts an event (a fresh body each time, so the ingest dedup lets it in) and waits for its delivery to end. */
  async function post(body: Record<string, unknown>): Promise<DeliveryView> {
    const accepted = await postHook(baseUrl, pipe.sourceId, { message: randomUUID(), ...body });
    expect(accepted.status).toBe(202);
    const eventId = accepted.body.id as string;
    return eventually(async () => {
      const list = await t.api<{ items: DeliveryView[] }>('GET', `/api/v1/deliveries?eventId=${eventId}`);
      const found = list.body.items[0];
      return found && (found.status === 'sent' || found.status === 'dropped') ? found : undefined;
    });
  }

  it('drops a repeat of the same title within the window, saying of when, and sends it again after', async () => {
    const set = await t.api('PATCH', `/api/v1/rules/${pipe.ruleId}`, { dedup: { windowSeconds: 3600 } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({ dedup: { windowSeconds: 3600, by: [] } });
    expect(await post({ title: 'Backup failed' })).toMatchObject({ status: 'sent' });
    clock.advance(60_000);
    const repeat = await post({ title: 'Backup failed' });
    expect(repeat).toMatchObject({
      status: 'dropped',
      lastError:
        'a repeat (same type, title) of what this rule sent at 2026-12-04T12:00:00.000Z, within its 3600 s dedup window',
    });
    expect(await post({ title: 'Backup done' })).toMatchObject({ status: 'sent' });
    clock.advance(3_600_000);
    expect(await post({ title: 'Backup failed' })).toMatchObject({ status: 'sent' });
    expect(sink.requests).toHaveLength(3);
  });

  it('lets the delivery that made the mark through again: a retry is no repeat of itself', async () => {
    await t.api('PATCH', `/api/v1/rules/${pipe.ruleId}`, { dedup: { windowSeconds: 3600 } });
    sink.respondWith({ status: 503, body: 'busy' });
    const accepted = await postHook(baseUrl, pipe.sourceId, {
      title: 'Backup failed',
      message: randomUUID(),
    });
    const eventId = accepted.body.id as string;
    const deliveryOf = async () =>
      (await t.api<{ items: DeliveryView[] }>('GET', `/api/v1/deliveries?eventId=${eventId}`)).body.items[0];
    await eventually(async () => {
      const found = await deliveryOf();
      return found?.status === 'pending' && found.attempts === 1 ? found : undefined;
    });
    clock.advance(10 * 60_000);
    const ended = await eventually(async () => {
      const found = await deliveryOf();
      return found && (found.status === 'sent' || found.status === 'dropped') ? found : undefined;
    });
    expect(ended).toMatchObject({ status: 'sent', attempts: 2 });
    expect(sink.requests).toHaveLength(2);
    // A new event with the same title is still a repeat of the one sent.
    expect(await post({ title: 'Backup failed' })).toMatchObject({ status: 'dropped' });
  });

  it('compares the fields it names, and refuses a field that does not exist', async () => {
    await t.api('PATCH', `/api/v1/rules/${pipe.ruleId}`, {
      dedup: { windowSeconds: 600, by: ['data.host'] },
    });
    expect(await post({ title: 'a', host: 'nas1' })).toMatchObject({ status: 'sent' });
    expect(await post({ title: 'b', host: 'nas1' })).toMatchObject({ status: 'dropped' });
    expect(await post({ title: 'a', host: 'nas2' })).toMatchObject({ status: 'sent' });
    const refused = await t.api('PATCH', `/api/v1/rules/${pipe.ruleId}`, {
      dedup: { windowSeconds: 600, by: ['colour'] },
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('/dedup/by/0');
  });
});
