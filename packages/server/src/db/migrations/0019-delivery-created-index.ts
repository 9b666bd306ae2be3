import type { Kysely, Migration } from 'kysely';

// The dashboard's figures (api/stats.ts) read the deliveries made in the last minutes and hours. Since
// 0004 no index led with anything but the claim's columns, so each look was a scan of the whole history.
// created_at is written once, at insert, and never changes: this index costs no write on a status change.
export const deliveryCreatedIndex: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow Schema.
  async up(db: Kysely<any>) {
    await db.schema.createIndex('deliveries_created').on('deliveries').column('created_at').execute();
  },
};
