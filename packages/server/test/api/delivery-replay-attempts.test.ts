import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ManualClock, manualClock } from '../../src/domain/clock.ts';
import { testDialects } from '../helpers/databases.ts';
import { eventually, HttpSink } from '../helpers/http-sink.ts';
import { createPipeline, type Pipeline, postHook } from '../helpers/pipeline-setup.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

interface DeliveryView {
  id: string;
  status: string;
  attempts: number;
  lastError: string | null;
}
interface AttemptView {
  attemptNo: number;
  outcome: string;
  httpStatus: number | null;
  error: string | null;
}

const start = Date.parse('2026-12-03T09:00:00Z');
// Well past the longest retry wait (NB_RETRY_MAX_MS below), so one advance makes a retry due.
const pastRetryWait = 10_000;

describe.each(testDialects)('replaying a delivery, and its attempts, on %s', (dialect) => {
  let t: TestApp;
  let clock: ManualClock;
  let sink: HttpSink;
  let baseUrl: string;
  let pipe: Pipeline;

  beforeEach(async () => {
    clock = manualClock(start);
    t = await startTestApp(
      dialect,
      { NB_MAX_ATTEMPTS: '2', NB_RETRY_BASE_MS: '1000', NB_RETRY_MAX_MS: '2000' },
      { clock },
    );
    baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
    sink = await new HttpSink().start();
    pipe = await createPipeline(t, `${sink.url}/hook`);
  });
  afterEach(async () => {
    await t.close();
    await sink.close();
  });

  async function detail(id: string) {
    const answer = await t.api<{ delivery: DeliveryView; attempts: AttemptView[] }>(
      'GET',
      `/api/v1/deliveries/${id}`,
    );
    expect(answer.status).toBe(200);
    return answer.body;
  }

  /** The delivery once its attempts reach `count` and it is out of `sending`. */
  function afterAttempts(id: string, count: number, status: string) {
    return eventually(
      async () => {
        const d = await detail(id);
        return d.attempts.length === count && d.delivery.status === status ? d : undefined;
      },
      15_000,
      `delivery ${id} to be ${status} after ${count} attempts`,
    );
  }

  async function deliveryOf(eventId: string): Promise<DeliveryView> {
    return eventually(async () => {
      const list = await t.api<{ items: DeliveryView[] }>('GET', `/api/v1/deliveries?eventId=${eventId}`);
      return list.body.items[0];
    });
  }

  it('numbers every attempt, across a replay, and records the HTTP status of each, success too', async () => {
    sink.respondAlways({ status: 500, body: 'disk full' });
    const accepted = await postHook(baseUrl, pipe.sourceId, { title: 'backup finished' });
    const { id } = await deliveryOf(accepted.body.id as string);
    await afterAttempts(id, 1, 'pending');
    clock.advance(pastRetryWait);
    const dead = await afterAttempts(id, 2, 'dead');
    expect(dead.delivery.lastError).toBe('HTTP 500: disk full');

    sink.respondAlways({ status: 503, body: 'busy' });
    const replayed = await t.api<DeliveryView>('POST', `/api/v1/deliveries/${id}/replay`);
    expect(replayed.status).toBe(202);
    expect(replayed.body).toMatchObject({ status: 'pending', attempts: 0, lastError: null });
    // The error a pending delivery shows is its own attempt's since the replay, never the one before it.
    const retrying = await afterAttempts(id, 3, 'pending');
    expect(retrying.delivery.lastError).toBe('HTTP 503: busy');

    sink.respondAlways({ status: 200, body: 'ok' });
    clock.advance(pastRetryWait);
    const sent = await afterAttempts(id, 4, 'sent');
    expect(sent.delivery.lastError).toBeNull();
    expect(sent.attempts.map((a) => [a.attemptNo, a.outcome, a.httpStatus])).toEqual([
      [1, 'retry', 500],
      [2, 'retry', 500],
      [3, 'retry', 503],
      [4, 'sent', 200],
    ]);
  });
});
