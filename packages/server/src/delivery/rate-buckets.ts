import type { Database } from '../db/open-database.ts';
import { decideRate, type RateLimit } from '../domain/rate-limit.ts';

/** One limit a send must fit: its bucket's key, the limit, and what to call it in a reason. */
export interface RateBucket {
  key: string;
  limit: RateLimit;
  what: string;
}

export type RateTaken = { allowed: true } | { allowed: false; retryAt: number; bucket: RateBucket };

/**
 * Takes one message from every bucket, or from none: all in one transaction, each row made first and read
 * FOR UPDATE on Postgres (SQLite's write transaction serializes anyway), so two nodes never both spend the
 * same slot and a send refused by one bucket spends nothing in the others.
 */
export async function takeFromBuckets(
  database: Database,
  buckets: readonly RateBucket[],
  now: number,
): Promise<RateTaken> {
  return database.db.transaction().execute(async (trx) => {
    const decided: { bucket: RateBucket; tat: number }[] = [];
    let refused: RateTaken | undefined;
    for (const bucket of buckets) {
      await trx
        .insertInto('rate_buckets')
        .values({ key: bucket.key, tat: 0 })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      const row = await trx
        .selectFrom('rate_buckets')
        .select('tat')
        .where('key', '=', bucket.key)
        .$if(database.dialect === 'postgres', (qb) => qb.forUpdate())
        .executeTakeFirstOrThrow();
      const decision = decideRate(Number(row.tat), now, bucket.limit);
      if (decision.allowed) decided.push({ bucket, tat: decision.tat });
      else if (refused === undefined || (!refused.allowed && decision.retryAt > refused.retryAt)) {
        refused = { allowed: false, retryAt: decision.retryAt, bucket };
      }
    }
    if (refused) return refused;
    for (const { bucket, tat } of decided) {
      await trx.updateTable('rate_buckets').set({ tat }).where('key', '=', bucket.key).execute();
    }
    return { allowed: true };
  });
}
