import type { Selectable } from 'kysely';
import type { Database } from '../../db/open-database.ts';
import type { DeliveriesTable } from '../../db/schema.ts';
import { appendStreamEntries } from '../../realtime/append-entries.ts';
import { deliveryStateEntry } from '../delivery-entries.ts';

/**
 * A dead or dropped delivery pending again, due now, with a fresh count of attempts and no error left from
 * before. Guarded by the old status: a delivery a dispatcher holds is never reset under it, and any other
 * status gives undefined. Its owner's stream shows it pending again once this committed.
 */
export function replayDelivery(
  database: Database,
  id: string,
  now: number,
): Promise<Selectable<DeliveriesTable> | undefined> {
  return database.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('deliveries')
      .set({
        status: 'pending',
        due_at: now,
        attempts: 0,
        lease_owner: null,
        lease_until: null,
        last_error: null,
        finished_at: null,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('status', 'in', ['dead', 'dropped'])
      .returningAll()
      .executeTakeFirst();
    if (!row) return undefined;
    const target = await trx
      .selectFrom('targets')
      .select('owner_id')
      .where('id', '=', row.target_id)
      .executeTakeFirstOrThrow();
    const about = {
      ownerId: target.owner_id,
      eventId: row.event_id,
      targetId: row.target_id,
      receiverId: row.receiver_id,
      ruleId: row.rule_id,
    };
    const entry = deliveryStateEntry(about, {
      deliveryId: row.id,
      status: 'pending',
      dueAt: now,
      reason: 'replayed',
    });
    await appendStreamEntries(trx, database, [entry], now);
    return row;
  });
}
