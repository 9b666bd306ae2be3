import type { Kysely, Migration } from 'kysely';

// Senders that speak another service's protocol (ntfy, Gotify, Slack...) name their source by a topic or
// token in the URL, not by its id; the key's SHA-256 finds the source without storing the token itself.
export const sourceIngressKey: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow Schema.
  async up(db: Kysely<any>) {
    await db.schema.alterTable('sources').addColumn('ingress_key', 'text').execute();
    await db.schema
      .createIndex('sources_ingress_key')
      .on('sources')
      .columns(['kind', 'ingress_key'])
      .unique()
      .execute();
  },
};
