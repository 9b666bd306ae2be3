import type { Kysely, Selectable } from 'kysely';
import { type Database, lightTransaction } from '../../db/open-database.ts';
import type { DeliveriesTable, Schema } from '../../db/schema.ts';

export type DeliveryRow = Selectable<DeliveriesTable>;

/**
 * Claims up to `limit` deliveries that are due, or whose lease ran out (their node died mid-send), and
 * leases them to `owner` until `now + leaseMs`. One UPDATE per kind of row: on Postgres the inner SELECT
 * skips rows another node is claiming (FOR UPDATE SKIP LOCKED); SQLite has one writer, so each statement is
 * atomic anyway. The two are separate because one query with an OR cannot walk either index in due order:
 * it would collect and sort every due row on each claim.
 * `attempts` counts claims, so a delivery that crashes its node every time still runs out of attempts.
 */
export function claimDueDeliveries(
  database: Database,
  options: {
    owner: string;
    now: number;
    leaseMs: number;
    limit: number;
    /** Also look for expired leases; false skips that second statement (they are rare and can wait). */
    expired?: boolean;
  },
): Promise<DeliveryRow[]> {
  // A claim lost to a power cut leaves the delivery pending, to be claimed again: no fsync needed.
  return lightTransaction(database, async (trx) => {
    const due = await claimWhere(trx, database.dialect, options, 'pending', 'due_at', '<=');
    if (due.length >= options.limit || options.expired === false) return due;
    const expired = await claimWhere(
      trx,
      database.dialect,
      { ...options, limit: options.limit - due.length },
      'sending',
      'lease_until',
      '<',
    );
    return due.concat(expired);
  });
}

function claimWhere(
  db: Kysely<Schema>,
  dialect: Database['dialect'],
  options: { owner: string; now: number; leaseMs: number; limit: number },
  status: 'pending' | 'sending',
  column: 'due_at' | 'lease_until',
  op: '<=' | '<',
): Promise<DeliveryRow[]> {
  const { owner, now, leaseMs, limit } = options;
  const candidates = db
    .selectFrom('deliveries')
    .select('id')
    .where('status', '=', status)
    .where(column, op, now)
    .orderBy(column)
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
    .where('id', 'in', candidates)
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
