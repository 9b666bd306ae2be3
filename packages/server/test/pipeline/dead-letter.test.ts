import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dialect } from '../../src/db/open-database.ts';
import { testDialects } from '../helpers/databases.ts';
import { eventually, HttpSink } from '../helpers/http-sink.ts';
import { createPipeline, createWebhookReceiver, postHook } from '../helpers/pipeline-setup.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * A fault that makes every insert of a `delivery.dead` event fail while it is on, as a crash or a full disk
 * at that moment would: a trigger, so the bridge's own code runs unchanged.
 */
async function installDeadEventFault(t: TestApp, dialect: Dialect): Promise<{ off(): Promise<void> }> {
  const { db } = t.app.database;
  await sql`create table injected_fault (on_type text not null)`.execute(db);
  await sql`insert into injected_fault (on_type) values ('delivery.dead')`.execute(db);
  if (dialect === 'sqlite') {
    await sql`create trigger injected_fault_events before insert on events
      when exists (select 1 from injected_fault where on_type = new.type)
      begin select raise(abort, 'injected fault'); end`.execute(db);
  } else {
    await sql`create function injected_fault_events() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from injected_fault where on_type = new.type) then
          raise exception 'injected fault';
        end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger injected_fault_events before insert on events
      for each row execute function injected_fault_events()`.execute(db);
  }
  return { off: async () => void (await sql`delete from injected_fault`.execute(db)) };
}

describe.each(testDialects)('dead letters on %s', (dialect) => {
  let t: TestApp;
  let sink: HttpSink;
  let alerts: HttpSink;

  beforeEach(async () => {
    // A short lease, so an outcome that did not commit comes back for another try within the test.
    t = await startTestApp(dialect, {
      NB_MAX_ATTEMPTS: '1',
      NB_LEASE_MS: '1500',
      NB_SEND_TIMEOUT_MS: '1000',
      NB_POLL_INTERVAL_MS: '50',
    });
    sink = await new HttpSink().start();
    alerts = await new HttpSink().start();
  });
  afterEach(async () => {
    await t.close();
    await sink.close();
    await alerts.close();
  });

  it('never leaves a delivery dead without its delivery.dead event, even when storing that event fails', async () => {
    const baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
    const pipeline = await createPipeline(t, `${sink.url}/hook`);
    const { receiverId } = await createWebhookReceiver(t, `${alerts.url}/alerts`);
    await t.api('POST', '/api/v1/rules', {
      name: 'dead letters',
      sourceIds: [t.app.boot.bridgeSourceId],
      eventTypes: ['delivery.dead'],
      receiverIds: [receiverId],
    });
    sink.respondAlways({ status: 400, body: 'no' });
    const fault = await installDeadEventFault(t, dialect);

    const accepted = await postHook(baseUrl, pipeline.sourceId, { title: 'doomed' });
    const eventId = accepted.body.id as string;
    const deliveryOf = async () =>
      t.app.database.db
        .selectFrom('deliveries')
        .select(['id', 'status'])
        .where('event_id', '=', eventId)
        .executeTakeFirstOrThrow();
    const deadEvents = async () =>
      t.app.database.db.selectFrom('events').select('id').where('type', '=', 'delivery.dead').execute();

    // The first attempt fails for good; storing its delivery.dead event fails too. Its outcome must not
    // commit without the event: the delivery comes back after its lease and is tried again.
    await eventually(
      async () => (sink.requests.length >= 2 || (await deliveryOf()).status === 'dead' ? true : undefined),
      20_000,
      'a second attempt, or the delivery dead',
    );
    expect((await deliveryOf()).status).not.toBe('dead');
    expect(await deadEvents()).toHaveLength(0);

    await fault.off();
    await eventually(async () => ((await deliveryOf()).status === 'dead' ? true : undefined), 20_000);
    expect(await deadEvents()).toHaveLength(1);
    await alerts.waitForRequests(1);
    expect(alerts.requests[0]!.body).toContain('delivery.dead');
  });
});
