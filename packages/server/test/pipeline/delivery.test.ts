import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/databases.ts';
import { eventually, HttpSink } from '../helpers/http-sink.ts';
import { createPipeline, createWebhookReceiver, type Pipeline, postHook } from '../helpers/pipeline-setup.ts';
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
  startedAt: string;
}

describe.each(testDialects)('the pipeline on %s', (dialect) => {
  let t: TestApp;
  let sink: HttpSink;
  let baseUrl: string;
  let pipeline: Pipeline;

  beforeAll(async () => {
    t = await startTestApp(dialect, {
      NB_RETRY_BASE_MS: '50',
      NB_RETRY_MAX_MS: '200',
      NB_MAX_ATTEMPTS: '3',
      NB_POLL_INTERVAL_MS: '50',
    });
    baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    sink = await new HttpSink().start();
    pipeline = await createPipeline(t, `${sink.url}/hook`);
  });
  afterEach(async () => {
    await t.api('DELETE', `/api/v1/rules/${pipeline.ruleId}`);
    await sink.close();
  });

  async function deliveriesOf(eventId: string): Promise<DeliveryView[]> {
    const list = await t.api<{ items: DeliveryView[] }>('GET', `/api/v1/deliveries?eventId=${eventId}`);
    return list.body.items;
  }

  async function settled(eventId: string, status: string): Promise<DeliveryView> {
    return eventually(
      async () => {
        const [delivery] = await deliveriesOf(eventId);
        return delivery?.status === status ? delivery : undefined;
      },
      15_000,
      `delivery of ${eventId} to be ${status}`,
    );
  }

  async function attemptsOf(deliveryId: string): Promise<AttemptView[]> {
    const detail = await t.api<{ attempts: AttemptView[] }>('GET', `/api/v1/deliveries/${deliveryId}`);
    return detail.body.attempts;
  }

  it('delivers an accepted event to the sink, signed and with the event in the body', async () => {
    const accepted = await postHook(baseUrl, pipeline.sourceId, { title: 'Backup done', message: '412 GB' });
    expect(accepted.status).toBe(202);
    expect(accepted.body.duplicate).toBe(false);
    await sink.waitForRequests(1);
    const [request] = sink.requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/hook');
    const payload = JSON.parse(request!.body);
    expect(JSON.stringify(payload)).toContain('Backup done');
    const delivery = await settled(accepted.body.id as string, 'sent');
    expect(request!.headers['webhook-id']).toBe(delivery.id);
    expect(await attemptsOf(delivery.id)).toMatchObject([{ attemptNo: 1, outcome: 'sent' }]);
  });

  it('starts the delivery of a new event at once, leased at ingest, without a claim', async () => {
    const before = t.app.dispatcher.stats();
    const accepted = await postHook(baseUrl, pipeline.sourceId, { title: 'Handed over' });
    expect(accepted.status).toBe(202);
    const delivery = await settled(accepted.body.id as string, 'sent');
    expect(delivery.attempts).toBe(1);
    const after = t.app.dispatcher.stats();
    expect(after.adopted - before.adopted).toBe(1);
    expect(after.claimed - before.claimed).toBe(0);
    expect(after.reserved).toBe(0);
  });

  it('retries a sink that answers 503 until it accepts, recording both attempts', async () => {
    sink.respondWith({ status: 503, body: 'busy' });
    const accepted = await postHook(baseUrl, pipeline.sourceId, { title: 'retry me' });
    const delivery = await settled(accepted.body.id as string, 'sent');
    expect(sink.requests).toHaveLength(2);
    expect(sink.requests[0]!.headers['webhook-id']).toBe(sink.requests[1]!.headers['webhook-id']);
    const attempts = await attemptsOf(delivery.id);
    expect(attempts.map((a) => [a.attemptNo, a.outcome, a.httpStatus])).toEqual([
      [1, 'retry', 503],
      [2, 'sent', 202],
    ]);
  });

  it('waits as long as a 429 Retry-After says', async () => {
    sink.respondWith({ status: 429, headers: { 'retry-after': '1' } });
    const accepted = await postHook(baseUrl, pipeline.sourceId, { title: 'slow down' });
    await settled(accepted.body.id as string, 'sent');
    const [first, second] = sink.requests;
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(950);
  });

  it('gives up on a sink that always fails and routes delivery.dead to a rule', async () => {
    sink.respondAlways({ status: 500 });
    const alerts = await new HttpSink().start();
    try {
      const { receiverId } = await createWebhookReceiver(t, `${alerts.url}/alerts`);
      const alertRule = await t.api<{ id: string }>('POST', '/api/v1/rules', {
        name: 'dead letters',
        sourceIds: [t.app.boot.bridgeSourceId],
        eventTypes: ['delivery.dead'],
        receiverIds: [receiverId],
      });
      expect(alertRule.status).toBe(201);
      const accepted = await postHook(baseUrl, pipeline.sourceId, { title: 'doomed' });
      const dead = await settled(accepted.body.id as string, 'dead');
      expect(dead.attempts).toBe(3);
      expect(sink.requests).toHaveLength(3);
      await alerts.waitForRequests(1);
      const alert = JSON.parse(alerts.requests[0]!.body);
      expect(JSON.stringify(alert)).toContain('delivery.dead');
      expect(JSON.stringify(alert)).toContain('doomed');
      await t.api('DELETE', `/api/v1/rules/${alertRule.body.id}`);
    } finally {
      sink.respondAlways({ status: 202 });
      await alerts.close();
    }
  });

  it('makes one event of the same webhook delivered twice', async () => {
    const headers = { 'x-delivery-id': `delivery-${dialect}-1` };
    const first = await postHook(baseUrl, pipeline.sourceId, { title: 'once' }, headers);
    const second = await postHook(baseUrl, pipeline.sourceId, { title: 'once' }, headers);
    expect(first.status).toBe(202);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ id: first.body.id, duplicate: true });
    await settled(first.body.id as string, 'sent');
    expect(await deliveriesOf(first.body.id as string)).toHaveLength(1);
    expect(sink.requests).toHaveLength(1);
  });
});
