import type { Kysely, Migration } from 'kysely';

// An admin shares a target (a family Telegram bot, a team SMTP account) with members: they may route their
// rules to its receivers and add receivers of their own, never read its config (api/target-shares.ts).
// A receiver remembers which member added it; NULL is the target's owner, as every receiver was before.
export const targetShares: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow Schema.
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('target_shares')
      .addColumn('target_id', 'text', (c) => c.notNull().references('targets.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('target_shares_pk', ['target_id', 'user_id'])
      .execute();
    await db.schema.createIndex('target_shares_user').on('target_shares').column('user_id').execute();
    await db.schema
      .alterTable('receivers')
      .addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
      .execute();
    await db.schema.createIndex('receivers_owner').on('receivers').column('owner_id').execute();
  },
};
