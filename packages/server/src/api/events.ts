import type { FastifyInstance } from 'fastify';
import type { Selectable } from 'kysely';
import { type Static, Type } from 'typebox';
import type { EventsTable } from '../db/schema.ts';
import { type BridgeEvent, type Severity, severities } from '../domain/event.ts';
import { BridgeError } from '../errors.ts';
import { newId } from '../ids.ts';
import { parseJson } from '../json.ts';
import type { ApiOptions } from './api-options.ts';
import { DeliveryView, deliveriesVisibleTo, deliveryView } from './deliveries.ts';
import { PageQuery, pageRequest, toPage } from './pagination.ts';
import { errorResponses, Id, IdParams, IsoTime, iso, PageOf } from './schemas.ts';
import { notFound, type Scope, scopeOf } from './scope.ts';

export const EventView = Type.Object({
  id: Id,
  sourceId: Id,
  type: Type.String(),
  title: Type.String(),
  body: Type.String(),
  severity: Type.Enum(severities),
  url: Type.Union([Type.String(), Type.Null()]),
  tags: Type.Array(Type.String()),
  data: Type.Unknown(),
  attachments: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  dedupKey: Type.String(),
  occurredAt: IsoTime,
  receivedAt: IsoTime,
});

const EventDetail = Type.Object({ event: EventView, deliveries: Type.Array(DeliveryView) });
const ReplayResult = Type.Object({
  deliveryIds: Type.Array(Id, { description: 'The new pending deliveries.' }),
});

const ListQuery = Type.Object({
  sourceId: Type.Optional(Id),
  type: Type.Optional(Type.String({ maxLength: 200, description: 'Exact event type.' })),
  severity: Type.Optional(Type.Enum(severities)),
  since: Type.Optional(Type.String({ format: 'date-time', description: 'Received at or after (ISO-8601).' })),
  until: Type.Optional(Type.String({ format: 'date-time', description: 'Received before (ISO-8601).' })),
  ...PageQuery,
});

type EventRow = Selectable<EventsTable>;

function toEvent(row: EventRow): BridgeEvent {
  return {
    id: row.id,
    sourceId: row.source_id,
    type: row.type,
    title: row.title,
    body: row.body,
    severity: row.severity as Severity,
    url: row.url,
    tags: parseJson(row.tags),
    data: parseJson(row.data),
    attachments: parseJson(row.attachments),
    dedupKey: row.dedup_key,
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
  };
}

function view(row: EventRow) {
  const { occurredAt, receivedAt, ...rest } = toEvent(row);
  return { ...rest, occurredAt: iso(occurredAt), receivedAt: iso(receivedAt) };
}

function epochOf(value: string, path: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new BridgeError('NB_ERR_VALIDATION', `${path} is not an ISO-8601 time`, [
      { path, message: 'not a time' },
    ]);
  return ms;
}

/** Members see the events of their own sources; admins see all. */
function eventsVisibleTo(options: ApiOptions, scope: Scope) {
  const { db } = options.database;
  return db
    .selectFrom('events')
    .selectAll()
    .$if(scope.ownerId !== undefined, (qb) =>
      qb.where(
        'source_id',
        'in',
        db.selectFrom('sources').select('id').where('owner_id', '=', scope.ownerId!),
      ),
    );
}

/** /events: what the sources reported, newest first; replay routes a stored event again. */
export async function eventRoutes(app: FastifyInstance, options: ApiOptions): Promise<void> {
  const { db } = options.database;
  const tags = ['events'];

  async function loadEvent(scope: Scope, id: string): Promise<EventRow> {
    const row = await eventsVisibleTo(options, scope).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('event', id);
    return row;
  }

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/events',
    {
      schema: {
        tags,
        summary: 'List events, newest first',
        querystring: ListQuery,
        response: { 200: PageOf(EventView), ...errorResponses() },
      },
    },
    async (request) => {
      const { sourceId, type, severity, since, until } = request.query;
      const page = pageRequest(request.query);
      const rows = await eventsVisibleTo(options, scopeOf(request))
        .$if(sourceId !== undefined, (qb) => qb.where('source_id', '=', sourceId!))
        .$if(type !== undefined, (qb) => qb.where('type', '=', type!))
        .$if(severity !== undefined, (qb) => qb.where('severity', '=', severity!))
        .$if(since !== undefined, (qb) => qb.where('received_at', '>=', epochOf(since!, '/since')))
        .$if(until !== undefined, (qb) => qb.where('received_at', '<', epochOf(until!, '/until')))
        .$if(page.beforeId !== undefined, (qb) => qb.where('id', '<', page.beforeId!))
        .orderBy('id', 'desc')
        .limit(page.limit + 1)
        .execute();
      return toPage(rows, page.limit, view);
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/events/:id',
    {
      schema: {
        tags,
        summary: 'Get an event with its deliveries',
        params: IdParams,
        response: { 200: EventDetail, ...errorResponses(404) },
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      const row = await loadEvent(scope, request.params.id);
      const deliveries = await deliveriesVisibleTo(options, scope)
        .where('event_id', '=', row.id)
        .orderBy('id')
        .execute();
      return { event: view(row), deliveries: deliveries.map(deliveryView) };
    },
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/events/:id/replay',
    {
      schema: {
        tags,
        summary: 'Route a stored event again',
        description:
          'Makes new pending deliveries for the rules that match the event now; earlier deliveries stay as they are.',
        params: IdParams,
        response: { 202: ReplayResult, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const event = toEvent(await loadEvent(scopeOf(request), request.params.id));
      const routes = options.router.route(event);
      const now = options.clock.now();
      const rows = routes.map((route) => ({
        id: newId(),
        event_id: event.id,
        rule_id: route.ruleId,
        receiver_id: route.receiverId,
        target_id: route.targetId,
        status: 'pending' as const,
        due_at: now,
        lease_until: null,
        lease_owner: null,
        attempts: 0,
        max_attempts: route.maxAttempts ?? options.dispatch.maxAttempts,
        dispatch_id: null,
        last_error: null,
        provider_message_id: null,
        created_at: now,
        updated_at: now,
        finished_at: null,
      }));
      if (rows.length > 0) {
        await db.transaction().execute(async (trx) => {
          // SQLite binds at most 32,766 parameters per statement; 17 columns x 1,000 rows stays under it.
          for (let i = 0; i < rows.length; i += 1000) {
            await trx
              .insertInto('deliveries')
              .values(rows.slice(i, i + 1000))
              .execute();
          }
        });
        options.dispatcher.wake();
      }
      return reply.status(202).send({ deliveryIds: rows.map((row) => row.id) });
    },
  );
}
