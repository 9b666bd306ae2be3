import type { FastifyInstance } from 'fastify';
import type { Selectable } from 'kysely';
import { type Static, Type } from 'typebox';
import type { ChannelKind } from '../channels/channel.ts';
import { channelKind } from '../channels/registry.ts';
import type { TargetsTable } from '../db/schema.ts';
import { BridgeError } from '../errors.ts';
import { newId } from '../ids.ts';
import { parseJson } from '../json.ts';
import type { ApiOptions } from './api-options.ts';
import { auditRecorder, deleteAudited } from './audit-recorder.ts';
import { type BulkRequestBody, BulkResult, bulkSchema, runBulk } from './bulk.ts';
import { publicConfig, sealedConfig, secretsWritten } from './kind-config.ts';
import { newestFirst, PageQuery, pageRequest, toPage } from './pagination.ts';
import { RateLimitField, rateLimitColumn, rateLimitView } from './rate-limit-field.ts';
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

const concurrencyDoc =
  'Sends in flight to this target at once, per node (default 16): protects the destination from a burst of parallel requests; raise it for a fast destination that takes more.';
/** Keeps up with 1,000 events/s to a destination answering in 10 ms; 4 fell behind at 300/s. */
export const defaultTargetConcurrency = 16;
const Concurrency = Type.Integer({ minimum: 1, maximum: 1000, description: concurrencyDoc });

export const TargetView = Type.Object({
  id: Id,
  kind: Type.String(),
  name: Type.String(),
  enabled: Type.Boolean(),
  concurrency: Concurrency,
  rateLimit: RateLimitField,
  config: JsonObject,
  secretsSet: Type.Array(Type.String(), {
    description: 'Secret config fields that have a value; never returned.',
  }),
  ownerId: Id,
  createdAt: IsoTime,
  updatedAt: IsoTime,
});

const CreateTarget = Type.Object(
  {
    kind: Type.String({ minLength: 1, maxLength: 100, description: 'One of GET /kinds/channels.' }),
    name: Name,
    config: Type.Optional(JsonObject),
    concurrency: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1000,
        default: defaultTargetConcurrency,
        description: concurrencyDoc,
      }),
    ),
    rateLimit: Type.Optional(RateLimitField),
    enabled: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);

const UpdateTarget = Type.Object(
  {
    name: Type.Optional(Name),
    config: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description: 'Replaces the config. A secret field left out keeps its value; null clears it.',
      }),
    ),
    concurrency: Type.Optional(Concurrency),
    rateLimit: Type.Optional(RateLimitField),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const ListQuery = Type.Object({ kind: Type.Optional(Type.String({ maxLength: 100 })), ...PageQuery });

export type TargetRow = Selectable<TargetsTable>;

export function targetView(row: TargetRow) {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    enabled: row.enabled === 1,
    concurrency: row.concurrency,
    rateLimit: rateLimitView(row.rate_limit),
    ...publicConfig(row.config, channelKind(row.kind)?.secretFields),
    ownerId: row.owner_id,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function knownChannel(name: string): ChannelKind {
  const kind = channelKind(name);
  if (!kind) {
    throw new BridgeError(
      'NB_ERR_VALIDATION',
      `unknown channel kind "${name}"; GET /api/v1/kinds/channels lists them`,
      [{ path: '/kind', message: 'unknown kind' }],
    );
  }
  return kind;
}

/** A target the caller may see, or NB_ERR_NOT_FOUND. */
export async function loadTarget(options: ApiOptions, scope: Scope, id: string): Promise<TargetRow> {
  const row = await options.database.db
    .selectFrom('targets')
    .selectAll()
    .where('id', '=', id)
    .$if(scope.ownerId !== undefined, (qb) => qb.where('owner_id', '=', scope.ownerId!))
    .executeTakeFirst();
  if (!row) throw notFound('target', id);
  return row;
}

/** /targets: configured destinations (a bot, an SMTP account, a webhook URL). Secret config fields are write-only. */
export async function targetRoutes(app: FastifyInstance, options: ApiOptions): Promise<void> {
  const { db } = options.database;
  const tags = ['targets'];
  const audit = auditRecorder(options);

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/targets',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'List targets, newest first',
        querystring: ListQuery,
        response: { 200: PageOf(TargetView), ...errorResponses() },
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      const page = pageRequest(request.query);
      const { kind } = request.query;
      const rows = await db
        .selectFrom('targets')
        .selectAll()
        .$if(scope.ownerId !== undefined, (qb) => qb.where('owner_id', '=', scope.ownerId!))
        .$if(kind !== undefined, (qb) => qb.where('kind', '=', kind!))
        .$call(newestFirst(page))
        .execute();
      return toPage(rows, page.limit, targetView);
    },
  );

  app.post<{ Body: Static<typeof CreateTarget> }>(
    '/targets',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Create a target',
        body: CreateTarget,
        response: { 201: TargetView, ...errorResponses() },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      const body = request.body;
      const kind = knownChannel(body.kind);
      const id = newId();
      const now = options.clock.now();
      const row: TargetRow = {
        id,
        owner_id: scope.principal.userId,
        kind: kind.kind,
        name: body.name,
        config: sealedConfig({
          box: options.secretBox,
          table: 'targets',
          rowId: id,
          kind,
          incoming: body.config ?? {},
        }),
        concurrency: body.concurrency ?? defaultTargetConcurrency,
        rate_limit: rateLimitColumn(body.rateLimit),
        enabled: body.enabled === false ? 0 : 1,
        created_at: now,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('targets').values(row).execute();
        await audit(request, trx, {
          action: 'target.create',
          resourceType: 'target',
          resourceId: id,
          after: targetView(row),
          detail: secretsWritten(kind, body.config),
        });
      });
      await options.router.refresh();
      return reply.status(201).send(targetView(row));
    },
  );

  app.post<{ Body: BulkRequestBody }>(
    '/targets/bulk',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        ...bulkSchema(
          'Enable, disable or delete several targets',
          'Deleting a target deletes its receivers and their deliveries.',
        ),
        response: { 200: BulkResult, ...errorResponses() },
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      return runBulk(options, request, request.body, {
        table: 'targets',
        resourceType: 'target',
        load: (ids) =>
          db
            .selectFrom('targets')
            .selectAll()
            .where('id', 'in', ids)
            .$if(scope.ownerId !== undefined, (qb) => qb.where('owner_id', '=', scope.ownerId!))
            .execute(),
        view: targetView,
        afterCommit: () => options.router.refresh(),
      });
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/targets/:id',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'Get a target',
        params: IdParams,
        response: { 200: TargetView, ...errorResponses(404) },
      },
    },
    async (request) => targetView(await loadTarget(options, scopeOf(request), request.params.id)),
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateTarget> }>(
    '/targets/:id',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Change a target',
        params: IdParams,
        body: UpdateTarget,
        response: { 200: TargetView, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const row = await loadTarget(options, scopeOf(request), request.params.id);
      const body = request.body;
      let config = row.config;
      let written: ReturnType<typeof secretsWritten>;
      if (body.config !== undefined) {
        const kind = channelKind(row.kind);
        if (!kind)
          throw new BridgeError(
            'NB_ERR_CONFLICT',
            `channel kind "${row.kind}" is not in this version; delete the target`,
          );
        config = sealedConfig({
          box: options.secretBox,
          table: 'targets',
          rowId: row.id,
          kind,
          incoming: body.config,
          stored: parseJson(row.config),
        });
        written = secretsWritten(kind, body.config);
      }
      const updated: TargetRow = {
        ...row,
        name: body.name ?? row.name,
        config,
        concurrency: body.concurrency ?? row.concurrency,
        rate_limit: body.rateLimit === undefined ? row.rate_limit : rateLimitColumn(body.rateLimit),
        enabled: body.enabled === undefined ? row.enabled : body.enabled ? 1 : 0,
        updated_at: options.clock.now(),
      };
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('targets')
          .set({
            name: updated.name,
            config: updated.config,
            concurrency: updated.concurrency,
            rate_limit: updated.rate_limit,
            enabled: updated.enabled,
            updated_at: updated.updated_at,
          })
          .where('id', '=', row.id)
          .execute();
        await audit(request, trx, {
          action: 'target.update',
          resourceType: 'target',
          resourceId: row.id,
          before: targetView(row),
          after: targetView(updated),
          detail: written,
        });
      });
      await options.router.refresh();
      return targetView(updated);
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/targets/:id',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Delete a target, its receivers and their deliveries',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const row = await loadTarget(options, scopeOf(request), request.params.id);
      await deleteAudited(options, request, 'targets', row.id, targetView(row));
      await options.router.refresh();
      return reply.status(204).send();
    },
  );
}
