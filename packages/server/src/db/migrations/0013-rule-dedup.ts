import type { Kysely, Migration } from 'kysely';

// A rule's own dedup window (JSON domain/rule-dedup.ts RuleDedup, NULL for none), and when each
// (rule, receiver, values) was first let through in its current window (delivery/dedup-marks.ts).
export const ruleDedup: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow Schema.
  async up(db: Kysely<any>) {
    await db.schema.alterTable('rules').addColumn('dedup', 'text').execute();
    await db.schema
      .createTable('dedup_marks')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('first_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
