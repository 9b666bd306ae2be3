import type { Database } from '../../db/open-database.ts';

/**
 * Extends a claimed delivery's lease right before it is sent, guarded by the claim it was sent under
 * (status, lease owner and the attempt the claim counted): false means another claim took it meanwhile
 * (its lease ran out while it waited), and this node must not send it.
 */
export async function renewLease(
  database: Database,
  delivery: { id: string; owner: string; attempts: number },
  leaseUntil: number,
  now: number,
): Promise<boolean> {
  const result = await database.db
    .updateTable('deliveries')
    .set({ lease_until: leaseUntil, updated_at: now })
    .where('id', '=', delivery.id)
    .where('status', '=', 'sending')
    .where('lease_owner', '=', delivery.owner)
    .where('attempts', '=', delivery.attempts)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
