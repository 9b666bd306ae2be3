import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { type AuditActor, type AuditEntry, type AuditView, recordAudit } from '../auth/audit-log.ts';
import type { Database } from '../db/open-database.ts';
import type { Schema } from '../db/schema.ts';
import type { Clock } from '../domain/clock.ts';

/** Who made this request, for the audit log: the principal and how it authenticated, and the address. */
export function auditActor(request: FastifyRequest): AuditActor {
  const principal = request.principal;
  return {
    userId: principal?.userId ?? null,
    via: principal?.via ?? 'session',
    address: request.ip,
  };
}

export type AuditRecorder = (request: FastifyRequest, db: Kysely<Schema>, entry: AuditEntry) => Promise<void>;

/**
 * What each resource route calls, inside the transaction of its change, to put the change in the audit
 * log (auth/audit-log.ts) as the request's principal.
 */
export function auditRecorder(options: { clock: Clock }): AuditRecorder {
  return (request, db, entry) => recordAudit(db, options.clock.now(), auditActor(request), entry);
}

/** The tables whose rows are deleted by id alone, each with the audit type of its rows. */
const deletableTypes = {
  sources: 'source',
  targets: 'target',
  receivers: 'receiver',
  rules: 'rule',
  templates: 'template',
} as const;

/**
 * Deletes one row by id and records it, with the row as the API showed it, in one transaction: what every
 * plain DELETE route does.
 */
export async function deleteAudited(
  options: { database: Database; clock: Clock },
  request: FastifyRequest,
  table: keyof typeof deletableTypes,
  id: string,
  before: AuditView,
): Promise<void> {
  await options.database.db.transaction().execute(async (trx) => {
    await trx.deleteFrom(table).where('id', '=', id).execute();
    await recordAudit(trx, options.clock.now(), auditActor(request), {
      action: `${deletableTypes[table]}.delete`,
      resourceType: deletableTypes[table],
      resourceId: id,
      before,
    });
  });
}
