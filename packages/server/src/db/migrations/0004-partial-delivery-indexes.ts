import { type Kysely, type Migration, sql } from 'kysely';

// The claim walks pending rows by due_at and expired leases by lease_until; sent, dead and dropped rows,
// nearly all of them, never. Partial indexes hold only the rows a claim can want, so each status change
// costs fewer index writes and the indexes stay small however long the history grows.
export const partialDeliveryIndexes: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow Schema.
  async up(db: Kysely<any>) {
    await db.schema.dropIndex('deliveries_due').execute();
    await db.schema.dropIndex('deliveries_lease').execute();
    await db.schema
      .createIndex('deliveries_pending_due')
      .on('deliveries')
      .column('due_at')
      .where(sql<boolean>`status = 'pending'`)
      .execute();
    await db.schema
      .createIndex('deliveries_sending_lease')
      .on('deliveries')
      .column('lease_until')
      .where(sql<boolean>`status = 'sending'`)
      .execute();
  },
};
