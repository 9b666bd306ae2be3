import type { Selectable, Transaction } from 'kysely';
import type { Database } from '../../db/open-database.ts';
import type { DeliveriesTable, Schema } from '../../db/schema.ts';
import { appendStreamEntries } from '../../realtime/append-entries.ts';
import { deliveryStateEntry } from '../delivery-entries.ts';

type DeliveryRow = Selectable<DeliveriesTable>;

/**
 * Dead or dropped deliveries pending again, due now, with a fresh count of attempts and no error left from
 * before, in one transaction. Guarded by the old status: a delivery a dispatcher holds is never reset under
 * it, and one of any other status is left out of the result. Their owners' streams show them pending again
 * once this committed. `alongside` runs in the same transaction with the rows replayed (the API's audit
 * entries), so the replay and its record commit together.
 */
export function replayDeliveries(
  database: Database,
  ids: readonly string[],
  now: number,
  alongside?: (trx: Transaction<Schema>, replayed: DeliveryRow[]) => Promise<void>,
): Promise<DeliveryRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return database.db.transaction().execute(async (trx) => {
    const rows = await trx
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
      .where('id', 'in', ids)
      .where('status', 'in', ['dead', 'dropped'])
      .returningAll()
      .execute();
    if (rows.length === 0) return rows;
    const owners = new Map(
      (
        await trx
          .selectFrom('targets')
          .select(['id', 'owner_id'])
          .where('id', 'in', [...new Set(rows.map((row) => row.target_id))])
          .execute()
      ).map((target) => [target.id, target.owner_id]),
    );
    const entries = rows.map((row) =>
      deliveryStateEntry(
        {
          ownerId: owners.get(row.target_id)!,
          eventId: row.event_id,
          targetId: row.target_id,
          receiverId: row.receiver_id,
          ruleId: row.rule_id,
        },
        { deliveryId: row.id, status: 'pending', dueAt: now, reason: 'replayed' },
      ),
    );
    await appendStreamEntries(trx, database, entries, now);
    await alongside?.(trx, rows);
    return rows;
  });
}
