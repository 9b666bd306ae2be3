import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { eventFromRow } from '../db/event-rows.ts';
import { type RenderContextParts, renderContext } from '../delivery/dispatcher.ts';
import { type BridgeEvent, severities } from '../domain/event.ts';
import { compileGlob, validateGlob } from '../domain/glob.ts';
import { BridgeError } from '../errors.ts';
import { type MessageFormat, messageFormats } from '../render/message.ts';
import type { ApiOptions } from './api-options.ts';
import { errorResponses, Id } from './schemas.ts';
import { notFound, scopeOf } from './scope.ts';
import { Bodies, checkBodies, templateProblem } from './templates.ts';

const PastedEvent = Type.Object(
  {
    type: Type.Optional(Type.String({ maxLength: 200 })),
    title: Type.Optional(Type.String({ maxLength: 10_000 })),
    body: Type.Optional(Type.String({ maxLength: 100_000 })),
    severity: Type.Optional(Type.Enum(severities)),
    url: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
    tags: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 })),
    data: Type.Optional(Type.Unknown()),
  },
  {
    additionalProperties: false,
    description: 'A made-up event, as the events API shows one; fields left out are empty.',
  },
);

const Preview = Type.Object(
  {
    bodies: Bodies,
    event: Type.Optional(PastedEvent),
    eventId: Type.Optional(Id),
    eventTypes: Type.Optional(
      Type.Array(Type.String({ maxLength: 200 }), {
        maxItems: 100,
        description:
          'Without `event` or `eventId`: use your newest event whose type matches one of these globs.',
      }),
    ),
  },
  { additionalProperties: false },
);

const PreviewResult = Type.Object({
  event: Type.Object({
    id: Type.Union([Id, Type.Null()], { description: 'null for a pasted event.' }),
    type: Type.String(),
    title: Type.String(),
  }),
  renders: Type.Array(
    Type.Object({ format: Type.Enum(messageFormats), title: Type.String(), body: Type.String() }),
    { description: 'One per body the template has, in the order text, markdown, html.' },
  ),
});

/** How far back the newest event of a type is looked for: the preview wants a recent example, not a search. */
const scanDepth = 1000;

function pastedEvent(pasted: Static<typeof PastedEvent>, now: number): BridgeEvent {
  return {
    id: 'preview',
    sourceId: 'preview',
    ownerId: '',
    type: pasted.type ?? 'preview',
    title: pasted.title ?? '',
    body: pasted.body ?? '',
    severity: pasted.severity ?? 'info',
    url: pasted.url ?? null,
    tags: pasted.tags ?? [],
    data: pasted.data ?? {},
    attachments: [],
    warnings: [],
    dedupKey: 'preview',
    occurredAt: now,
    receivedAt: now,
  };
}

/**
 * POST /templates/preview: renders an unsaved template the way the dispatcher would (same renderer, worker
 * and limits, same template variables), against a stored event of the caller's or a pasted one. A template
 * that does not parse or render is a 422 with its part, line and column in `details`.
 */
export async function templatePreviewRoute(app: FastifyInstance, options: ApiOptions): Promise<void> {
  const { db } = options.database;

  /** The stored event to preview with: the one named, else the caller's newest of those types. */
  async function storedEvent(ownerId: string | undefined, userId: string, body: Static<typeof Preview>) {
    if (body.eventId !== undefined) {
      const row = await db
        .selectFrom('events')
        .selectAll()
        .where('id', '=', body.eventId)
        .$if(ownerId !== undefined, (qb) => qb.where('owner_id', '=', ownerId!))
        .executeTakeFirst();
      if (!row) throw notFound('event', body.eventId);
      return row;
    }
    const globs = body.eventTypes ?? [];
    for (const [index, glob] of globs.entries()) {
      const problem = validateGlob(glob);
      if (problem !== null)
        throw new BridgeError('NB_ERR_VALIDATION', `/eventTypes/${index}: ${problem}`, [
          { path: `/eventTypes/${index}`, message: problem },
        ]);
    }
    const matchers = globs.map((glob) => compileGlob(glob.toLowerCase()));
    const recent = await db
      .selectFrom('events')
      .select(['id', 'type'])
      .where('owner_id', '=', userId)
      .orderBy('id', 'desc')
      .limit(matchers.length === 0 ? 1 : scanDepth)
      .execute();
    const hit = recent.find((row) => matchers.length === 0 || matchers.some((matches) => matches(row.type)));
    if (!hit) {
      throw new BridgeError(
        'NB_ERR_NOT_FOUND',
        matchers.length === 0
          ? 'you have no events yet to preview with: paste an event as JSON instead'
          : `none of your last ${scanDepth} events has a type matching ${globs.join(', ')}: paste an event as JSON instead`,
      );
    }
    return db.selectFrom('events').selectAll().where('id', '=', hit.id).executeTakeFirstOrThrow();
  }

  app.post<{ Body: Static<typeof Preview> }>(
    '/templates/preview',
    {
      // It changes nothing, but it is a POST, and every POST takes the write scope.
      config: { scope: 'write' },
      schema: {
        tags: ['templates'],
        summary: 'Render an unsaved template against an event',
        description:
          'The event is `event` (pasted), else `eventId`, else your newest event whose type matches `eventTypes` (any type when left out). Nothing is stored or sent.',
        body: Preview,
        response: { 200: PreviewResult, ...errorResponses(404, 422) },
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      const { bodies } = request.body;
      checkBodies(options, bodies);
      let parts: RenderContextParts;
      if (request.body.event !== undefined) {
        parts = {
          event: pastedEvent(request.body.event, options.clock.now()),
          source: { id: 'preview', name: 'preview', kind: 'preview' },
          receiver: { name: 'preview', options: {} },
          target: { name: 'preview', kind: 'preview' },
          rule: null,
        };
      } else {
        const row = await storedEvent(scope.ownerId, scope.principal.userId, request.body);
        const source = await db
          .selectFrom('sources')
          .select(['id', 'name', 'kind'])
          .where('id', '=', row.source_id)
          .executeTakeFirst();
        parts = {
          event: eventFromRow(row),
          source: source ?? { id: row.source_id, name: '', kind: '' },
          receiver: { name: 'preview', options: {} },
          target: { name: 'preview', kind: 'preview' },
          rule: null,
        };
      }
      const context = renderContext(parts);
      const formats = messageFormats.filter((format) => bodies[format] !== undefined);
      const renders: { format: MessageFormat; title: string; body: string }[] = [];
      for (const format of formats) {
        const result = await options.renderer.render({ template: bodies, format, context });
        if (!result.ok) throw templateProblem(result.error);
        renders.push({ format: result.format, title: result.title, body: result.body });
      }
      const { event } = parts;
      return {
        event: { id: event.id === 'preview' ? null : event.id, type: event.type, title: event.title },
        renders,
      };
    },
  );
}
