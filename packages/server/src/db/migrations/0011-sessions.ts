import type { Kysely, Migration } from 'kysely';

// Browser sessions: an opaque random token in a cookie, stored only as its SHA-256, with the times that
// make its idle and absolute expiry and what a user needs to tell their sessions apart.
// Failed sign-ins: one counter per sign-in name and one per client address (domain/sign-in-lockout.ts);
// keyed by the name typed, whether or not such a user exists.
// API tokens may expire.
export const sessions: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow Schema.
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('user_agent', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').columns(['user_id', 'id']).execute();
    await db.schema
      .createTable('sign_in_failures')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('last_failed_at', 'bigint', (c) => c.notNull())
      .addColumn('locked_until', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.alterTable('api_tokens').addColumn('expires_at', 'bigint').execute();
  },
};
