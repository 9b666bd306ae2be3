import { type Kysely, type Migration, sql } from 'kysely';

// Two changes that came with the short dedup window for body hashes (issue 12, items 13 and 14):
// - a source's own window for body-hash duplicates, in ms; NULL takes NB_BODY_DEDUP_WINDOW_MINUTES;
// - attempts numbered per delivery for its whole life. A replay used to restart the numbers at 1, so
//   history rows are renumbered in the order they were made (ULID ids sort by time) before a unique
//   index keeps the numbers apart. That index leads with delivery_id, so the old one on it alone goes.
export const bodyDedupWindowAttemptNumbers: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow Schema.
  async up(db: Kysely<any>) {
    await db.schema.alterTable('sources').addColumn('body_dedup_window_ms', 'integer').execute();
    await sql`update attempts set attempt_no = (
        select count(*) from attempts earlier
        where earlier.delivery_id = attempts.delivery_id and earlier.id <= attempts.id
      )`.execute(db);
    await db.schema
      .createIndex('attempts_delivery_attempt_no')
      .on('attempts')
      .columns(['delivery_id', 'attempt_no'])
      .unique()
      .execute();
    await db.schema.dropIndex('attempts_delivery').execute();
  },
};
