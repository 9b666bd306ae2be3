import type { FastifyInstance } from 'fastify';
import type { Selectable } from 'kysely';
import { type Static, Type } from 'typebox';
import type { SourcesTable } from '../db/schema.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { BridgeError } from '../errors.ts';
import { newId } from '../ids.ts';
import { ingressKeyOfStored } from '../ingest/ingress-key.ts';
import { refusalView } from '../ingest/source-refusals.ts';
import { parseJson } from '../json.ts';
import { sourceKind } from '../sources/registry.ts';
import { defaultRecipe } from '../sources/sender-recipe.ts';
import type { SourceKind } from '../sources/source.ts';
import type { ApiOptions } from './api-options.ts';
import { auditRecorder, deleteAudited } from './audit-recorder.ts';
import { type BulkRequestBody, BulkResult, bulkSchema, runBulk } from './bulk.ts';
import { publicConfig, sealedConfig, secretsWritten } from './kind-config.ts';
import { newestFirst, PageQuery, pageRequest, toPage } from './pagination.ts';
import {
  errorResponses,
  Id,
  IdParams,
  IsoTime,
  iso,
  JsonObject,
  Name,
  NoContent,
  PageOf,
} from './schemas.ts';
import { notFound, type Scope, scopeOf } from './scope.ts';
import { sourcesVisibleTo } from './visible-sources.ts';

export const SourceView = Type.Object({
  id: Id,
  kind: Type.String(),
  name: Type.String(),
  enabled: Type.Boolean(),
  config: JsonObject,
  secretsSet: Type.Array(Type.String(), {
    description: 'Secret config fields that have a value; never returned.',
  }),
  ingestUrl: Type.Union([Type.String(), Type.Null()], {
    description: 'Where a push source receives webhooks.',
  }),
  bodyDedupWindowMinutes: Type.Union([Type.Integer(), Type.Null()], {
    description:
      "How long the same body, sent without a delivery id, is a duplicate of the first; null: the server's NB_BODY_DEDUP_WINDOW_MINUTES.",
  }),
  ownerId: Id,
  createdAt: IsoTime,
  updatedAt: IsoTime,
  lastEventAt: Type.Optional(
    Type.Union([IsoTime, Type.Null()], {
      description:
        'When the newest event of this source that you may see was received; null: none yet. Left out of the audit log.',
    }),
  ),
  lastRefusal: Type.Optional(
    Type.Union(
      [
        Type.Object({
          code: Type.String(),
          message: Type.String(),
          at: IsoTime,
        }),
        Type.Null(),
      ],
      {
        description:
          "The last request this source's address refused (a wrong secret, a bad signature, a body it could not read), kept at most every 10 s; null: none. Left out of the audit log.",
      },
    ),
  ),
});

const SenderRecipeView = Type.Object({
  format: Type.Union([Type.Literal('shell'), Type.Literal('yaml'), Type.Literal('steps')]),
  text: Type.String(),
});

// Up to a week, as NB_BODY_DEDUP_WINDOW_MINUTES: a body hash only absorbs a sender's retries. One schema
// with two types rather than a union: Fastify's type coercion would turn a 0 that fails the integer branch
// into the null branch's null, silently choosing the default instead of answering 400.
const BodyDedupWindowMinutes = Type.Unsafe<number | null>({
  type: ['integer', 'null'],
  minimum: 1,
  maximum: 7 * 24 * 60,
  description:
    "How long the same body, sent without a delivery id, is taken for the sender's retry of the first (a duplicate), in minutes; the same body later is a new event. null or absent: NB_BODY_DEDUP_WINDOW_MINUTES (10). A delivery id (dedupHeader, X-GitHub-Delivery…) dedups for NB_DEDUP_WINDOW_HOURS instead.",
});

const CreateSource = Type.Object(
  {
    kind: Type.String({ minLength: 1, maxLength: 100, description: 'One of GET /kinds/sources.' }),
    name: Name,
    config: Type.Optional(JsonObject),
    enabled: Type.Optional(Type.Boolean({ default: true })),
    bodyDedupWindowMinutes: Type.Optional(BodyDedupWindowMinutes),
  },
  { additionalProperties: false },
);

const UpdateSource = Type.Object(
  {
    name: Type.Optional(Name),
    config: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description: 'Replaces the config. A secret field left out keeps its value; null clears it.',
      }),
    ),
    enabled: Type.Optional(Type.Boolean()),
    bodyDedupWindowMinutes: Type.Optional(BodyDedupWindowMinutes),
  },
  { additionalProperties: false },
);

const ListQuery = Type.Object({ kind: Type.Optional(Type.String({ maxLength: 100 })), ...PageQuery });

type SourceRow = Selectable<SourcesTable>;

export function sourceView(row: SourceRow) {
  const kind = sourceKind(row.kind);
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    enabled: row.enabled === 1,
    ...publicConfig(row.config, kind?.secretFields),
    ingestUrl: kind?.ingress ? `/hooks/${row.id}` : null,
    bodyDedupWindowMinutes: row.body_dedup_window_ms === null ? null : row.body_dedup_window_ms / 60_000,
    ownerId: row.owner_id,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function creatableKind(name: string): SourceKind {
  const kind = sourceKind(name);
  if (!kind) {
    throw new BridgeError(
      'NB_ERR_VALIDATION',
      `unknown source kind "${name}"; GET /api/v1/kinds/sources lists them`,
      [{ path: '/kind', message: 'unknown kind' }],
    );
  }
  if (kind.builtIn) {
    throw new BridgeError(
      'NB_ERR_VALIDATION',
      `source kind "${name}" is built in; the bridge creates its one source itself`,
      [{ path: '/kind', message: 'built-in kind' }],
    );
  }
  return kind;
}

/**
 * When each source's newest event came, by its ULID order on the (source_id, id) index; a member sees
 * only their own events' times, so the shared bridge source tells nothing of other people's.
 */
async function lastEventTimes(options: ApiOptions, scope: Scope, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, number>();
  const { db } = options.database;
  const rows = await db
    .selectFrom('sources')
    .where('sources.id', 'in', ids)
    .select((eb) => [
      'sources.id',
      eb
        .selectFrom('events')
        .select('events.received_at')
        .whereRef('events.source_id', '=', 'sources.id')
        .$if(scope.ownerId !== undefined, (qb) => qb.where('events.owner_id', '=', scope.ownerId!))
        .orderBy('events.id', 'desc')
        .limit(1)
        .as('last'),
    ])
    .execute();
  return new Map(rows.filter((row) => row.last != null).map((row) => [row.id, Number(row.last)]));
}

/** The views of these rows with their lastEventAt and lastRefusal, as the read routes answer. */
async function sourceViewsWithLastEvent(options: ApiOptions, scope: Scope, rows: SourceRow[]) {
  const last = await lastEventTimes(
    options,
    scope,
    rows.map((row) => row.id),
  );
  return rows.map((row) => {
    const at = last.get(row.id);
    return {
      ...sourceView(row),
      lastEventAt: at === undefined ? null : iso(at),
      lastRefusal: refusalView(row.last_refusal, row.last_refusal_at),
    };
  });
}

async function loadSource(options: ApiOptions, scope: Scope, id: string): Promise<SourceRow> {
  const row = await sourcesVisibleTo(options.database, scope)
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('source', id);
  return row;
}

function editableKind(row: SourceRow): SourceKind {
  const kind = sourceKind(row.kind);
  if (!kind)
    throw new BridgeError(
      'NB_ERR_CONFLICT',
      `source kind "${row.kind}" is not in this version; delete the source`,
    );
  if (kind.builtIn)
    throw new BridgeError(
      'NB_ERR_FORBIDDEN',
      `the built-in "${row.kind}" source cannot be changed or deleted`,
    );
  return kind;
}

/** /sources: configured origins of events. Secret config fields are write-only. */
export async function sourceRoutes(app: FastifyInstance, options: ApiOptions): Promise<void> {
  const { db } = options.database;
  const tags = ['sources'];
  const audit = auditRecorder(options);

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/sources',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'List sources, newest first',
        querystring: ListQuery,
        response: { 200: PageOf(SourceView), ...errorResponses() },
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      const page = pageRequest(request.query);
      const { kind } = request.query;
      const rows = await sourcesVisibleTo(options.database, scope)
        .selectAll()
        .$if(kind !== undefined, (qb) => qb.where('kind', '=', kind!))
        .$call(newestFirst(page))
        .execute();
      const found = toPage(rows, page.limit, (row) => row);
      return { ...found, items: await sourceViewsWithLastEvent(options, scope, found.items) };
    },
  );

  app.post<{ Body: Static<typeof CreateSource> }>(
    '/sources',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Create a source',
        body: CreateSource,
        response: { 201: SourceView, ...errorResponses() },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      const body = request.body;
      const kind = creatableKind(body.kind);
      const id = newId();
      const now = options.clock.now();
      const config = sealedConfig({
        box: options.secretBox,
        table: 'sources',
        rowId: id,
        kind,
        incoming: body.config ?? {},
      });
      const row: SourceRow = {
        id,
        owner_id: scope.principal.userId,
        kind: kind.kind,
        name: body.name,
        config,
        enabled: body.enabled === false ? 0 : 1,
        ingress_key: ingressKeyOfStored(kind, config, options.secretBox, id),
        body_dedup_window_ms: windowMs(body.bodyDedupWindowMinutes),
        last_refusal: null,
        last_refusal_at: null,
        created_at: now,
        updated_at: now,
      };
      await withUniqueIngressKey(() =>
        db.transaction().execute(async (trx) => {
          await trx.insertInto('sources').values(row).execute();
          await audit(request, trx, {
            action: 'source.create',
            resourceType: 'source',
            resourceId: id,
            after: sourceView(row),
            detail: secretsWritten(kind, body.config),
          });
        }),
      );
      options.sources.invalidate(id);
      return reply.status(201).send({ ...sourceView(row), lastEventAt: null, lastRefusal: null });
    },
  );

  app.post<{ Body: BulkRequestBody }>(
    '/sources/bulk',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        ...bulkSchema(
          'Enable, disable or delete several sources',
          'The built-in bridge source answers forbidden and is left as it is.',
        ),
        response: { 200: BulkResult, ...errorResponses() },
      },
    },
    async (request) =>
      runBulk(options, request, request.body, {
        table: 'sources',
        resourceType: 'source',
        load: (ids) =>
          sourcesVisibleTo(options.database, scopeOf(request)).selectAll().where('id', 'in', ids).execute(),
        view: sourceView,
        refuse: (row) =>
          sourceKind(row.kind)?.builtIn ? `the built-in "${row.kind}" source cannot be changed` : undefined,
        afterCommit: (ids) => {
          for (const id of ids) options.sources.invalidate(id);
        },
      }),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/sources/:id',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'Get a source',
        params: IdParams,
        response: { 200: SourceView, ...errorResponses(404) },
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      const [view] = await sourceViewsWithLastEvent(options, scope, [
        await loadSource(options, scope, request.params.id),
      ]);
      return view;
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/sources/:id/recipe',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'What to paste into a sender to reach a source',
        description:
          "A command to run (`shell`), a part of the sender's config file (`yaml`) or the fields of its webhook settings page (`steps`), with this server's address (NB_PUBLIC_URL's origin, else the one asked at) and the source's settings filled in. Secrets show as placeholders (`<secret>`, `<token>`): the API never returns one. 409 for a source nothing posts to (the bridge's own).",
        params: IdParams,
        response: { 200: SenderRecipeView, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const row = await loadSource(options, scopeOf(request), request.params.id);
      const kind = sourceKind(row.kind);
      if (!kind?.ingress) {
        throw new BridgeError('NB_ERR_CONFLICT', `source ${row.id} takes no requests: nothing sends to it`);
      }
      const origin = options.publicUrl
        ? new URL(options.publicUrl).origin
        : `${request.protocol}://${request.host}`;
      const hookUrl = `${origin}/hooks/${row.id}`;
      const { config } = publicConfig(row.config, kind.secretFields);
      return kind.recipe ? kind.recipe({ origin, hookUrl, config }) : defaultRecipe(hookUrl);
    },
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateSource> }>(
    '/sources/:id',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Change a source',
        params: IdParams,
        body: UpdateSource,
        response: { 200: SourceView, ...errorResponses(403, 404, 409) },
      },
    },
    async (request) => {
      const row = await loadSource(options, scopeOf(request), request.params.id);
      const kind = editableKind(row);
      const body = request.body;
      const config =
        body.config === undefined
          ? row.config
          : sealedConfig({
              box: options.secretBox,
              table: 'sources',
              rowId: row.id,
              kind,
              incoming: body.config,
              stored: parseJson(row.config),
            });
      const updated: SourceRow = {
        ...row,
        name: body.name ?? row.name,
        enabled: body.enabled === undefined ? row.enabled : body.enabled ? 1 : 0,
        config,
        ingress_key: ingressKeyOfStored(kind, config, options.secretBox, row.id),
        body_dedup_window_ms:
          body.bodyDedupWindowMinutes === undefined
            ? row.body_dedup_window_ms
            : windowMs(body.bodyDedupWindowMinutes),
        updated_at: options.clock.now(),
      };
      await withUniqueIngressKey(() =>
        db.transaction().execute(async (trx) => {
          await trx
            .updateTable('sources')
            .set({
              name: updated.name,
              enabled: updated.enabled,
              config: updated.config,
              ingress_key: updated.ingress_key,
              body_dedup_window_ms: updated.body_dedup_window_ms,
              updated_at: updated.updated_at,
            })
            .where('id', '=', row.id)
            .execute();
          await audit(request, trx, {
            action: 'source.update',
            resourceType: 'source',
            resourceId: row.id,
            before: sourceView(row),
            after: sourceView(updated),
            detail: secretsWritten(kind, body.config),
          });
        }),
      );
      options.sources.invalidate(row.id);
      const [view] = await sourceViewsWithLastEvent(options, scopeOf(request), [updated]);
      return view;
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/sources/:id',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Delete a source and its events',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(403, 404) },
      },
    },
    async (request, reply) => {
      const row = await loadSource(options, scopeOf(request), request.params.id);
      if (sourceKind(row.kind)?.builtIn) {
        throw new BridgeError('NB_ERR_FORBIDDEN', `the built-in "${row.kind}" source cannot be deleted`);
      }
      await deleteAudited(options, request, 'sources', row.id, sourceView(row));
      options.sources.invalidate(row.id);
      return reply.status(204).send();
    },
  );
}

function windowMs(minutes: number | null | undefined): number | null {
  return minutes == null ? null : minutes * 60_000;
}

/** Two sources of one kind cannot share a topic or token: the compatibility routes would not know which. */
async function withUniqueIngressKey<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new BridgeError(
        'NB_ERR_CONFLICT',
        'another source of this kind already uses this topic or token; choose another',
      );
    }
    throw error;
  }
}
