import type { FastifyInstance } from 'fastify';
import type { Selectable } from 'kysely';
import { type Static, Type } from 'typebox';
import { eventColumns, eventFromRow } from '../db/event-rows.ts';
import type { EventsTable } from '../db/schema.ts';
import { insertDeliveries, pendingDeliveryRow } from '../delivery/outbox/insert-deliveries.ts';
import { severities } from '../domain/event.ts';
import { BridgeError } from '../errors.ts';
import type { ApiOptions } from './api-options.ts';
import { DeliveryView, deliveriesVisibleTo, deliveryView } from './deliveries.ts';
import { searchPage, searchWords } from './event-search.ts';
import { newestFirst, PageQuery, pageRequest, toPage } from './pagination.ts';
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
  warnings: Type.Array(Type.String(), {
    description: 'What the source had to leave out of the event, e.g. attachments over the cap.',
  }),
  dedupKey: Type.String(),
  occurredAt: IsoTime,
  receivedAt: IsoTime,
});

const EventDetail = Type.Object({ event: EventView, deliveries: Type.Array(DeliveryView) });
const ReplayResult = Type.Object({
  deliveryIds: Type.Array(Id, { description: 'The new pending deliveries.' }),
});

const ListQuery = Type.Object({
  q: Type.Optional(
    Type.String({
      maxLength: 200,
      description:
        'Full-text search: events with every word of q in their title, type, tags or body (the first 100,000 characters). Plain words: quotes, `*`, `AND`, `NEAR(` and the like are not operators. With q, SQLite lists events newest stored first.',
    }),
  ),
  sourceId: Type.Optional(Id),
  type: Type.Optional(Type.String({ maxLength: 200, description: 'Exact event type.' })),
  severity: Type.Optional(Type.Enum(severities)),
  since: Type.Optional(Type.String({ format: 'date-time', description: 'Received at or after (ISO-8601).' })),
  until: Type.Optional(Type.String({ format: 'date-time', description: 'Received before (ISO-8601).' })),
  ...PageQuery,
});

type EventRow = Selectable<EventsTable>;

/** An event as the API shows it. */
export function eventView(row: EventRow) {
  const { occurredAt, receivedAt, ...rest } = eventFromRow(row);
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

/**
 * Members see their own events: those of their sources and the bridge's events about their things (see
 * events.owner_id); admins see all.
 */
function eventsVisibleTo(options: ApiOptions, scope: Scope) {
  return options.database.db
    .selectFrom('events')
    .select(eventColumns.map((column) => `events.${column}` as const))
    .$if(scope.ownerId !== undefined, (qb) => qb.where('events.owner_id', '=', scope.ownerId!));
}

/** /events: what the sources reported, newest first; replay routes a stored event again. */
export async function eventRoutes(app: FastifyInstance, options: ApiOptions): Promise<void> {
  const { db } = options.database;
  const tags = ['events'];

  async function loadEvent(scope: Scope, id: string): Promise<EventRow> {
    const row = await eventsVisibleTo(options, scope).where('events.id', '=', id).executeTakeFirst();
    if (!row) throw notFound('event', id);
    return row;
  }

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/events',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'List events, newest first',
        querystring: ListQuery,
        response: { 200: PageOf(EventView), ...errorResponses() },
      },
    },
    async (request) => {
      const { q, sourceId, type, severity, since, until } = request.query;
      const page = pageRequest(request.query);
      const words = q === undefined || q.trim() === '' ? undefined : searchWords(q);
      const rows = await eventsVisibleTo(options, scopeOf(request))
        .$if(sourceId !== undefined, (qb) => qb.where('events.source_id', '=', sourceId!))
        .$if(type !== undefined, (qb) => qb.where('events.type', '=', type!))
        .$if(severity !== undefined, (qb) => qb.where('events.severity', '=', severity!))
        .$if(since !== undefined, (qb) => qb.where('events.received_at', '>=', epochOf(since!, '/since')))
        .$if(until !== undefined, (qb) => qb.where('events.received_at', '<', epochOf(until!, '/until')))
        .$call(words ? searchPage(options.database.dialect, words, page) : newestFirst(page))
        .execute();
      return toPage(rows, page.limit, eventView);
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/events/:id',
    {
      config: { scope: 'read' },
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
      return { event: eventView(row), deliveries: deliveries.map(deliveryView) };
    },
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/events/:id/replay',
    {
      config: { scope: 'write' },
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
      const event = eventFromRow(await loadEvent(scopeOf(request), request.params.id));
      const routes = options.router.route(event);
      const now = options.clock.now();
      const rows = routes.map((route) =>
        pendingDeliveryRow(event.id, route, now, options.dispatch.maxAttempts),
      );
      if (rows.length > 0) {
        await db.transaction().execute((trx) => insertDeliveries(trx, options.database.dialect, rows));
        options.dispatcher.wake();
      }
      return reply.status(202).send({ deliveryIds: rows.map((row) => row.id) });
    },
  );
}
