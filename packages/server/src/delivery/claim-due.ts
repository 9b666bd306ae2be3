import type { Selectable } from 'kysely';
import type { Database } from '../db/open-database.ts';
import type { DeliveriesTable } from '../db/schema.ts';

export type DeliveryRow = Selectable<DeliveriesTable>;

/**
 * Claims up to `limit` deliveries that are due, or whose lease ran out (their node died mid-send), and
 * leases them to `owner` until `now + leaseMs`. One UPDATE: on Postgres the inner SELECT skips rows another
 * node is claiming (FOR UPDATE SKIP LOCKED); SQLite has one writer, so the statement is atomic anyway.
 * `attempts` counts claims, so a delivery that crashes its node every time still runs out of attempts.
 */
export async function claimDueDeliveries(
  database: Database,
  options: { owner: string; now: number; leaseMs: number; limit: number },
): Promise<DeliveryRow[]> {
  const { db, dialect } = database;
  const { owner, now, leaseMs, limit } = options;
  const due = db
    .selectFrom('deliveries')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'pending'), eb('due_at', '<=', now)]),
        eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)]),
      ]),
    )
    .orderBy('due_at')
    .limit(limit)
    .$if(dialect === 'postgres', (qb) => qb.forUpdate().skipLocked());
  return db
    .updateTable('deliveries')
    .set((eb) => ({
      status: 'sending',
      lease_owner: owner,
      lease_until: now + leaseMs,
      attempts: eb('attempts', '+', 1),
      updated_at: now,
    }))
    .where('id', 'in', due)
    .returningAll()
    .execute();
}

/** The earliest due time among pending deliveries, to know how long the dispatcher may sleep. */
export async function nextDueAt(database: Database): Promise<number | undefined> {
  const row = await database.db
    .selectFrom('deliveries')
    .select('due_at')
    .where('status', '=', 'pending')
    .orderBy('due_at')
    .limit(1)
    .executeTakeFirst();
  return row?.due_at;
}
