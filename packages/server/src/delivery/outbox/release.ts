import type { Kysely } from 'kysely';
import type { Database } from '../../db/open-database.ts';
import type { Schema } from '../../db/schema.ts';

/**
 * Hands claimed deliveries back (shutdown before they were sent): pending again, due now, the claim not
 * counted as an attempt.
 */
export async function releaseDeliveries(
  database: Database,
  ids: string[],
  owner: string,
  now: number,
): Promise<void> {
  if (ids.length === 0) return;
  await database.db
    .updateTable('deliveries')
    .set((eb) => ({
      status: 'pending',
      lease_owner: null,
      lease_until: null,
      due_at: now,
      attempts: eb('attempts', '-', 1),
      updated_at: now,
    }))
    .where('id', 'in', ids)
    .where('status', '=', 'sending')
    .where('lease_owner', '=', owner)
    .execute();
}

/**
 * At start: every delivery a previous run of this node (the same name, see node-identity.ts) held when it
 * died, pending again and due now. Its attempt stays counted, since the send may have reached the far
 * side; so a delivery that crashes its node every time still runs out of attempts.
 */
export async function releaseStaleLeases(database: Database, owner: string, now: number): Promise<number> {
  const result = await database.db
    .updateTable('deliveries')
    .set({ status: 'pending', lease_owner: null, lease_until: null, due_at: now, updated_at: now })
    .where('status', '=', 'sending')
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * A deferring silence ended early: the receiver's deliveries it had put off (due at its old end) are due
 * now. Only pending ones with exactly those due times move, so a delivery deferred by something else stays.
 */
export async function releaseDeferred(
  db: Kysely<Schema>,
  receiverId: string,
  deferredUntil: readonly number[],
  now: number,
): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({ due_at: now, updated_at: now })
    .where('receiver_id', '=', receiverId)
    .where('status', '=', 'pending')
    .where('due_at', 'in', deferredUntil)
    .execute();
}
