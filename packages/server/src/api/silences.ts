import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { silenceModes } from '../db/schema.ts';
import {
  type CreateSilenceResult,
  createSilence,
  endSilence,
  getSilence,
  listSilences,
  type SilenceRecord,
} from '../delivery/silence-store.ts';
import { parseDuration } from '../domain/duration.ts';
import { normalizeGlob } from '../domain/glob.ts';
import { silenceCommentMaxLength, silenceEventTypesMax } from '../domain/silences.ts';
import { DomainValidationError } from '../domain/validation-error.ts';
import { BridgeError } from '../errors.ts';
import type { ApiOptions } from './api-options.ts';
import { auditRecorder } from './audit-recorder.ts';
import { PageQuery, pageRequest, toPage } from './pagination.ts';
import { errorResponses, Id, IdParams, IsoTime, iso, NoContent, PageOf } from './schemas.ts';
import { notFound, type Scope, scopeOf } from './scope.ts';

const EventTypes = Type.Union(
  [Type.Array(Type.String({ maxLength: 200 }), { minItems: 1, maxItems: silenceEventTypesMax }), Type.Null()],
  {
    description:
      'Globs over dot.case event types (`*` one segment, `**` any number), stored lowercased as event types are; null or absent silences every event.',
  },
);
const Mode = Type.Enum(silenceModes, {
  description:
    '`drop`: deliveries while it lasts are dropped. `defer`: they wait and go out when it ends (the latest end of several).',
});

export const SilenceView = Type.Object({
  id: Id,
  receiverId: Id,
  eventTypes: EventTypes,
  mode: Mode,
  endsAt: IsoTime,
  active: Type.Boolean({ description: 'It has not ended yet.' }),
  comment: Type.String(),
  createdBy: Type.String({
    description:
      '`ui:<user id>` (a signed-in session), `api:<user id>` (an API token), or the bot command that made it (`telegram:<chat id>:<user id>`).',
  }),
  createdVia: Type.Union([Type.Literal('ui'), Type.Literal('api'), Type.Literal('bot')], {
    description: 'How it was made: in the web UI, with an API token, or by a bot command in a chat.',
  }),
  creator: Type.Union([Type.Object({ id: Id, name: Type.String() }), Type.Null()], {
    description: 'The user who made it through the UI or the API; null for a bot command.',
  }),
  ownerId: Id,
  createdAt: IsoTime,
});

const CreateSilence = Type.Object(
  {
    receiverId: Id,
    eventTypes: Type.Optional(EventTypes),
    mode: Type.Optional(Type.Enum(silenceModes, { default: 'drop' })),
    endsAt: Type.Optional(
      Type.String({ format: 'date-time', description: 'When it ends; or give `duration`.' }),
    ),
    duration: Type.Optional(
      Type.String({ maxLength: 64, description: 'How long from now, e.g. `30m`, `2h`, `1d`, `1h30m`.' }),
    ),
    comment: Type.Optional(Type.String({ maxLength: silenceCommentMaxLength })),
  },
  { additionalProperties: false },
);

const ListQuery = Type.Object({
  receiverId: Type.Optional(Id),
  active: Type.Optional(Type.Boolean({ description: 'true: not ended yet; false: ended.' })),
  ...PageQuery,
});

/** How a silence was made, from its `createdBy`: `ui:` and `api:` name a user, anything else is a bot command. */
function origin(createdBy: string): { via: 'ui' | 'api' | 'bot'; userId: string | undefined } {
  const [prefix, ...rest] = createdBy.split(':');
  if (prefix === 'ui' || prefix === 'api') return { via: prefix, userId: rest.join(':') };
  return { via: 'bot', userId: undefined };
}

/** The names of the users who made these silences, in one query. */
async function creatorNames(database: ApiOptions['database'], silences: readonly SilenceRecord[]) {
  const ids = [...new Set(silences.map((s) => origin(s.createdBy).userId).filter((id) => id !== undefined))];
  const names = new Map<string, string>();
  if (ids.length === 0) return names;
  const rows = await database.db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  for (const row of rows) names.set(row.id, row.name);
  return names;
}

function view(silence: SilenceRecord, now: number, names: ReadonlyMap<string, string> = new Map()) {
  const { via, userId } = origin(silence.createdBy);
  return {
    id: silence.id,
    receiverId: silence.receiverId,
    eventTypes: silence.eventTypes === null ? null : [...silence.eventTypes],
    mode: silence.mode,
    endsAt: iso(silence.endsAt),
    active: now < silence.endsAt,
    comment: silence.comment,
    createdBy: silence.createdBy,
    createdVia: via,
    creator: userId === undefined ? null : { id: userId, name: names.get(userId) ?? '' },
    ownerId: silence.ownerId,
    createdAt: iso(silence.createdAt),
  };
}

function invalid(path: string, message: string): BridgeError {
  return new BridgeError('NB_ERR_VALIDATION', `${path}: ${message}`, [{ path, message }]);
}

/** When a new silence ends: `endsAt` or `duration` from now, exactly one of them. */
function endOf(body: Static<typeof CreateSilence>, now: number): number {
  if ((body.endsAt === undefined) === (body.duration === undefined)) {
    throw invalid('/endsAt', 'give either endsAt (an ISO-8601 time) or duration (such as "2h"), not both');
  }
  if (body.endsAt !== undefined) {
    const endsAt = Date.parse(body.endsAt);
    if (Number.isNaN(endsAt)) throw invalid('/endsAt', 'not an ISO-8601 time');
    return endsAt;
  }
  try {
    return now + parseDuration(body.duration!);
  } catch (error) {
    if (error instanceof DomainValidationError) throw invalid('/duration', error.message);
    throw error;
  }
}

/** /silences: "don't notify this receiver (about these event types) until then". */
export async function silenceRoutes(app: FastifyInstance, options: ApiOptions): Promise<void> {
  const { database } = options;
  const tags = ['silences'];
  const audit = auditRecorder(options);

  async function loadSilence(scope: Scope, id: string): Promise<SilenceRecord> {
    const silence = await getSilence(database, id, { targetOwnerId: scope.ownerId });
    if (!silence) throw notFound('silence', id);
    return silence;
  }

  /** The receiver's target owner, when the caller may see the receiver. */
  async function receiverOwner(scope: Scope, receiverId: string): Promise<string> {
    const row = await database.db
      .selectFrom('receivers')
      .innerJoin('targets', 'targets.id', 'receivers.target_id')
      .select('targets.owner_id')
      .where('receivers.id', '=', receiverId)
      .$if(scope.ownerId !== undefined, (qb) => qb.where('targets.owner_id', '=', scope.ownerId!))
      .executeTakeFirst();
    if (!row) throw notFound('receiver', receiverId);
    return row.owner_id;
  }

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/silences',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'List silences, newest first',
        querystring: ListQuery,
        response: { 200: PageOf(SilenceView), ...errorResponses() },
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      const page = pageRequest(request.query);
      const now = options.clock.now();
      const rows = await listSilences(database, {
        receiverId: request.query.receiverId,
        targetOwnerId: scope.ownerId,
        active: request.query.active,
        now,
        beforeId: page.beforeId,
        limit: page.limit + 1,
      });
      const names = await creatorNames(database, rows);
      return toPage(rows, page.limit, (silence) => view(silence, now, names));
    },
  );

  app.post<{ Body: Static<typeof CreateSilence> }>(
    '/silences',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Silence a receiver until a time or for a duration',
        body: CreateSilence,
        response: { 201: SilenceView, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      const body = request.body;
      const now = options.clock.now();
      const endsAt = endOf(body, now);
      const ownerId = await receiverOwner(scope, body.receiverId);
      const created: CreateSilenceResult = await database.db.transaction().execute(async (trx) => {
        const result = await createSilence(
          { ...database, db: trx },
          {
            ownerId,
            receiverId: body.receiverId,
            eventTypes: body.eventTypes?.map(normalizeGlob),
            mode: body.mode ?? 'drop',
            endsAt,
            comment: body.comment,
            // A token is the API; a session or a proxy's sign-in is somebody in the web UI.
            createdBy: `${scope.principal.via === 'token' ? 'api' : 'ui'}:${scope.principal.userId}`,
          },
          now,
        );
        if (result.ok) {
          await audit(request, trx, {
            action: 'silence.create',
            resourceType: 'silence',
            resourceId: result.silence.id,
            after: view(result.silence, now),
          });
        }
        return result;
      });
      if (!created.ok) {
        // An end computed from a duration is reported on the field the caller wrote.
        const path = created.path === '/endsAt' && body.duration !== undefined ? '/duration' : created.path;
        throw invalid(path, created.message);
      }
      return reply
        .status(201)
        .send(view(created.silence, now, await creatorNames(database, [created.silence])));
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/silences/:id',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'Get a silence',
        params: IdParams,
        response: { 200: SilenceView, ...errorResponses(404) },
      },
    },
    async (request) => {
      const silence = await loadSilence(scopeOf(request), request.params.id);
      return view(silence, options.clock.now(), await creatorNames(database, [silence]));
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/silences/:id',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'End a silence now',
        description:
          'Sets its end to now and keeps it in the list as ended. Deliveries it deferred go out at once.',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const silence = await loadSilence(scopeOf(request), request.params.id);
      const now = options.clock.now();
      const ended = await endSilence(database, silence.id, now);
      // endSilence commits the end with the deliveries it releases, in its own transaction.
      await audit(request, database.db, {
        action: 'silence.end',
        resourceType: 'silence',
        resourceId: silence.id,
        before: view(silence, now),
        after: ended && view(ended, now),
      });
      if (silence.mode === 'defer') options.dispatcher.wake();
      return reply.status(204).send();
    },
  );
}
