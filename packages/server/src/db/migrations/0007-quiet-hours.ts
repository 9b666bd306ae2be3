import type { Kysely, Migration } from 'kysely';

// Quiet hours of a receiver, and a rule's own that override them: JSON as the API wrote them (see
// domain/quiet-hours.ts), NULL for none.
export const quietHours: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow Schema.
  async up(db: Kysely<any>) {
    await db.schema.alterTable('receivers').addColumn('quiet_hours', 'text').execute();
    await db.schema.alterTable('rules').addColumn('quiet_hours', 'text').execute();
  },
};
