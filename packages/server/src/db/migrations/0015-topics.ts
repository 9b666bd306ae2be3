import type { Kysely, Migration } from 'kysely';

// Topics (realtime/topics/): named streams a rule publishes to through a `topic` target and apps subscribe
// to, public or with a subscriber token. The HMAC keys that sign those tokens, sealed, each with the id a
// token names, kept after a rotation until every token they signed has expired. A topic entry carries the
// delivery that published it (dedup_key), so a retry after a lost outcome finds it instead of publishing twice.
export const topics: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow Schema.
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('topics')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
      // One namespace for every user: the name is what subscribers put in a URL.
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('access', 'text', (c) => c.notNull())
      .addColumn('external', 'integer', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('topics_owner').on('topics').columns(['owner_id', 'id']).execute();
    await db.schema
      .createTable('topic_signing_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('retired_at', 'bigint')
      .execute();
    await db.schema.alterTable('stream_entries').addColumn('dedup_key', 'text').execute();
    await db.schema
      .createIndex('stream_entries_dedup_key')
      .on('stream_entries')
      .column('dedup_key')
      .unique()
      .where('dedup_key', 'is not', null)
      .execute();
  },
};
