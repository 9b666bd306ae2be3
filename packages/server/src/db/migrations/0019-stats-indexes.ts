import type { Kysely, Migration } from 'kysely';

// The dashboard's figures (api/stats.ts) read the deliveries made in the last minutes and hours. Since
// 0004 no index led with anything but the claim's columns, so each look was a scan of the whole history.
// created_at is written once, at insert, and never changes: this index costs no write on a status change.
// A member's figures read their own events of the last hour: events_owner_time (owner_id, id) would walk
// all of that owner's events, so (owner_id, received_at) serves the window itself.
export const statsIndexes: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow Schema.
  async up(db: Kysely<any>) {
    await db.schema.createIndex('deliveries_created').on('deliveries').column('created_at').execute();
    await db.schema
      .createIndex('events_owner_received')
      .on('events')
      .columns(['owner_id', 'received_at'])
      .execute();
  },
};
