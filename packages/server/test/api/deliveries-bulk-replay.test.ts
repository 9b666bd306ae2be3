import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/databases.ts';
import { eventually } from '../helpers/http-sink.ts';
import { startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';
import { type ApiCall, apiAs, createMember, createSet } from './api-client.ts';

interface DeliveryView {
  id: string;
  status: string;
  attempts: number;
  lastError: string | null;
}
interface BulkResult {
  items: { id: string; outcome: string; message?: string }[];
}

describe.each(testDialects)('replaying several deliveries at once on %s', (dialect) => {
  let t: TestApp;
  let admin: ApiCall;
  let alice: { userId: string; api: ApiCall };
  let alices: Awaited<ReturnType<typeof createSet>>;
  let admins: Awaited<ReturnType<typeof createSet>>;

  beforeAll(async () => {
    // One attempt, to a closed port (createSet's targets): every delivery is dead after its first try.
    t = await startTestApp(dialect, { NB_MAX_ATTEMPTS: '1' });
    admin = apiAs(t, testAdminToken);
    alice = await createMember(t, 'alice');
    alices = await createSet(alice.api, 'alice');
    admins = await createSet(admin, 'admin');
  });
  afterAll(() => t.close());

  /** Ingests an event to `sourceId` and waits for its one delivery to be dead. */
  async function deadDelivery(api: ApiCall, sourceId: string): Promise<string> {
    const [accepted] = await t.app.ingestor.ingest(sourceId, [
      { type: 'x', title: 'x', body: '', severity: 'info', data: null },
    ]);
    return eventually(async () => {
      const list = await api<{ items: DeliveryView[] }>('GET', `/deliveries?eventId=${accepted!.eventId}`);
      const delivery = list.body.items[0];
      return delivery?.status === 'dead' ? delivery.id : undefined;
    });
  }

  const auditOf = async (id: string) =>
    (
      await admin<{ items: { action: string; actorId: string | null; resourceId: string }[] }>(
        'GET',
        `/audit?resourceType=delivery&resourceId=${id}`,
      )
    ).body.items;

  it('replays every dead delivery of the list in one call, with one audit entry each', async () => {
    const first = await deadDelivery(alice.api, alices.source);
    const second = await deadDelivery(alice.api, alices.source);
    const answer = await alice.api<BulkResult>('POST', '/deliveries/replay', { ids: [first, second] });
    expect(answer.status, answer.raw).toBe(202);
    expect(answer.body.items).toEqual([
      { id: first, outcome: 'done' },
      { id: second, outcome: 'done' },
    ]);
    for (const id of [first, second]) {
      const entries = await auditOf(id);
      expect(entries.map((e) => [e.action, e.actorId])).toEqual([['delivery.replay', alice.userId]]);
    }
    // They fail again (the port is still closed) and end dead once more: the dispatcher took them.
    for (const id of [first, second]) {
      await eventually(async () => {
        const d = await alice.api<{ delivery: DeliveryView; attempts: unknown[] }>(
          'GET',
          `/deliveries/${id}`,
        );
        return d.body.delivery.status === 'dead' && d.body.attempts.length === 2 ? true : undefined;
      });
    }
  });

  it('leaves deliveries that are not dead or dropped as they are, and says so', async () => {
    const dead = await deadDelivery(alice.api, alices.source);
    const sent = await deadDelivery(alice.api, alices.source);
    // As if its far side had taken it: a sent delivery is never sent again by a replay.
    await t.app.database.db
      .updateTable('deliveries')
      .set({ status: 'sent' })
      .where('id', '=', sent)
      .execute();
    const answer = await alice.api<BulkResult>('POST', '/deliveries/replay', { ids: [dead, sent] });
    expect(answer.status).toBe(202);
    expect(answer.body.items).toEqual([
      { id: dead, outcome: 'done' },
      { id: sent, outcome: 'unchanged', message: expect.stringContaining('this one is sent') },
    ]);
    expect(await auditOf(sent)).toEqual([]);
  });

  it("answers not_found for another owner's delivery, never touching it, and replays the caller's own", async () => {
    const mine = await deadDelivery(alice.api, alices.source);
    const theirs = await deadDelivery(admin, admins.source);
    const answer = await alice.api<BulkResult>('POST', '/deliveries/replay', { ids: [mine, theirs] });
    expect(answer.status).toBe(202);
    expect(answer.body.items.map((item) => item.outcome)).toEqual(['done', 'not_found']);
    const untouched = await admin<{ delivery: DeliveryView }>('GET', `/deliveries/${theirs}`);
    expect(untouched.body.delivery.status).toBe('dead');
    expect(await auditOf(theirs)).toEqual([]);
    // The admin may replay anyone's.
    const byAdmin = await admin<BulkResult>('POST', '/deliveries/replay', { ids: [theirs] });
    expect(byAdmin.body.items).toEqual([{ id: theirs, outcome: 'done' }]);
  });

  it('answers 400 to a body that is not a list of ids', async () => {
    for (const body of [
      {},
      { ids: [] },
      { ids: 'x' },
      { ids: ['a', 'a'] },
      {
        ids: Array(501)
          .fill(0)
          .map((_, i) => `id${i}`),
      },
    ]) {
      const answer = await alice.api<{ error: { code: string } }>('POST', '/deliveries/replay', body);
      expect(answer.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(answer.body.error.code).toBe('NB_ERR_VALIDATION');
    }
  });

  it('audits the single replay too', async () => {
    const dead = await deadDelivery(alice.api, alices.source);
    expect((await alice.api('POST', `/deliveries/${dead}/replay`)).status).toBe(202);
    expect((await auditOf(dead)).map((e) => e.action)).toEqual(['delivery.replay']);
  });
});
