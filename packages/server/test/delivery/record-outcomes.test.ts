import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDueDeliveries } from '../../src/delivery/outbox/claim-due.ts';
import {
  type AttemptRecord,
  type Outcome,
  recordOutcomesIn,
} from '../../src/delivery/outbox/record-outcomes.ts';
import { createMigratedDatabase, testDialects } from '../helpers/databases.ts';
import { seedDeliveries, seedWebhookTarget } from '../helpers/seed.ts';

describe.each(testDialects)('recording a batch of outcomes on %s', (dialect) => {
  let test: Awaited<ReturnType<typeof createMigratedDatabase>>;
  beforeAll(async () => {
    test = await createMigratedDatabase(dialect);
    await seedWebhookTarget(test.database, 'http://127.0.0.1:1/', 2);
  });
  afterAll(() => test.drop());

  const attempt = (deliveryId: string, overrides: Partial<AttemptRecord> = {}): AttemptRecord => ({
    deliveryId,
    owner: 'node-a',
    dispatchId: `dispatch-${deliveryId}`,
    startedAt: 1_000,
    finishedAt: 1_050,
    outcome: 'sent',
    ...overrides,
  });

  it('moves each delivery as its outcome says, in one transaction, and only those still leased to us', async () => {
    const { database } = test;
    const [sent, retried, dead, dropped, deferred, lost, twice] = await seedDeliveries(database, 7, {
      receiverIds: ['r0'],
    });
    const { rows: claimed } = await claimDueDeliveries(database, {
      owner: 'node-a',
      now: 1_000,
      leaseMs: 60_000,
      limit: 7,
      room: () => 7,
    });
    expect(claimed).toHaveLength(7);
    // Another node took this one over after our lease ran out.
    await database.db
      .updateTable('deliveries')
      .set({ lease_owner: 'node-b' })
      .where('id', '=', lost!)
      .execute();

    const outcomes: Outcome[] = [
      { attempt: attempt(sent!, { providerMessageId: 'msg-1' }), transition: { to: 'sent' } },
      {
        attempt: attempt(retried!, {
          outcome: 'retry',
          error: 'HTTP 503',
          errorKind: 'http',
          httpStatus: 503,
        }),
        transition: { to: 'pending', dueAt: 9_000 },
      },
      {
        attempt: attempt(dead!, { outcome: 'failed', error: 'HTTP 410', errorKind: 'http', httpStatus: 410 }),
        transition: { to: 'dead', disableReceiver: { id: 'r1', reason: 'gone' } },
      },
      {
        attempt: attempt(dropped!, { outcome: 'failed' }),
        transition: { to: 'dropped', reason: 'receiver disabled' },
      },
      {
        attempt: attempt(deferred!, { outcome: 'failed' }),
        transition: { to: 'deferred', dueAt: 5_000, reason: 'deferred until later' },
      },
      { attempt: attempt(lost!), transition: { to: 'sent' } },
      { attempt: attempt(twice!), transition: { to: 'sent' } },
      { attempt: attempt(twice!, { dispatchId: 'late' }), transition: { to: 'pending', dueAt: 7_000 } },
    ];
    const results = await database.db
      .transaction()
      .execute((trx) => recordOutcomesIn(trx, dialect, outcomes));
    // The attempt number each recorded (0: held back, no attempt), false for those no longer ours.
    expect(results).toEqual([1, 1, 1, 0, 0, false, 1, false]);

    const rows = await database.db
      .selectFrom('deliveries')
      .select([
        'id',
        'status',
        'due_at',
        'attempts',
        'lease_owner',
        'dispatch_id',
        'last_error',
        'provider_message_id',
        'finished_at',
      ])
      .where('id', 'in', [sent!, retried!, dead!, dropped!, deferred!, lost!, twice!])
      .execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    const common = { attempts: 1, lease_owner: null };
    expect(byId.get(sent!)).toMatchObject({
      ...common,
      status: 'sent',
      provider_message_id: 'msg-1',
      finished_at: 1_050,
    });
    expect(byId.get(retried!)).toMatchObject({
      ...common,
      status: 'pending',
      due_at: 9_000,
      last_error: 'HTTP 503',
      finished_at: null,
    });
    expect(byId.get(dead!)).toMatchObject({
      ...common,
      status: 'dead',
      last_error: 'HTTP 410',
      finished_at: 1_050,
    });
    expect(byId.get(dropped!)).toMatchObject({
      ...common,
      status: 'dropped',
      last_error: 'receiver disabled',
    });
    // A deferral gives the claim's attempt back.
    expect(byId.get(deferred!)).toMatchObject({
      attempts: 0,
      status: 'pending',
      due_at: 5_000,
      last_error: 'deferred until later',
      finished_at: null,
    });
    expect(byId.get(lost!)).toMatchObject({ status: 'sending', lease_owner: 'node-b', dispatch_id: null });
    expect(byId.get(twice!)).toMatchObject({ status: 'sent', dispatch_id: `dispatch-${twice}` });

    const attempts = await database.db
      .selectFrom('attempts')
      .select(['delivery_id', 'outcome', 'http_status', 'dispatch_id'])
      .where('delivery_id', 'in', [sent!, retried!, dead!, dropped!, deferred!, lost!, twice!])
      .execute();
    // Drops and deferrals are no attempts; the lost and the repeated outcome changed nothing.
    expect(attempts.map((a) => a.delivery_id).sort()).toEqual([sent!, retried!, dead!, twice!].sort());
    expect(attempts.find((a) => a.delivery_id === retried)).toMatchObject({
      outcome: 'retry',
      http_status: 503,
    });
    const receiver = await database.db
      .selectFrom('receivers')
      .select(['enabled', 'disabled_reason'])
      .where('id', '=', 'r1')
      .executeTakeFirstOrThrow();
    expect(receiver).toEqual({ enabled: 0, disabled_reason: 'gone' });
  });
});
