import type { FastifyInstance } from 'fastify';
import type { Selectable } from 'kysely';
import { type Static, Type } from 'typebox';
import { auditResourceTypes } from '../auth/audit-log.ts';
import type { AuditLogTable } from '../db/schema.ts';
import { parseJson } from '../json.ts';
import type { ApiOptions } from './api-options.ts';
import { newestFirst, PageQuery, pageRequest, toPage } from './pagination.ts';
import { errorResponses, Id, IsoTime, iso, PageOf } from './schemas.ts';
import { scopeOf } from './scope.ts';

const AuditEntryView = Type.Object({
  id: Id,
  at: IsoTime,
  actorId: Type.Union([Id, Type.Null()], {
    description: 'The user who acted; null when nobody proved who they are (a failed sign-in, the CLI).',
  }),
  via: Type.String({
    description: 'How the actor authenticated: session, token, password, setup, cli, oidc, proxy, bot.',
  }),
  address: Type.Union([Type.String(), Type.Null()], { description: 'The client address.' }),
  action: Type.String({ description: '`<resource type>.<verb>` or a sign-in event, e.g. `sign-in.failed`.' }),
  resourceType: Type.Union([Type.String(), Type.Null()]),
  resourceId: Type.Union([Type.String(), Type.Null()]),
  changes: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], {
    description:
      'What changed, as the API shows the resource (so never a secret): `after` for a create, `before` ' +
      'for a delete, `changed` (`{"config.url": {"from": ..., "to": ...}}`) for an update, and `detail`.',
  }),
});

const ListQuery = Type.Object({
  actor: Type.Optional(Id),
  action: Type.Optional(
    Type.String({
      maxLength: 100,
      // Letters, dots and dashes only, so a prefix goes into LIKE with nothing to escape.
      pattern: '^[a-z][a-z.-]*(\\.\\*)?$',
      description: 'An action (`source.update`), or a prefix ending in `.*` (`sign-in.*`).',
    }),
  ),
  resourceType: Type.Optional(Type.Enum(auditResourceTypes)),
  resourceId: Type.Optional(Id),
  since: Type.Optional(Type.String({ format: 'date-time', description: 'Entries at or after this time.' })),
  until: Type.Optional(Type.String({ format: 'date-time', description: 'Entries before this time.' })),
  ...PageQuery,
});

function view(row: Selectable<AuditLogTable>) {
  return {
    id: row.id,
    at: iso(row.at),
    actorId: row.actor_id,
    via: row.via,
    address: row.address,
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    changes: row.changes === null ? null : parseJson<Record<string, unknown>>(row.changes),
  };
}

/**
 * GET /audit: who did what and when, newest first. With the `admin` scope every entry; otherwise only the
 * caller's own actions.
 */
export async function auditRoutes(app: FastifyInstance, options: ApiOptions): Promise<void> {
  const { db } = options.database;

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/audit',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['accounts'],
        summary: 'The audit log, newest first (an admin scope sees everyone’s; others their own actions)',
        description: `Kept for NB_AUDIT_RETENTION_DAYS (default 90). Filters combine with AND.`,
        querystring: ListQuery,
        response: { 200: PageOf(AuditEntryView), ...errorResponses() },
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      const page = pageRequest(request.query);
      const q = request.query;
      const prefix = q.action?.endsWith('.*') ? q.action.slice(0, -1) : undefined;
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .$if(scope.ownerId !== undefined, (qb) => qb.where('actor_id', '=', scope.ownerId!))
        .$if(q.actor !== undefined, (qb) => qb.where('actor_id', '=', q.actor!))
        .$if(prefix !== undefined, (qb) => qb.where('action', 'like', `${prefix!}%`))
        .$if(q.action !== undefined && prefix === undefined, (qb) => qb.where('action', '=', q.action!))
        .$if(q.resourceType !== undefined, (qb) => qb.where('resource_type', '=', q.resourceType!))
        .$if(q.resourceId !== undefined, (qb) => qb.where('resource_id', '=', q.resourceId!))
        .$if(q.since !== undefined, (qb) => qb.where('at', '>=', Date.parse(q.since!)))
        .$if(q.until !== undefined, (qb) => qb.where('at', '<', Date.parse(q.until!)))
        .$call(newestFirst(page))
        .execute();
      return toPage(rows, page.limit, view);
    },
  );
}
