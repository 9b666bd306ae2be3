import type { Kysely, Migration } from 'kysely';

// What a two-way channel (a Telegram bot) needs beyond sending: per-item outcomes of an attempt, silences
// made by chat commands or the API, a small key-value state per target (the update offset, cached file
// ids), chats that talked to a bot and may become receivers, and leases for work only one node may do.
export const telegramBotsSilences: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow Schema.
  async up(db: Kysely<any>) {
    await db.schema.alterTable('attempts').addColumn('detail', 'text').execute();

    await db.schema
      .createTable('silences')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('receiver_id', 'text', (c) => c.notNull().references('receivers.id').onDelete('cascade'))
      .addColumn('event_types', 'text')
      .addColumn('mode', 'text', (c) => c.notNull())
      .addColumn('ends_at', 'bigint', (c) => c.notNull())
      .addColumn('comment', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('silences_receiver')
      .on('silences')
      .columns(['receiver_id', 'ends_at'])
      .execute();

    await db.schema
      .createTable('channel_state')
      .addColumn('target_id', 'text', (c) => c.notNull().references('targets.id').onDelete('cascade'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('channel_state_pk', ['target_id', 'key'])
      .execute();

    await db.schema
      .createTable('receiver_candidates')
      .addColumn('target_id', 'text', (c) => c.notNull().references('targets.id').onDelete('cascade'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('chat_type', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('receiver_candidates_pk', ['target_id', 'key'])
      .execute();

    await db.schema
      .createTable('leases')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('lease_until', 'bigint', (c) => c.notNull())
      .execute();
  },
};
