import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeMatrix } from '../fakes/matrix/server.ts';
import { testDialects } from '../helpers/databases.ts';
import { eventually } from '../helpers/http-sink.ts';
import { hookSecret } from '../helpers/pipeline-setup.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Through the dispatcher: the delivery id is the transaction id on every attempt, so when the homeserver
 * took a message but its answer never came back, the retry gets the same event id and the room one message.
 */
describe.each(testDialects)('Matrix end to end on %s', (dialect) => {
  let t: TestApp;
  let hs: FakeMatrix;
  let baseUrl: string;

  beforeAll(async () => {
    hs = await new FakeMatrix().start();
    t = await startTestApp(dialect, {
      NB_RETRY_BASE_MS: '50',
      NB_POLL_INTERVAL_MS: '50',
      NB_SEND_TIMEOUT_MS: '300',
    });
    baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
  });
  afterAll(async () => {
    await t.close();
    await hs.close();
  });

  it('retries a send whose answer was lost, and the room gets the message once', async () => {
    const created = async (url: string, body: object) => {
      const response = await t.api<{ id: string }>('POST', url, body);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body.id;
    };
    const sourceId = await created('/api/v1/sources', {
      kind: 'webhook',
      name: 'src',
      config: { auth: { mode: 'bearer' }, secret: hookSecret },
    });
    const targetId = await created('/api/v1/targets', {
      kind: 'matrix',
      name: 'bridge bot',
      config: { homeserver: hs.url, accessToken: hs.accessToken },
    });
    const receiverId = await created(`/api/v1/targets/${targetId}/receivers`, {
      name: 'ops',
      address: { room: '!ops:fake.test' },
    });
    await created('/api/v1/rules', {
      name: 'to ops',
      sourceIds: [sourceId],
      eventTypes: ['**'],
      receiverIds: [receiverId],
    });

    hs.script({ lose: true });
    const posted = await fetch(`${baseUrl}/hooks/${sourceId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hookSecret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Backup <failed>', message: 'disk full' }),
    });
    expect(posted.status).toBe(202);
    const delivery = await eventually(async () => {
      const row = await t.app.database.db
        .selectFrom('deliveries')
        .selectAll()
        .where('receiver_id', '=', receiverId)
        .executeTakeFirst();
      return row?.status === 'sent' ? row : undefined;
    });
    const sends = hs.requests.filter((r) => r.method === 'PUT');
    expect(sends.map((r) => r.path.split('/').at(-1))).toEqual([delivery.id, delivery.id]);
    expect(hs.eventsIn('!ops:fake.test')).toHaveLength(1);
    const [event] = hs.eventsIn('!ops:fake.test');
    expect(event!.content.formatted_body).toContain('Backup &lt;failed&gt;');
    const attempts = await t.app.database.db
      .selectFrom('attempts')
      .selectAll()
      .where('delivery_id', '=', delivery.id)
      .orderBy('attempt_no')
      .execute();
    expect(attempts.map((a) => a.outcome)).toEqual(['retry', 'sent']);
    expect(attempts[1]!.provider_message_id).toBe(event!.eventId);
  });
});
