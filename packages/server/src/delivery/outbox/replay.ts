import type { Selectable } from 'kysely';
import type { Database } from '../../db/open-database.ts';
import type { DeliveriesTable } from '../../db/schema.ts';

/**
 * A dead or dropped delivery pending again, due now, with a fresh count of attempts and no error left from
 * before. Guarded by the old status: a delivery a dispatcher holds is never reset under it, and any other
 * status gives undefined.
 */
export function replayDelivery(
  database: Database,
  id: string,
  now: number,
): Promise<Selectable<DeliveriesTable> | undefined> {
  return database.db
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
}
