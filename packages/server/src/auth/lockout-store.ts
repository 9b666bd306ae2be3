import type { Database } from '../db/open-database.ts';
import type { FailureCount } from '../domain/sign-in-lockout.ts';

/** The failed sign-in counters (domain/sign-in-lockout.ts) in the sign_in_failures table. */

export async function readFailureCount(database: Database, key: string): Promise<FailureCount | undefined> {
  const row = await database.db
    .selectFrom('sign_in_failures')
    .selectAll()
    .where('key', '=', key)
    .executeTakeFirst();
  return row
    ? { failures: row.failures, lastFailedAt: row.last_failed_at, lockedUntil: row.locked_until }
    : undefined;
}

export async function writeFailureCount(database: Database, key: string, count: FailureCount): Promise<void> {
  const values = {
    failures: count.failures,
    last_failed_at: count.lastFailedAt,
    locked_until: count.lockedUntil,
  };
  await database.db
    .insertInto('sign_in_failures')
    .values({ key, ...values })
    .onConflict((oc) => oc.column('key').doUpdateSet(values))
    .execute();
}

export async function clearFailureCount(database: Database, key: string): Promise<void> {
  await database.db.deleteFrom('sign_in_failures').where('key', '=', key).execute();
}
