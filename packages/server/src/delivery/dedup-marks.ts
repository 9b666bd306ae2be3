import { createHash } from 'node:crypto';
import type { Database } from '../db/open-database.ts';
import { decideRepeat, type RepeatDecision, type RuleDedup } from '../domain/rule-dedup.ts';

/**
 * Marks the first delivery of some values for a rule and receiver, or finds it a repeat: in one
 * transaction, the row made first and read FOR UPDATE on Postgres, so two nodes sending the same alert at
 * once let exactly one of them through. The mark names its delivery: gates run again on every attempt, and
 * the delivery that made the mark, back after a failed send or a rate-limit wait, is no repeat of itself.
 */
export async function markOrRepeat(
  database: Database,
  scope: { ruleId: string; receiverId: string; values: string; deliveryId: string },
  dedup: RuleDedup,
  now: number,
): Promise<RepeatDecision> {
  const digest = createHash('sha256').update(scope.values).digest('base64url');
  const key = `${scope.ruleId}:${scope.receiverId}:${digest}`;
  return database.db.transaction().execute(async (trx) => {
    const made = await trx
      .insertInto('dedup_marks')
      .values({ key, first_at: now, delivery_id: scope.deliveryId })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    if (made) return { repeat: false };
    const row = await trx
      .selectFrom('dedup_marks')
      .select(['first_at', 'delivery_id'])
      .where('key', '=', key)
      .$if(database.dialect === 'postgres', (qb) => qb.forUpdate())
      .executeTakeFirstOrThrow();
    if (row.delivery_id === scope.deliveryId) return { repeat: false };
    const decision = decideRepeat(Number(row.first_at), now, dedup);
    if (!decision.repeat)
      await trx
        .updateTable('dedup_marks')
        .set({ first_at: now, delivery_id: scope.deliveryId })
        .where('key', '=', key)
        .execute();
    return decision;
  });
}
