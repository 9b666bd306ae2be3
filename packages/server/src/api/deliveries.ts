import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import { type Static, Type } from 'typebox';
import { type AttemptsTable, type DeliveriesTable, deliveryStatuses, type Schema } from '../db/schema.ts';
import { replayDeliveries } from '../delivery/outbox/replay.ts';
import { BridgeError } from '../errors.ts';
import type { ApiOptions } from './api-options.ts';
import { type AuditRecorder, auditRecorder } from './audit-recorder.ts';
import { type BulkOutcome, BulkResult } from './bulk.ts';
import { newestFirst, PageQuery, pageRequest, toPage } from './pagination.ts';
import { errorResponses, Id, IdParams, IsoTime, iso, isoOrNull, NullableIsoTime, PageOf } from './schemas.ts';
import { notFound, type Scope, scopeOf } from './scope.ts';

const NullableText = Type.Union([Type.String(), Type.Null()]);

export const DeliveryView = Type.Object({
  id: Id,
  eventId: Id,
  ruleId: Type.Union([Id, Type.Null()], { description: 'null once the rule is deleted.' }),
  receiverId: Id,
  targetId: Id,
  status: Type.Enum(deliveryStatuses),
  dueAt: IsoTime,
  attempts: Type.Integer({
    description: 'Attempts counted against maxAttempts, since the delivery was made or last replayed.',
  }),
  maxAttempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()], {
    description:
      'Why the last attempt since the delivery was made or last replayed failed, or why a gate holds it back; null otherwise.',
  }),
  providerMessageId: NullableText,
  createdAt: IsoTime,
  updatedAt: IsoTime,
  finishedAt: NullableIsoTime,
});

const AttemptView = Type.Object({
  id: Id,
  attemptNo: Type.Integer({
    minimum: 1,
    description: "1, 2, 3… over the delivery's whole life: a replay continues the numbers.",
  }),
  dispatchId: Type.String(),
  startedAt: IsoTime,
  finishedAt: IsoTime,
  outcome: Type.Enum(['sent', 'retry', 'failed']),
  errorKind: NullableText,
  error: NullableText,
  httpStatus: Type.Union([Type.Integer(), Type.Null()], {
    description:
      "The far side's HTTP status, whatever the outcome (200 for a webhook sink that accepted); null when no answer came, or from a channel that does not see it (Telegram's client library hides it on success).",
  }),
  providerMessageId: NullableText,
  detail: Type.Unknown({
    description:
      'What the channel reported beyond the outcome, or null: per-item results of a media group (sent, skipped, failed, with reasons), a plain-text fallback.',
  }),
});

// The row and its attempts side by side: `attempts` in a DeliveryView is the count, here it is the list.
const DeliveryDetail = Type.Object({ delivery: DeliveryView, attempts: Type.Array(AttemptView) });

const BulkReplayBody = Type.Object({
  ids: Type.Array(Id, {
    minItems: 1,
    maxItems: 500,
    uniqueItems: true,
    description: 'The deliveries to replay: dead or dropped ones are, the others answer unchanged.',
  }),
});

const ListQuery = Type.Object({
  status: Type.Optional(Type.Enum(deliveryStatuses)),
  eventId: Type.Optional(Id),
  receiverId: Type.Optional(Id),
  targetId: Type.Optional(Id),
  ...PageQuery,
});

export type DeliveryRow = Selectable<DeliveriesTable>;

export function deliveryView(row: DeliveryRow) {
  return {
    id: row.id,
    eventId: row.event_id,
    ruleId: row.rule_id,
    receiverId: row.receiver_id,
    targetId: row.target_id,
    status: row.status,
    dueAt: iso(row.due_at),
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lastError: row.last_error,
    providerMessageId: row.provider_message_id,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    finishedAt: isoOrNull(row.finished_at),
  };
}

function attemptView(row: Selectable<AttemptsTable>) {
  return {
    id: row.id,
    attemptNo: row.attempt_no,
    dispatchId: row.dispatch_id,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    outcome: row.outcome,
    errorKind: row.error_kind,
    error: row.error,
    httpStatus: row.http_status,
    providerMessageId: row.provider_message_id,
    detail: row.detail === null ? null : (JSON.parse(row.detail) as unknown),
  };
}

/**
 * The deliveries a member sees: those to their own targets, and those their own rules made to a target
 * shared with them. For every query that shows or counts deliveries (this route, /stats).
 */
export function deliveriesOfMember(db: Kysely<Schema>, ownerId: string) {
  return (eb: ExpressionBuilder<Schema, 'deliveries'>) =>
    eb.or([
      eb('deliveries.target_id', 'in', db.selectFrom('targets').select('id').where('owner_id', '=', ownerId)),
      eb('deliveries.rule_id', 'in', db.selectFrom('rules').select('id').where('owner_id', '=', ownerId)),
    ]);
}

/** Members see their deliveries (deliveriesOfMember); admins see all. */
export function deliveriesVisibleTo(options: ApiOptions, scope: Scope) {
  const { db } = options.database;
  return db
    .selectFrom('deliveries')
    .selectAll()
    .$if(scope.ownerId !== undefined, (qb) => qb.where(deliveriesOfMember(db, scope.ownerId!)));
}

/** /deliveries: the outbox, one row per message to one receiver, with its attempts. */
export async function deliveryRoutes(app: FastifyInstance, options: ApiOptions): Promise<void> {
  const { db } = options.database;
  const tags = ['deliveries'];

  const audit: AuditRecorder = auditRecorder(options);

  /** Replays, audits each row replayed in the same transaction, and wakes the dispatcher. */
  async function replay(request: FastifyRequest, ids: string[]): Promise<DeliveryRow[]> {
    const rows = await replayDeliveries(options.database, ids, options.clock.now(), async (trx, replayed) => {
      for (const updated of replayed) {
        await audit(request, trx, {
          action: 'delivery.replay',
          resourceType: 'delivery',
          resourceId: updated.id,
          detail: { eventId: updated.event_id, targetId: updated.target_id },
        });
      }
    });
    if (rows.length > 0) {
      options.dispatcher.wake();
      options.broadcaster.committed();
    }
    return rows;
  }

  async function loadDelivery(scope: Scope, id: string): Promise<DeliveryRow> {
    const row = await deliveriesVisibleTo(options, scope).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('delivery', id);
    return row;
  }

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/deliveries',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'List deliveries, newest first',
        querystring: ListQuery,
        response: { 200: PageOf(DeliveryView), ...errorResponses() },
      },
    },
    async (request) => {
      const { status, eventId, receiverId, targetId } = request.query;
      const page = pageRequest(request.query);
      const rows = await deliveriesVisibleTo(options, scopeOf(request))
        .$if(status !== undefined, (qb) => qb.where('status', '=', status!))
        .$if(eventId !== undefined, (qb) => qb.where('event_id', '=', eventId!))
        .$if(receiverId !== undefined, (qb) => qb.where('receiver_id', '=', receiverId!))
        .$if(targetId !== undefined, (qb) => qb.where('target_id', '=', targetId!))
        .$call(newestFirst(page))
        .execute();
      return toPage(rows, page.limit, deliveryView);
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/deliveries/:id',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'Get a delivery with its attempts, oldest first',
        params: IdParams,
        response: { 200: DeliveryDetail, ...errorResponses(404) },
      },
    },
    async (request) => {
      const row = await loadDelivery(scopeOf(request), request.params.id);
      const attempts = await db
        .selectFrom('attempts')
        .selectAll()
        .where('delivery_id', '=', row.id)
        .orderBy('id')
        .execute();
      return { delivery: deliveryView(row), attempts: attempts.map(attemptView) };
    },
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/deliveries/:id/replay',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Send a dead or dropped delivery again',
        description:
          'Pending again, due now, with a fresh count of attempts and no lastError; its attempts keep their history and the next is numbered after them. Other statuses answer 409.',
        params: IdParams,
        response: { 202: DeliveryView, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const row = await loadDelivery(scopeOf(request), request.params.id);
      const [updated] = await replay(request, [row.id]);
      if (!updated) {
        throw new BridgeError(
          'NB_ERR_CONFLICT',
          `delivery ${row.id} is ${row.status}; only dead or dropped deliveries can be replayed`,
        );
      }
      return reply.status(202).send(deliveryView(updated));
    },
  );

  app.post<{ Body: Static<typeof BulkReplayBody> }>(
    '/deliveries/replay',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Send several dead or dropped deliveries again',
        description:
          'What POST /deliveries/{id}/replay does, for up to 500 deliveries in one transaction, with one audit entry per delivery replayed. Answers an outcome per id, as every bulk route does: done (pending again, due now), unchanged (neither dead nor dropped, left as it is), not_found (none you may see; never touched).',
        body: BulkReplayBody,
        response: { 202: BulkResult, ...errorResponses() },
      },
    },
    async (request, reply) => {
      const { ids } = request.body;
      const visible = new Map(
        (await deliveriesVisibleTo(options, scopeOf(request)).where('id', 'in', ids).execute()).map((row) => [
          row.id,
          row,
        ]),
      );
      const replayed = new Set(
        visible.size === 0 ? [] : (await replay(request, [...visible.keys()])).map((row) => row.id),
      );
      const items = ids.map((id): BulkOutcome => {
        const row = visible.get(id);
        if (!row) return { id, outcome: 'not_found', message: `no delivery with id "${id}"` };
        if (replayed.has(id)) return { id, outcome: 'done' };
        return {
          id,
          outcome: 'unchanged',
          message: `only a dead or dropped delivery is sent again; this one is ${row.status}`,
        };
      });
      return reply.status(202).send({ items });
    },
  );
}
