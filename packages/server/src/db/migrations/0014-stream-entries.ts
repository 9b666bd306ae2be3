import { type Kysely, type Migration, PostgresAdapter, sql } from 'kysely';

// The realtime streams (realtime/): one table of entries every subscriber reads from, ids in commit order
// (realtime/append-entries.ts says how), and the id up to which retention has deleted them, so a subscriber
// resuming from before it is told what it missed instead of silently getting less.
export const streamEntries: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow Schema.
  async up(db: Kysely<any>) {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    await db.schema
      .createTable('stream_entries')
      // AUTOINCREMENT on SQLite: an id is never used twice, not even after retention deleted the newest.
      .addColumn('id', postgres ? 'bigint' : 'integer', (c) =>
        postgres ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement(),
      )
      .addColumn('stream', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('topic_id', 'text')
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('stream_entries_created_at')
      .on('stream_entries')
      .column('created_at')
      .execute();
    await db.schema
      .createTable('stream_horizon')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('deleted_through', 'bigint', (c) => c.notNull())
      .execute();
    await sql`insert into stream_horizon (id, deleted_through) values (1, 0)`.execute(db);
  },
};
