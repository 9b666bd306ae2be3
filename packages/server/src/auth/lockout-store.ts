import type { Database } from '../db/open-database.ts';
import {
  afterFailure,
  type FailureCount,
  type LockoutPolicy,
  lockRemainingMs,
} from '../domain/sign-in-lockout.ts';

/** The failed sign-in counters (domain/sign-in-lockout.ts) in the sign_in_failures table. */

export interface Counter {
  key: string;
  policy: LockoutPolicy;
}

export type Reservation =
  | { locked: true; retryAfterMs: number }
  | {
      locked: false;
      /** The counts before this attempt, to put back on a success. */
      before: (FailureCount | undefined)[];
      /** The counts as written, this attempt counted as a failure. */
      after: FailureCount[];
    };

/**
 * Counts an attempt as a failure before its password is checked, in one transaction per attempt, unless
 * a counter is locked. Checking first and counting after the ~15 ms argon2 verify would let a thousand
 * parallel guesses all read "no failures yet"; this way the sixth of them already sees five. Each row is
 * made first and then read FOR UPDATE on Postgres (SQLite's BEGIN IMMEDIATE serializes anyway), so two
 * attempts never both count from the same number.
 */
export async function reserveAttempt(
  database: Database,
  counters: readonly Counter[],
  now: number,
): Promise<Reservation> {
  return database.db.transaction().execute(async (trx) => {
    const before: (FailureCount | undefined)[] = [];
    for (const { key } of counters) {
      await trx
        .insertInto('sign_in_failures')
        .values({ key, failures: 0, last_failed_at: 0, locked_until: 0 })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      const row = await trx
        .selectFrom('sign_in_failures')
        .selectAll()
        .where('key', '=', key)
        .$if(database.dialect === 'postgres', (qb) => qb.forUpdate())
        .executeTakeFirstOrThrow();
      before.push(
        row.failures === 0
          ? undefined
          : { failures: row.failures, lastFailedAt: row.last_failed_at, lockedUntil: row.locked_until },
      );
    }
    const remaining = Math.max(...counters.map((c, i) => lockRemainingMs(before[i], now, c.policy)));
    if (remaining > 0) return { locked: true, retryAfterMs: remaining };
    const after = counters.map((c, i) => afterFailure(before[i], now, c.policy));
    for (const [i, { key }] of counters.entries()) {
      const count = after[i]!;
      await trx
        .updateTable('sign_in_failures')
        .set({
          failures: count.failures,
          last_failed_at: count.lastFailedAt,
          locked_until: count.lockedUntil,
        })
        .where('key', '=', key)
        .execute();
    }
    return { locked: false, before, after };
  });
}

/**
 * A reserved attempt succeeded. The name's counter is cleared; the address's goes back to what it was,
 * but only if nothing counted on it meanwhile (then the other attempts' counts stand, ours included):
 * one good password must not wipe out an address that is guessing at other names.
 */
export async function settleSuccess(
  database: Database,
  nameKey: string,
  address: { key: string; before: FailureCount | undefined; after: FailureCount },
): Promise<void> {
  await database.db.deleteFrom('sign_in_failures').where('key', '=', nameKey).execute();
  const restored = address.before ?? { failures: 0, lastFailedAt: 0, lockedUntil: 0 };
  await database.db
    .updateTable('sign_in_failures')
    .set({
      failures: restored.failures,
      last_failed_at: restored.lastFailedAt,
      locked_until: restored.lockedUntil,
    })
    .where('key', '=', address.key)
    .where('failures', '=', address.after.failures)
    .where('last_failed_at', '=', address.after.lastFailedAt)
    .execute();
}

/**
 * An admin's unlock: forgets a counter's failures, so the name may try again at once. Answers whether it
 * was locked at `now`.
 */
export async function clearCounter(
  database: Database,
  key: string,
  now: number,
): Promise<{ wasLocked: boolean; failures: number }> {
  const row = await database.db
    .deleteFrom('sign_in_failures')
    .where('key', '=', key)
    .returning(['failures', 'locked_until'])
    .executeTakeFirst();
  return { wasLocked: row !== undefined && row.locked_until > now, failures: row?.failures ?? 0 };
}
