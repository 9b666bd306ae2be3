import type { Kysely, Migration } from 'kysely';

// What a source had to leave out of an event (attachments over the cap, say) is kept with it, so the user
// sees why a notification lacks something instead of a silent 202. NULL for the many events with none.
export const eventWarnings: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow Schema.
  async up(db: Kysely<any>) {
    await db.schema.alterTable('events').addColumn('warnings', 'text').execute();
  },
};
