import type { Kysely, Selectable } from 'kysely';
import { type Database, lightTransaction } from '../../db/open-database.ts';
import type { DeliveriesTable, Schema } from '../../db/schema.ts';

export type DeliveryRow = Selectable<DeliveriesTable>;

export interface ClaimOptions {
  owner: string;
  now: number;
  leaseMs: number;
  limit: number;
  /** Also look for expired leases; false skips that second statement (they are rare and can wait). */
  expired?: boolean;
  /** Targets this node holds all it can start within a lease of: their rows are not looked at. */
  skipTargetIds?: readonly string[];
  /**
   * How many more of a target's deliveries this node can start within a lease, given the target's
   * `concurrency`, not counting those this claim takes (it counts them itself).
   */
  room(targetId: string, concurrency: number): number;
}

/**
 * Claims up to `limit` deliveries that are due, or whose lease ran out (their node died mid-send), and
 * leases them to `owner` until `now + leaseMs`, taking no more of one target than `room` allows: a row that
 * would wait for the target's slots past its lease would be claimed again by another node and sent twice.
 * Per kind of row, one SELECT finds candidates in due order (on Postgres locking them, skipping rows another
 * node is claiming: FOR UPDATE SKIP LOCKED; SQLite has one writer) and one UPDATE leases those picked. The
 * two kinds are separate because one query with an OR cannot walk either index in due order.
 * `attempts` counts claims, so a delivery that crashes its node every time still runs out of attempts.
 * `exhausted` says the candidates ran out before the limit (nothing more is due for targets not skipped).
 */
export function claimDueDeliveries(
  database: Database,
  options: ClaimOptions,
): Promise<{ rows: DeliveryRow[]; exhausted: boolean }> {
  // A claim lost to a power cut leaves the delivery pending, to be claimed again: no fsync needed.
  return lightTransaction(database, async (trx) => {
    const taken = new Map<string, number>();
    const due = await claimWhere(trx, database.dialect, options, taken, 'pending');
    if (due.rows.length >= options.limit || options.expired === false) return due;
    const expired = await claimWhere(
      trx,
      database.dialect,
      { ...options, limit: options.limit - due.rows.length },
      taken,
      'sending',
    );
    return { rows: due.rows.concat(expired.rows), exhausted: due.exhausted && expired.exhausted };
  });
}

// Candidates beyond the limit, so that a target without room does not leave the claim short at once.
const lookAhead = 2;

async function claimWhere(
  db: Kysely<Schema>,
  dialect: Database['dialect'],
  options: ClaimOptions,
  /** Rows taken so far per target, by this claim. */
  taken: Map<string, number>,
  status: 'pending' | 'sending',
): Promise<{ rows: DeliveryRow[]; exhausted: boolean }> {
  const { owner, now, leaseMs, limit, skipTargetIds = [] } = options;
  const column = status === 'pending' ? 'd.due_at' : 'd.lease_until';
  const want = limit * lookAhead;
  const candidates = await db
    .selectFrom('deliveries as d')
    .innerJoin('targets as t', 't.id', 'd.target_id')
    .select(['d.id', 'd.target_id', 't.concurrency'])
    .where('d.status', '=', status)
    .where(column, status === 'pending' ? '<=' : '<', now)
    .$if(skipTargetIds.length > 0, (qb) => qb.where('d.target_id', 'not in', skipTargetIds))
    .orderBy(column)
    .limit(want)
    .$if(dialect === 'postgres', (qb) => qb.forUpdate(['d']).skipLocked())
    .execute();
  const picked: string[] = [];
  for (const { id, target_id, concurrency } of candidates) {
    if (picked.length === limit) break;
    const already = taken.get(target_id) ?? 0;
    if (already >= options.room(target_id, concurrency)) continue;
    taken.set(target_id, already + 1);
    picked.push(id);
  }
  const exhausted = candidates.length < want;
  if (picked.length === 0) return { rows: [], exhausted };
  const rows = await db
    .updateTable('deliveries')
    .set((eb) => ({
      status: 'sending',
      lease_owner: owner,
      lease_until: now + leaseMs,
      attempts: eb('attempts', '+', 1),
      updated_at: now,
    }))
    .where('id', 'in', picked)
    .where('status', '=', status)
    .returningAll()
    .execute();
  return { rows, exhausted };
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
