import type { FastifyInstance } from 'fastify';
import type { ExpressionBuilder, SelectQueryBuilder } from 'kysely';
import { type Static, Type } from 'typebox';
import type { Schema } from '../db/schema.ts';
import { BridgeError } from '../errors.ts';
import type { ApiOptions } from './api-options.ts';
import { auditRecorder } from './audit-recorder.ts';
import { errorResponses, Id, IdParams, IsoTime, iso, NoContent } from './schemas.ts';
import { notFound, type Scope, scopeOf } from './scope.ts';
import { loadTarget, type TargetRow } from './targets.ts';

/**
 * Sharing a target: an admin lends a target's receivers to members (a family Telegram bot, a team SMTP
 * account). A member it is shared with may route rules to the receivers its owner made, add receivers of
 * their own and change or test those; they never see its config, its candidates or other members'
 * receivers. The routing side of this is domain/target-sharing.ts.
 */

/** How the caller reaches a target's receivers: as its owner (or an admin), or as `sharedWith`. */
export interface ReceiverAccess {
  target: TargetRow;
  /** The member the target is shared with, when that is how the caller reaches it. */
  sharedWith?: string;
}

/** Whether the `targets` row of the query around it is shared with `member`. */
export function sharedWith(eb: ExpressionBuilder<Schema, 'targets'>, member: string) {
  return eb.exists(
    eb
      .selectFrom('target_shares')
      .select('target_shares.user_id')
      .whereRef('target_shares.target_id', '=', 'targets.id')
      .where('target_shares.user_id', '=', member),
  );
}

/** The target for its receivers routes: the caller's own, or one shared with them; else NB_ERR_NOT_FOUND. */
export async function loadReceiverAccess(
  options: ApiOptions,
  scope: Scope,
  id: string,
): Promise<ReceiverAccess> {
  const member = scope.ownerId;
  const row = await options.database.db
    .selectFrom('targets')
    .selectAll('targets')
    .select((eb) => (member === undefined ? eb.val(0).as('shared') : sharedWith(eb, member).as('shared')))
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('target', id);
  const { shared, ...target } = row;
  if (member === undefined || target.owner_id === member) return { target };
  // Postgres answers EXISTS as a boolean, SQLite as 0 or 1.
  if (shared === true || Number(shared) === 1) return { target, sharedWith: member };
  throw notFound('target', id);
}

/** Narrows a receivers query to what `access` may see: all of them, or the lent ones and the member's own. */
export function receiversSeenThrough<O>(
  access: ReceiverAccess,
): (qb: SelectQueryBuilder<Schema, 'receivers', O>) => SelectQueryBuilder<Schema, 'receivers', O> {
  const member = access.sharedWith;
  return (qb) =>
    member === undefined
      ? qb
      : qb.where((eb) =>
          eb.or([eb('receivers.owner_id', 'is', null), eb('receivers.owner_id', '=', member)]),
        );
}

/** Whether `access` may change or test a receiver: a member through a share only the ones they added. */
export function mayChangeReceiver(access: ReceiverAccess, receiver: { owner_id: string | null }): boolean {
  return access.sharedWith === undefined || receiver.owner_id === access.sharedWith;
}

const ShareView = Type.Object({
  userId: Id,
  userName: Type.String(),
  createdAt: IsoTime,
});
const SharedTargetView = Type.Object({
  id: Id,
  kind: Type.String(),
  name: Type.String(),
  enabled: Type.Boolean(),
  ownerName: Type.String({ description: 'Who shared it.' }),
  sharedAt: IsoTime,
});
const ShareParams = Type.Object({ id: Id, userId: Id });

/** /targets/:id/shares and /targets/shared. */
export async function targetShareRoutes(app: FastifyInstance, options: ApiOptions): Promise<void> {
  const { db } = options.database;
  const tags = ['targets'];
  const audit = auditRecorder(options);

  app.get(
    '/targets/shared',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'The targets admins shared with you, whose receivers your rules may use',
        description:
          'Their receivers are listed under /targets/{id}/receivers; their config is not yours to read.',
        response: { 200: Type.Object({ items: Type.Array(SharedTargetView) }), ...errorResponses() },
      },
    },
    async (request) => {
      const rows = await db
        .selectFrom('target_shares')
        .innerJoin('targets', 'targets.id', 'target_shares.target_id')
        .innerJoin('users', 'users.id', 'targets.owner_id')
        .select([
          'targets.id as id',
          'targets.kind as kind',
          'targets.name as name',
          'targets.enabled as enabled',
          'users.name as ownerName',
          'target_shares.created_at as sharedAt',
        ])
        .where('target_shares.user_id', '=', scopeOf(request).principal.userId)
        .orderBy('targets.name')
        .execute();
      return {
        items: rows.map((row) => ({ ...row, enabled: row.enabled === 1, sharedAt: iso(row.sharedAt) })),
      };
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/targets/:id/shares',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: 'Who a target is shared with',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(ShareView) }), ...errorResponses(404) },
      },
    },
    async (request) => {
      const target = await loadTarget(options, scopeOf(request), request.params.id);
      const rows = await db
        .selectFrom('target_shares')
        .innerJoin('users', 'users.id', 'target_shares.user_id')
        .select(['users.id as userId', 'users.name as userName', 'target_shares.created_at as createdAt'])
        .where('target_shares.target_id', '=', target.id)
        .orderBy('users.name')
        .execute();
      return { items: rows.map((row) => ({ ...row, createdAt: iso(row.createdAt) })) };
    },
  );

  app.put<{ Params: Static<typeof ShareParams> }>(
    '/targets/:id/shares/:userId',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: 'Share a target with a user (their rules may use its receivers; its config stays hidden)',
        params: ShareParams,
        response: { 200: ShareView, ...errorResponses(404, 409) },
      },
    },
    async (request) => {
      const target = await loadTarget(options, scopeOf(request), request.params.id);
      const user = await db
        .selectFrom('users')
        .select(['id', 'name'])
        .where('id', '=', request.params.userId)
        .executeTakeFirst();
      if (!user) throw notFound('user', request.params.userId);
      if (user.id === target.owner_id)
        throw new BridgeError('NB_ERR_CONFLICT', `"${user.name}" owns this target already`);
      const existing = await db
        .selectFrom('target_shares')
        .select('created_at')
        .where('target_id', '=', target.id)
        .where('user_id', '=', user.id)
        .executeTakeFirst();
      const createdAt = existing?.created_at ?? options.clock.now();
      if (!existing) {
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('target_shares')
            .values({ target_id: target.id, user_id: user.id, created_at: createdAt })
            .execute();
          await audit(request, trx, {
            action: 'target.share',
            resourceType: 'target',
            resourceId: target.id,
            detail: { userId: user.id },
          });
        });
        await options.router.refresh();
      }
      return { userId: user.id, userName: user.name, createdAt: iso(createdAt) };
    },
  );

  app.delete<{ Params: Static<typeof ShareParams> }>(
    '/targets/:id/shares/:userId',
    {
      config: { scope: 'admin' },
      schema: {
        tags,
        summary: 'Stop sharing a target with a user',
        description:
          'Their rules stop sending to its receivers at once. Receivers they added stay (their rules no ' +
          'longer reach them) and work again if the target is shared with them again.',
        params: ShareParams,
        response: { 204: NoContent, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const target = await loadTarget(options, scopeOf(request), request.params.id);
      const userId = request.params.userId;
      const removed = await db.transaction().execute(async (trx) => {
        const result = await trx
          .deleteFrom('target_shares')
          .where('target_id', '=', target.id)
          .where('user_id', '=', userId)
          .executeTakeFirst();
        if (result.numDeletedRows === 0n) return false;
        await audit(request, trx, {
          action: 'target.unshare',
          resourceType: 'target',
          resourceId: target.id,
          detail: { userId },
        });
        return true;
      });
      if (!removed) throw notFound(`share of target ${target.id}`, userId);
      await options.router.refresh();
      return reply.status(204).send();
    },
  );
}
