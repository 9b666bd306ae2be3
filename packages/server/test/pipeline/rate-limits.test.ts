import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import type { ManualClock } from '../../src/domain/clock.ts';
import { testDialects } from '../helpers/databases.ts';
import { eventually, type HttpSink } from '../helpers/http-sink.ts';
import {
  type ClockedPipeline,
  type Pipeline,
  postHook,
  startClockedPipeline,
} from '../helpers/pipeline-setup.ts';
import { startAnotherNode, type TestApp } from '../helpers/test-app.ts';

interface DeliveryView {
  id: string;
  status: string;
  dueAt: string;
  attempts: number;
  lastError: string | null;
}

describe.each(testDialects)('rate limits in the pipeline on %s', (dialect) => {
  let t: TestApp;
  let clock: ManualClock;
  let sink: HttpSink;
  let baseUrl: string;
  let pipe: Pipeline;
  let setup: ClockedPipeline;
  let other: App | undefined;

  beforeEach(async () => {
    setup = await startClockedPipeline(dialect, '2026-12-04T12:00:00Z');
    ({ t, clock, sink, baseUrl, pipe } = setup);
  });
  afterEach(async () => {
    await other?.close();
    other = undefined;
    await setup.close();
  });

  async function post(count: number, url = baseUrl): Promise<void> {
    for (let i = 0; i < count; i++) {
      const accepted = await postHook(url, pipe.sourceId, { title: `event ${randomUUID()}` });
      expect(accepted.status).toBe(202);
    }
  }

  async function deliveries(): Promise<DeliveryView[]> {
    return (await t.api<{ items: DeliveryView[] }>('GET', '/api/v1/deliveries?limit=500')).body.items;
  }

  /** Waits until every delivery is either sent or held back by the limit, and returns them. */
  function settled(): Promise<DeliveryView[]> {
    return eventually(async () => {
      const all = await deliveries();
      const open = all.filter(
        (d) => d.status !== 'sent' && !(d.status === 'pending' && d.lastError?.startsWith('held by')),
      );
      return open.length === 0 ? all : undefined;
    });
  }

  it('sends a burst up to the receiver’s limit, holds the rest saying why, and lets one through per interval', async () => {
    const set = await t.api('PATCH', `/api/v1/targets/${pipe.targetId}/receivers/${pipe.receiverId}`, {
      rateLimit: { count: 5, per: 'minute' },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({ rateLimit: { count: 5, per: 'minute' } });
    await post(12);
    const held = await settled();
    expect(sink.requests).toHaveLength(5);
    const waiting = held.filter((d) => d.status === 'pending');
    expect(waiting).toHaveLength(7);
    for (const d of waiting) {
      expect(d.attempts).toBe(0);
      expect(d.lastError).toBe(
        'held by the rate limit of the receiver (5/minute) until 2026-12-04T12:00:12.000Z',
      );
    }
    // One message per 12 s from here on, never more, whatever the dispatcher tries in between.
    for (let step = 1; step <= 7; step++) {
      clock.advance(12_000);
      await eventually(async () => (sink.requests.length === 5 + step ? true : undefined));
      await settled();
      expect(sink.requests).toHaveLength(5 + step);
    }
    expect((await deliveries()).every((d) => d.status === 'sent')).toBe(true);
  });

  it('shares a target’s limit between its receivers, and a burst setting spaces messages out', async () => {
    const second = await t.api<{ id: string }>('POST', `/api/v1/targets/${pipe.targetId}/receivers`, {
      name: 'second',
      address: {},
    });
    await t.api('PATCH', `/api/v1/rules/${pipe.ruleId}`, { receiverIds: [pipe.receiverId, second.body.id] });
    const set = await t.api('PATCH', `/api/v1/targets/${pipe.targetId}`, {
      rateLimit: { count: 2, per: 'second', burst: 1 },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    await post(3);
    await settled();
    expect(sink.requests).toHaveLength(1);
    const held = (await deliveries()).filter((d) => d.status === 'pending');
    expect(held[0]!.lastError).toContain('of the target (2/second, burst 1)');
    // One every 500 ms, however long the clock jumps: a jump lets one through, not a burst.
    clock.advance(2_000);
    await eventually(async () => (sink.requests.length === 2 ? true : undefined));
    await settled();
    expect(sink.requests).toHaveLength(2);
    for (let sent = 3; sent <= 6; sent++) {
      clock.advance(500);
      await eventually(async () => (sink.requests.length === sent ? true : undefined));
    }
    await settled();
    expect(sink.requests).toHaveLength(6);
  });

  it('holds across nodes: two nodes sending to one limited receiver spend one bucket', async () => {
    await t.api('PATCH', `/api/v1/targets/${pipe.targetId}/receivers/${pipe.receiverId}`, {
      rateLimit: { count: 3, per: 'hour' },
    });
    other = await startAnotherNode(t, { clock });
    const otherUrl = (await other.listen()).replace('0.0.0.0', '127.0.0.1');
    await post(4);
    await post(4, otherUrl);
    await settled();
    expect(sink.requests).toHaveLength(3);
  });

  it('refuses a limit that makes no sense with a 400 naming the field', async () => {
    const refused = await t.api('PATCH', `/api/v1/targets/${pipe.targetId}`, {
      rateLimit: { count: 0, per: 'minute' },
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('rateLimit');
    const unknown = await t.api('PATCH', `/api/v1/targets/${pipe.targetId}`, {
      rateLimit: { count: 1, per: 'week' },
    });
    expect(unknown.status).toBe(400);
  });
});
