import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { BridgeError } from '../errors.ts';
import { newId } from '../ids.ts';
import { subscribeOver } from '../realtime/subscribe-over.ts';
import { rotateSigningKeys } from '../realtime/topics/signing-keys.ts';
import {
  authorizeSubscriber,
  mintSubscriberToken,
  subscribableTopic,
  type TopicRow,
} from '../realtime/topics/subscriber-access.ts';
import { subscriberTokenPrefix } from '../realtime/topics/subscriber-token.ts';
import { topicAccesses, topicNamePattern } from '../realtime/topics/topic-name.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { ApiOptions } from './api-options.ts';
import { newestFirst, PageQuery, pageRequest, toPage } from './pagination.ts';
import { errorResponses, Id, IdParams, IsoTime, iso, NoContent, PageOf } from './schemas.ts';
import { notFound, type Scope, scopeOf } from './scope.ts';
import { resumeAfter, streamDescription } from './streams.ts';

const TopicName = Type.String({
  pattern: topicNamePattern,
  description: 'Letters, digits, `-` and `_`, up to 64 (as ntfy allows); unique across all users.',
});
const Access = Type.Union(
  topicAccesses.map((access) => Type.Literal(access)),
  { description: '`public`: anyone may subscribe; `token`: a subscriber token for the topic is needed.' },
);
const External = Type.Boolean({
  description: 'Whether it can be subscribed to from outside at all; if not, its stream answers 404.',
});
const Description = Type.String({ maxLength: 1000 });

export const TopicView = Type.Object({
  id: Id,
  name: Type.String(),
  access: Access,
  external: Type.Boolean(),
  description: Type.String(),
  ownerId: Id,
  createdAt: IsoTime,
  updatedAt: IsoTime,
});

const CreateTopic = Type.Object(
  {
    name: TopicName,
    access: Type.Optional(Access),
    external: Type.Optional(External),
    description: Type.Optional(Description),
  },
  { additionalProperties: false },
);
const UpdateTopic = Type.Object(
  {
    name: Type.Optional(TopicName),
    access: Type.Optional(Access),
    external: Type.Optional(External),
    description: Type.Optional(Description),
  },
  { additionalProperties: false },
);
const MintToken = Type.Object(
  {
    ttlSeconds: Type.Optional(
      Type.Integer({
        minimum: 1,
        description:
          'How long the token lives; clamped to NB_SUBSCRIBER_TOKEN_TTL_MIN_SECONDS..NB_SUBSCRIBER_TOKEN_TTL_MAX_SECONDS (default: the maximum).',
      }),
    ),
  },
  { additionalProperties: false },
);
const MintedToken = Type.Object({
  token: Type.String({ description: `\`${subscriberTokenPrefix}...\`: shown once, stored nowhere.` }),
  topicId: Id,
  expiresAt: IsoTime,
  ttlSeconds: Type.Integer({ description: 'The lifetime it got, after clamping.' }),
});
const RotatedKeys = Type.Object({
  keyId: Type.String({ description: 'The new current signing key.' }),
  retired: Type.Integer({
    description: 'Keys that stopped signing; their tokens stay valid until they expire.',
  }),
  deleted: Type.Integer({ description: 'Retired keys deleted because every token they signed has expired.' }),
});
const StreamParams = Type.Object({ name: Type.String({ maxLength: 200 }) });
const StreamQuery = Type.Object({
  since: Type.Optional(
    Type.Integer({ minimum: 0, description: 'Resume after this entry id (`Last-Event-ID` wins).' }),
  ),
  token: Type.Optional(
    Type.String({
      maxLength: 4096,
      description: 'The subscriber token, for clients that cannot set headers (EventSource).',
    }),
  ),
});
const ListQuery = Type.Object(PageQuery);

function view(row: TopicRow) {
  return {
    id: row.id,
    name: row.name,
    access: row.access as (typeof topicAccesses)[number],
    external: row.external === 1,
    description: row.description,
    ownerId: row.owner_id,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

async function loadTopic(options: ApiOptions, scope: Scope, id: string): Promise<TopicRow> {
  const row = await options.database.db
    .selectFrom('topics')
    .selectAll()
    .where('id', '=', id)
    .$if(scope.ownerId !== undefined, (qb) => qb.where('owner_id', '=', scope.ownerId!))
    .executeTakeFirst();
  if (!row) throw notFound('topic', id);
  return row;
}

/** Names are one namespace across users: the subscriber's URL names the topic and nothing else. */
async function withUniqueName<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new BridgeError('NB_ERR_CONFLICT', 'a topic of this name exists already; choose another name');
    }
    throw error;
  }
}

/** /topics: named streams rules publish to (through `topic` targets) and apps subscribe to. */
export async function topicRoutes(app: FastifyInstance, options: ApiOptions): Promise<void> {
  const { db } = options.database;
  const tags = ['topics'];

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/topics',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'List topics, newest first',
        querystring: ListQuery,
        response: { 200: PageOf(TopicView), ...errorResponses() },
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      const page = pageRequest(request.query);
      const rows = await db
        .selectFrom('topics')
        .selectAll()
        .$if(scope.ownerId !== undefined, (qb) => qb.where('owner_id', '=', scope.ownerId!))
        .$call(newestFirst(page))
        .execute();
      return toPage(rows, page.limit, view);
    },
  );

  app.post<{ Body: Static<typeof CreateTopic> }>(
    '/topics',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Create a topic',
        body: CreateTopic,
        response: { 201: TopicView, ...errorResponses(409) },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      const now = options.clock.now();
      const body = request.body;
      const row: TopicRow = {
        id: newId(),
        owner_id: scope.principal.userId,
        name: body.name,
        access: body.access ?? 'token',
        external: body.external === false ? 0 : 1,
        description: body.description ?? '',
        created_at: now,
        updated_at: now,
      };
      await withUniqueName(() => db.insertInto('topics').values(row).execute());
      return reply.status(201).send(view(row));
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/topics/:id',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'Get a topic',
        params: IdParams,
        response: { 200: TopicView, ...errorResponses(404) },
      },
    },
    async (request) => view(await loadTopic(options, scopeOf(request), request.params.id)),
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateTopic> }>(
    '/topics/:id',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Change a topic',
        description:
          'Renaming it breaks the receivers and subscribers that name it by its old name; tokens name it by id and stay valid.',
        params: IdParams,
        body: UpdateTopic,
        response: { 200: TopicView, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const row = await loadTopic(options, scopeOf(request), request.params.id);
      const body = request.body;
      const updated: TopicRow = {
        ...row,
        name: body.name ?? row.name,
        access: body.access ?? row.access,
        external: body.external === undefined ? row.external : body.external ? 1 : 0,
        description: body.description ?? row.description,
        updated_at: options.clock.now(),
      };
      const { id: _id, owner_id: _owner, created_at: _created, ...changes } = updated;
      await withUniqueName(() => db.updateTable('topics').set(changes).where('id', '=', row.id).execute());
      return view(updated);
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/topics/:id',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Delete a topic',
        description:
          'Its stored entries go with retention; receivers that name it fail their next delivery and are disabled.',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const row = await loadTopic(options, scopeOf(request), request.params.id);
      await db.deleteFrom('topics').where('id', '=', row.id).execute();
      return reply.status(204).send();
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof MintToken> }>(
    '/topics/:id/tokens',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Mint a subscriber token for a topic',
        description:
          'A short-lived signed token an app subscribes with (`Authorization: Bearer nbst_...`, `?token=`, or as ntfy clients send credentials). Answered once; the server keeps no copy, so it cannot be listed or revoked: keep the lifetime short and mint a new one when it runs out.',
        params: IdParams,
        body: MintToken,
        response: { 201: MintedToken, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const topic = await loadTopic(options, scopeOf(request), request.params.id);
      const { minSeconds, maxSeconds } = options.subscriberTokenTtl;
      const ttlSeconds = Math.min(maxSeconds, Math.max(minSeconds, request.body?.ttlSeconds ?? maxSeconds));
      const minted = await mintSubscriberToken(options, [topic.id], options.clock.now(), ttlSeconds);
      return reply.status(201).send({
        token: minted.token,
        topicId: topic.id,
        expiresAt: iso(minted.expiresAt * 1000),
        ttlSeconds,
      });
    },
  );

  app.post(
    '/topics/signing-keys/rotate',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: 'Rotate the key that signs subscriber tokens',
        description:
          'New tokens are signed with a new key; tokens signed before stay valid until they expire. Keys retired longer ago than NB_SUBSCRIBER_TOKEN_TTL_MAX_SECONDS are deleted.',
        response: { 200: RotatedKeys, ...errorResponses() },
      },
    },
    async () => rotateSigningKeys(options, options.clock.now(), options.subscriberTokenTtl.maxSeconds * 1000),
  );
}

/**
 * GET /topics/:name/stream, outside the API's own authentication: a public topic needs none, a token topic
 * its subscriber token. The same frames as /stream.
 */
export function topicStreamRoute(app: FastifyInstance, options: ApiOptions): void {
  app.get<{ Params: Static<typeof StreamParams>; Querystring: Static<typeof StreamQuery> }>(
    '/topics/:name/stream',
    {
      schema: {
        tags: ['topics'],
        summary: 'Subscribe to a topic',
        description: `${streamDescription} Public topics need no credentials; token topics a subscriber token (\`Authorization: Bearer ${subscriberTokenPrefix}...\` or \`?token=\`). An unknown topic and one that is not external answer the same 404; every token failure is the same 401.`,
        params: StreamParams,
        querystring: StreamQuery,
        security: [],
        response: {
          200: Type.String({ description: 'text/event-stream' }),
          ...errorResponses(404, 429),
        },
      },
    },
    async (request, reply) => {
      const topic = await subscribableTopic(options.database, request.params.name);
      const { holder } = await authorizeSubscriber(options, topic, {
        token: bearerOf(request.headers.authorization) ?? request.query.token,
        clientAddress: request.ip,
        now: options.clock.now(),
        logger: request.log as unknown as Logger,
      });
      await subscribeOver(reply, options, {
        filter: { topicId: topic.id },
        after: resumeAfter(request),
        holder,
      });
    },
  );
}

function bearerOf(header: string | undefined): string | undefined {
  return header === undefined ? undefined : /^Bearer\s+(\S+)$/i.exec(header)?.[1];
}
