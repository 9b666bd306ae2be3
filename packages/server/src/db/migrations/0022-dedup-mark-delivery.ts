import type { Kysely, Migration } from 'kysely';

// A rule's dedup mark names the delivery that made it (delivery/dedup-marks.ts): gates run on every
// attempt, and without it a delivery that failed once, or waited for a rate limit, came back as a repeat of
// itself and was dropped unsent. No foreign key: a mark outlives the deliveries the retention sweep removes.
export const dedupMarkDelivery: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow Schema.
  async up(db: Kysely<any>) {
    await db.schema.alterTable('dedup_marks').addColumn('delivery_id', 'text').execute();
  },
};
