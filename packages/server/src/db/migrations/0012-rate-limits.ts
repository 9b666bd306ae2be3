import type { Kysely, Migration } from 'kysely';

// Rate limits a user sets on targets and receivers (JSON domain/rate-limit.ts RateLimit, NULL for none), and
// the buckets every node takes from: one theoretical arrival time per key (delivery/rate-buckets.ts).
export const rateLimits: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow Schema.
  async up(db: Kysely<any>) {
    await db.schema.alterTable('targets').addColumn('rate_limit', 'text').execute();
    await db.schema.alterTable('receivers').addColumn('rate_limit', 'text').execute();
    await db.schema
      .createTable('rate_buckets')
      .addColumn('key', 'text', (c) => c.primaryKey())
      // Fractional: a limit such as 30/second is a 33.3 ms interval, and rounding each step would drift.
      .addColumn('tat', 'double precision', (c) => c.notNull())
      .execute();
  },
};
