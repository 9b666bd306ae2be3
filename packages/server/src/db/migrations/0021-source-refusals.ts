import type { Kysely, Migration } from 'kysely';

// "Why does my Gitea webhook do nothing?": a source remembers the last request it refused (a wrong secret,
// a bad signature, a body it could not read), so its page can say so. Only the latest is kept; ingest
// writes it at most every few seconds per source (ingest/source-refusals.ts), so a flood of bad requests
// costs no more than one row update each period.
export const sourceRefusals: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow Schema.
  async up(db: Kysely<any>) {
    await db.schema.alterTable('sources').addColumn('last_refusal', 'text').execute();
    await db.schema.alterTable('sources').addColumn('last_refusal_at', 'bigint').execute();
  },
};
