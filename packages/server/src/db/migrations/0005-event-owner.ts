import { type Kysely, type Migration, sql } from 'kysely';

// Every event belongs to one user: its source's owner, or for the bridge's own events the user they are
// about (a dead delivery belongs to its target's owner). Rules and the API scope events by it. SQLite adds
// a NOT NULL column only with a default; the code always writes the owner, so the default never applies.
// Events stored before this belong to their source's owner: the bridge's earlier events stay the admin's.
export const eventOwner: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow Schema.
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('events')
      .addColumn('owner_id', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await sql`update events set owner_id = (select owner_id from sources where sources.id = events.source_id)`.execute(
      db,
    );
    // ULIDs sort by time, so (owner_id, id) serves a member's "my events, newest first".
    await db.schema.createIndex('events_owner_time').on('events').columns(['owner_id', 'id']).execute();
  },
};
