import type { Kysely, Migration } from 'kysely';

// The audit log (auth/audit-log.ts): who did what and when. `changes` is a redacted diff (JSON) of the
// resource as the API shows it, so it never holds a secret. No foreign keys: a row outlives the user,
// session, token or resource it names, until NB_AUDIT_RETENTION_DAYS sweeps it.
export const auditLog: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and must not follow Schema.
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('audit_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('via', 'text', (c) => c.notNull())
      .addColumn('address', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('resource_type', 'text')
      .addColumn('resource_id', 'text')
      .addColumn('changes', 'text')
      .execute();
    await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
    await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'id']).execute();
    await db.schema
      .createIndex('audit_log_resource')
      .on('audit_log')
      .columns(['resource_type', 'resource_id', 'id'])
      .execute();
  },
};
