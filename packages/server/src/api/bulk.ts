import type { FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import type { AuditView } from '../auth/audit-log.ts';
import type { ApiOptions } from './api-options.ts';
import { auditRecorder } from './audit-recorder.ts';
import { maxPageSize } from './pagination.ts';
import { Id } from './schemas.ts';

export const bulkActions = ['enable', 'disable', 'delete'] as const;
export type BulkAction = (typeof bulkActions)[number];

/** At most one page of the largest a list gives (pagination.ts): what a UI can have ticked at once. */
const maxBulkIds = maxPageSize;

/** `{ids, action}` with the actions a resource offers (templates have no `enabled`: only delete). */
export function bulkRequest(actions: readonly BulkAction[] = bulkActions) {
  return Type.Object(
    {
      ids: Type.Array(Id, {
        minItems: 1,
        maxItems: maxBulkIds,
        uniqueItems: true,
        description: `The rows to act on, 1 to ${maxBulkIds}, each once.`,
      }),
      action: Type.Enum(actions, {
        description: 'enable or disable (sets `enabled`), or delete (as DELETE on each id does).',
      }),
    },
    { additionalProperties: false },
  );
}
export const BulkRequest = bulkRequest();
export type BulkRequestBody = Static<typeof BulkRequest>;

export const BulkResult = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Id,
      outcome: Type.Enum(['done', 'unchanged', 'not_found', 'forbidden'], {
        description:
          "done: changed (one audit entry); unchanged: already so (no entry); not_found: no such row you may see (another owner's answers so too, untouched); forbidden: a row that cannot be changed so (a built-in source; a rule reaching everyone's events without the admin scope).",
      }),
      message: Type.Optional(Type.String({ description: 'Why, for not_found and forbidden.' })),
    }),
    { description: 'One per id, in the order of the request.' },
  ),
});
export type BulkOutcome = Static<typeof BulkResult>['items'][number];

/** What a bulk route needs to know of its table; the rows are those the caller may see. */
export interface BulkTable<Row extends { id: string; enabled?: number }> {
  table: 'sources' | 'targets' | 'receivers' | 'rules' | 'templates';
  resourceType: 'source' | 'target' | 'receiver' | 'rule' | 'template';
  /** The rows among `ids` the caller may see (owner-scoped). */
  load(ids: readonly string[]): Promise<Row[]>;
  view(row: Row): AuditView;
  /** Why this row may not be changed so, or undefined. */
  refuse?(row: Row, action: BulkAction): string | undefined;
  /** Columns to set beside `enabled` (a receiver's disabled_reason goes when it is set again). */
  alsoSet?: Record<string, unknown>;
  /** Runs after the commit with the ids changed: caches to drop, the router to refresh. */
  afterCommit(changed: readonly string[]): Promise<void> | void;
}

/**
 * Enables, disables or deletes many rows in one transaction, one audit entry per changed row, exactly
 * what the single-row PATCH and DELETE routes would record. Rows the caller may not see are reported as
 * not found and never touched.
 */
export async function runBulk<Row extends { id: string; enabled?: number }>(
  options: ApiOptions,
  request: FastifyRequest,
  body: BulkRequestBody,
  spec: BulkTable<Row>,
): Promise<Static<typeof BulkResult>> {
  const audit = auditRecorder(options);
  const rows = new Map((await spec.load(body.ids)).map((row) => [row.id, row]));
  const outcomes = new Map<string, BulkOutcome>();
  const toChange: Row[] = [];
  for (const id of body.ids) {
    const row = rows.get(id);
    const refused = row && spec.refuse?.(row, body.action);
    if (!row)
      outcomes.set(id, { id, outcome: 'not_found', message: `no ${spec.resourceType} with id "${id}"` });
    else if (refused) outcomes.set(id, { id, outcome: 'forbidden', message: refused });
    else if (body.action !== 'delete' && (row.enabled === 1) === (body.action === 'enable'))
      outcomes.set(id, { id, outcome: 'unchanged' });
    else toChange.push(row);
  }
  if (toChange.length > 0) {
    const now = options.clock.now();
    const ids = toChange.map((row) => row.id);
    await options.database.db.transaction().execute(async (trx) => {
      if (body.action === 'delete') {
        await trx.deleteFrom(spec.table).where('id', 'in', ids).execute();
      } else {
        // Only tables with `enabled` are offered enable and disable (bulkRequest), so this is one of them.
        await trx
          .updateTable(spec.table as 'rules')
          .set({ enabled: body.action === 'enable' ? 1 : 0, updated_at: now, ...spec.alsoSet })
          .where('id', 'in', ids)
          .execute();
      }
      for (const row of toChange) {
        const before = spec.view(row);
        await audit(request, trx, {
          action: `${spec.resourceType}.${body.action === 'delete' ? 'delete' : 'update'}`,
          resourceType: spec.resourceType,
          resourceId: row.id,
          before,
          ...(body.action === 'delete'
            ? {}
            : {
                after: spec.view({
                  ...row,
                  enabled: body.action === 'enable' ? 1 : 0,
                  updated_at: now,
                  ...spec.alsoSet,
                }),
              }),
          detail: { bulk: body.action },
        });
      }
    });
    for (const row of toChange) outcomes.set(row.id, { id: row.id, outcome: 'done' });
    await spec.afterCommit(ids);
  }
  return { items: body.ids.map((id) => outcomes.get(id)!) };
}

export const bulkSchema = (summary: string, description: string, actions?: readonly BulkAction[]) => ({
  summary,
  description: `${description} One transaction; one audit entry per row changed. Answers 200 with an outcome per id, also when some are not found.`,
  body: actions ? bulkRequest(actions) : BulkRequest,
});
