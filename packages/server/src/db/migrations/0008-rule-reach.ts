import { type Kysely, type Migration, sql } from 'kysely';

// Whose events a rule sees: 'own' (its owner's) or 'all' (everyone's, for an admin's rule made with the admin
// scope). Before this column an admin's rule saw everyone's by its owner's role alone, so existing rules of
// admins keep 'all' and nothing that worked stops; every new rule starts at 'own'.
export const ruleReach: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow Schema.
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('rules')
      .addColumn('reach', 'text', (c) => c.notNull().defaultTo('own'))
      .execute();
    await db
      .updateTable('rules')
      .set({ reach: 'all' })
      .where('owner_id', 'in', sql`(select id from users where role = 'admin')`)
      .execute();
  },
};
