import type { FastifyInstance } from 'fastify';
import type { Selectable } from 'kysely';
import { type Static, Type } from 'typebox';
import type { AddressLookups } from '../channels/channel.ts';
import { channelKind } from '../channels/registry.ts';
import type { ReceiversTable } from '../db/schema.ts';
import { BridgeError } from '../errors.ts';
import { newId } from '../ids.ts';
import { parseJson } from '../json.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { ApiOptions } from './api-options.ts';
import { auditRecorder, deleteAudited } from './audit-recorder.ts';
import { type BulkRequestBody, BulkResult, bulkSchema, runBulk } from './bulk.ts';
import { assertMatchesSchema, kindSchemasRoute } from './kind-config.ts';
import { newestFirst, PageQuery, pageRequest, toPage } from './pagination.ts';
import { QuietHoursField, quietHoursColumn, quietHoursView } from './quiet-hours-field.ts';
import { RateLimitField, rateLimitColumn, rateLimitView } from './rate-limit-field.ts';
import { errorResponses, Id, IdParams, IsoTime, iso, Name, NoContent, PageOf } from './schemas.ts';
import { notFound, scopeOf } from './scope.ts';
import {
  loadReceiverAccess,
  mayChangeReceiver,
  type ReceiverAccess,
  receiversSeenThrough,
} from './target-shares.ts';
import type { TargetRow } from './targets.ts';
import { sendTestMessage, TestMessageResult, testMessageView } from './test-message.ts';

const ReceiverOptions = Type.Object(
  {
    silent: Type.Optional(Type.Boolean({ description: 'Deliver without a sound where the channel can.' })),
    locale: Type.Optional(
      Type.String({ pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$', description: 'BCP 47, e.g. de-CH.' }),
    ),
    timeZone: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description:
          'IANA zone of the person behind it, e.g. Europe/Berlin: for quiet hours and bot replies.',
      }),
    ),
  },
  { additionalProperties: true, description: 'Per-receiver options; channels may read more.' },
);

const Address = Type.Unknown({ description: "What one addressee is, per the channel's addressSchema." });

export const ReceiverView = Type.Object({
  id: Id,
  targetId: Id,
  name: Type.String(),
  address: Address,
  options: ReceiverOptions,
  enabled: Type.Boolean(),
  disabledReason: Type.Union([Type.String(), Type.Null()], { description: 'Why the bridge disabled it.' }),
  quietHours: QuietHoursField,
  rateLimit: RateLimitField,
  addedBy: Type.Union([Id, Type.Null()], {
    description: 'The member who added it to a target shared with them; null for the target owner’s own.',
  }),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});

const CreateReceiver = Type.Object(
  {
    name: Name,
    address: Address,
    options: Type.Optional(ReceiverOptions),
    enabled: Type.Optional(Type.Boolean({ default: true })),
    quietHours: Type.Optional(QuietHoursField),
    rateLimit: Type.Optional(RateLimitField),
  },
  { additionalProperties: false },
);
const UpdateReceiver = Type.Object(
  {
    name: Type.Optional(Name),
    address: Type.Optional(Address),
    options: Type.Optional(ReceiverOptions),
    enabled: Type.Optional(Type.Boolean({ description: 'Setting it clears `disabledReason`.' })),
    quietHours: Type.Optional(QuietHoursField),
    rateLimit: Type.Optional(RateLimitField),
  },
  { additionalProperties: false },
);
const ReceiverParams = Type.Object({ id: Id, receiverId: Id });
const ListQuery = Type.Object(PageQuery);

export type ReceiverRow = Selectable<ReceiversTable>;

export function receiverView(row: ReceiverRow) {
  return {
    id: row.id,
    targetId: row.target_id,
    name: row.name,
    address: parseJson(row.address),
    options: parseJson<Record<string, unknown>>(row.options),
    enabled: row.enabled === 1,
    disabledReason: row.disabled_reason,
    quietHours: quietHoursView(row.quiet_hours),
    rateLimit: rateLimitView(row.rate_limit),
    addedBy: row.owner_id,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/**
 * The address to store: matching the channel's schema, and passing the channel's own checks against what
 * the bridge holds (a topic it names must be the target owner's).
 */
async function checkAddress(options: ApiOptions, target: TargetRow, address: unknown): Promise<string> {
  const channel = channelKind(target.kind);
  if (!channel)
    throw new BridgeError('NB_ERR_CONFLICT', `channel kind "${target.kind}" is not in this version`);
  assertMatchesSchema(
    channel.addressSchema,
    address,
    '/address',
    `address of a "${target.kind}" receiver`,
    kindSchemasRoute.targets,
  );
  const problem = await channel.checkAddress?.(address, addressLookups(options, target));
  if (problem) {
    throw new BridgeError('NB_ERR_VALIDATION', `address of a "${target.kind}" receiver: ${problem}`, [
      { path: '/address', message: problem },
    ]);
  }
  return JSON.stringify(address);
}

function addressLookups(options: ApiOptions, target: TargetRow): AddressLookups {
  return {
    async topicExists(name) {
      const row = await options.database.db
        .selectFrom('topics')
        .select('id')
        .where('name', '=', name)
        .where('owner_id', '=', target.owner_id)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}

/** /targets/:id/receivers: the addressees of a target (a chat, an e-mail address, a room). */
export async function receiverRoutes(app: FastifyInstance, options: ApiOptions): Promise<void> {
  const { db } = options.database;
  const tags = ['receivers'];
  const audit = auditRecorder(options);

  async function loadReceiver(access: ReceiverAccess, receiverId: string): Promise<ReceiverRow> {
    const row = await db
      .selectFrom('receivers')
      .selectAll()
      .where('id', '=', receiverId)
      .where('target_id', '=', access.target.id)
      .$call(receiversSeenThrough(access))
      .executeTakeFirst();
    if (!row) throw notFound(`receiver of target ${access.target.id}`, receiverId);
    return row;
  }

  /** A receiver the caller may change or test: through a share, only one they added. */
  async function loadChangeableReceiver(access: ReceiverAccess, receiverId: string): Promise<ReceiverRow> {
    const row = await loadReceiver(access, receiverId);
    if (!mayChangeReceiver(access, row)) {
      throw new BridgeError(
        'NB_ERR_FORBIDDEN',
        'this receiver belongs to the owner of the shared target: your rules may send to it, but only its owner can change or test it',
      );
    }
    return row;
  }

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof ListQuery> }>(
    '/targets/:id/receivers',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: "List a target's receivers, newest first",
        params: IdParams,
        querystring: ListQuery,
        response: { 200: PageOf(ReceiverView), ...errorResponses(404) },
      },
    },
    async (request) => {
      const access = await loadReceiverAccess(options, scopeOf(request), request.params.id);
      const page = pageRequest(request.query);
      const rows = await db
        .selectFrom('receivers')
        .selectAll()
        .where('target_id', '=', access.target.id)
        .$call(receiversSeenThrough(access))
        .$call(newestFirst(page))
        .execute();
      return toPage(rows, page.limit, receiverView);
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof CreateReceiver> }>(
    '/targets/:id/receivers',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Add a receiver to a target',
        params: IdParams,
        body: CreateReceiver,
        response: { 201: ReceiverView, ...errorResponses(404, 409) },
      },
    },
    async (request, reply) => {
      const access = await loadReceiverAccess(options, scopeOf(request), request.params.id);
      const target = access.target;
      const body = request.body;
      const now = options.clock.now();
      const row: ReceiverRow = {
        id: newId(),
        target_id: target.id,
        name: body.name,
        address: await checkAddress(options, target, body.address),
        options: JSON.stringify(body.options ?? {}),
        enabled: body.enabled === false ? 0 : 1,
        disabled_reason: null,
        quiet_hours: quietHoursColumn(body.quietHours ?? null),
        rate_limit: rateLimitColumn(body.rateLimit),
        owner_id: access.sharedWith ?? null,
        created_at: now,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('receivers').values(row).execute();
        await audit(request, trx, {
          action: 'receiver.create',
          resourceType: 'receiver',
          resourceId: row.id,
          after: receiverView(row),
        });
      });
      await options.router.refresh();
      return reply.status(201).send(receiverView(row));
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: BulkRequestBody }>(
    '/targets/:id/receivers/bulk',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        ...bulkSchema(
          "Enable, disable or delete several of a target's receivers",
          "Ids of another target's receivers answer not_found, and so do the receivers a shared target " +
            'lends (only its owner changes those). Enabling clears `disabledReason`.',
        ),
        params: IdParams,
        response: { 200: BulkResult, ...errorResponses(404) },
      },
    },
    async (request) => {
      const access = await loadReceiverAccess(options, scopeOf(request), request.params.id);
      const member = access.sharedWith;
      return runBulk(options, request, request.body, {
        table: 'receivers',
        resourceType: 'receiver',
        // Through a share, only the receivers the member added are theirs to change.
        load: (ids) =>
          db
            .selectFrom('receivers')
            .selectAll()
            .where('id', 'in', ids)
            .where('target_id', '=', access.target.id)
            .$if(member !== undefined, (qb) => qb.where('owner_id', '=', member!))
            .execute(),
        view: receiverView,
        // Setting `enabled` either way means the user has looked at why the bridge disabled it.
        alsoSet: { disabled_reason: null },
        afterCommit: () => options.router.refresh(),
      });
    },
  );

  app.get<{ Params: Static<typeof ReceiverParams> }>(
    '/targets/:id/receivers/:receiverId',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'Get a receiver',
        params: ReceiverParams,
        response: { 200: ReceiverView, ...errorResponses(404) },
      },
    },
    async (request) => {
      const access = await loadReceiverAccess(options, scopeOf(request), request.params.id);
      return receiverView(await loadReceiver(access, request.params.receiverId));
    },
  );

  app.patch<{ Params: Static<typeof ReceiverParams>; Body: Static<typeof UpdateReceiver> }>(
    '/targets/:id/receivers/:receiverId',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Change a receiver',
        params: ReceiverParams,
        body: UpdateReceiver,
        response: { 200: ReceiverView, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const access = await loadReceiverAccess(options, scopeOf(request), request.params.id);
      const target = access.target;
      const row = await loadChangeableReceiver(access, request.params.receiverId);
      const body = request.body;
      const updated: ReceiverRow = {
        ...row,
        name: body.name ?? row.name,
        address: body.address === undefined ? row.address : await checkAddress(options, target, body.address),
        options: body.options === undefined ? row.options : JSON.stringify(body.options),
        enabled: body.enabled === undefined ? row.enabled : body.enabled ? 1 : 0,
        // Enabling again means the user fixed what the bridge disabled it for.
        disabled_reason: body.enabled === undefined ? row.disabled_reason : null,
        quiet_hours: body.quietHours === undefined ? row.quiet_hours : quietHoursColumn(body.quietHours),
        rate_limit: body.rateLimit === undefined ? row.rate_limit : rateLimitColumn(body.rateLimit),
        updated_at: options.clock.now(),
      };
      const { id: _id, target_id: _target, owner_id: _owner, created_at: _created, ...changes } = updated;
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('receivers').set(changes).where('id', '=', row.id).execute();
        await audit(request, trx, {
          action: 'receiver.update',
          resourceType: 'receiver',
          resourceId: row.id,
          before: receiverView(row),
          after: receiverView(updated),
        });
      });
      await options.router.refresh();
      return receiverView(updated);
    },
  );

  app.delete<{ Params: Static<typeof ReceiverParams> }>(
    '/targets/:id/receivers/:receiverId',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Delete a receiver and its deliveries',
        params: ReceiverParams,
        response: { 204: NoContent, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const access = await loadReceiverAccess(options, scopeOf(request), request.params.id);
      const row = await loadChangeableReceiver(access, request.params.receiverId);
      await deleteAudited(options, request, 'receivers', row.id, receiverView(row));
      await options.router.refresh();
      return reply.status(204).send();
    },
  );

  app.post<{ Params: Static<typeof ReceiverParams> }>(
    '/targets/:id/receivers/:receiverId/test',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Send a test message to a receiver now',
        description: 'Sends synchronously and reports what the channel answered. Stores nothing.',
        params: ReceiverParams,
        response: { 200: TestMessageResult, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const access = await loadReceiverAccess(options, scopeOf(request), request.params.id);
      const receiver = await loadChangeableReceiver(access, request.params.receiverId);
      // Fastify's request logger is the app's pino logger with the request id bound.
      const outcome = await sendTestMessage(
        options,
        access.target,
        receiver,
        request.log as unknown as Logger,
      );
      return testMessageView(outcome);
    },
  );
}
