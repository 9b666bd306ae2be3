import type { Kysely, Migration } from 'kysely';

// People who sign in: a display name, the locale and time zone their notifications and the UI use, an
// argon2id password hash (its parameters inside it, so they can be raised later), and a disabled mark that
// stops their sessions and tokens at once. All nullable: the first admin exists from the first start,
// before anyone has chosen a password for it (see auth/first-admin.ts).
// Setup tokens: the one-time link a fresh install prints, stored as SHA-256 with its expiry, one per node
// that printed one (any node can then take the link).
export const userAccounts: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow Schema.
  async up(db: Kysely<any>) {
    await db.schema.alterTable('users').addColumn('display_name', 'text').execute();
    await db.schema.alterTable('users').addColumn('locale', 'text').execute();
    await db.schema.alterTable('users').addColumn('time_zone', 'text').execute();
    await db.schema.alterTable('users').addColumn('password_hash', 'text').execute();
    await db.schema.alterTable('users').addColumn('disabled_at', 'bigint').execute();
    await db.schema
      .createTable('setup_tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
