import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import { type Static, Type } from 'typebox';
import type { Schema } from '../db/schema.ts';
import { newId } from '../ids.ts';
import type { ApiOptions } from './api-options.ts';
import { auditRecorder, deleteAudited } from './audit-recorder.ts';
import { newestFirst, PageQuery, pageRequest, toPage } from './pagination.ts';
import { checkedRule, type RuleOwner } from './rule-checks.ts';
import { type RuleRow, ruleColumns, ruleFromBody, ruleInput, ruleReceivers, ruleView } from './rule-rows.ts';
import { CreateRule, RuleView, UpdateRule } from './rule-schemas.ts';
import { errorResponses, IdParams, NoContent, PageOf } from './schemas.ts';
import { notFound, type Scope, scopeOf } from './scope.ts';

const ListQuery = Type.Object(PageQuery);

async function writeReceivers(
  trx: Transaction<Schema>,
  ruleId: string,
  receiverIds: string[],
): Promise<void> {
  await trx.deleteFrom('rule_receivers').where('rule_id', '=', ruleId).execute();
  if (receiverIds.length === 0) return;
  await trx
    .insertInto('rule_receivers')
    .values(receiverIds.map((receiverId) => ({ rule_id: ruleId, receiver_id: receiverId })))
    .execute();
}

/** /rules: when an event matches, notify these receivers with this template. */
export async function ruleRoutes(app: FastifyInstance, options: ApiOptions): Promise<void> {
  const { db } = options.database;
  const tags = ['rules'];
  const audit = auditRecorder(options);

  const receiversOf = (ruleIds: string[]) => ruleReceivers(db, ruleIds);

  async function loadRule(scope: Scope, id: string): Promise<{ row: RuleRow; receiverIds: string[] }> {
    const row = await db
      .selectFrom('rules')
      .selectAll()
      .where('id', '=', id)
      .$if(scope.ownerId !== undefined, (qb) => qb.where('owner_id', '=', scope.ownerId!))
      .executeTakeFirst();
    if (!row) throw notFound('rule', id);
    return { row, receiverIds: (await receiversOf([id])).get(id) ?? [] };
  }

  async function ownerOf(row: RuleRow): Promise<RuleOwner> {
    const user = await db
      .selectFrom('users')
      .select('role')
      .where('id', '=', row.owner_id)
      .executeTakeFirstOrThrow();
    return { id: row.owner_id, role: user.role };
  }

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/rules',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'List rules, newest first',
        querystring: ListQuery,
        response: { 200: PageOf(RuleView), ...errorResponses() },
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      const page = pageRequest(request.query);
      const rows = await db
        .selectFrom('rules')
        .selectAll()
        .$if(scope.ownerId !== undefined, (qb) => qb.where('owner_id', '=', scope.ownerId!))
        .$call(newestFirst(page))
        .execute();
      const receivers = await receiversOf(rows.slice(0, page.limit).map((row) => row.id));
      return toPage(rows, page.limit, (row) => ruleView(row, receivers.get(row.id) ?? []));
    },
  );

  app.post<{ Body: Static<typeof CreateRule> }>(
    '/rules',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Create a rule',
        body: CreateRule,
        response: { 201: RuleView, ...errorResponses() },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(request);
      const body = request.body;
      const owner = { id: scope.principal.userId, role: scope.principal.role };
      const rule = await checkedRule(options, scope, owner, ruleFromBody(body));
      const now = options.clock.now();
      const row: RuleRow = {
        id: newId(),
        owner_id: scope.principal.userId,
        ...ruleColumns(rule),
        created_at: now,
        updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('rules').values(row).execute();
        await writeReceivers(trx, row.id, rule.receiverIds);
        await audit(request, trx, {
          action: 'rule.create',
          resourceType: 'rule',
          resourceId: row.id,
          after: ruleView(row, rule.receiverIds),
        });
      });
      await options.router.refresh();
      return reply.status(201).send(ruleView(row, rule.receiverIds));
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/rules/:id',
    {
      config: { scope: 'read' },
      schema: {
        tags,
        summary: 'Get a rule',
        params: IdParams,
        response: { 200: RuleView, ...errorResponses(404) },
      },
    },
    async (request) => {
      const { row, receiverIds } = await loadRule(scopeOf(request), request.params.id);
      return ruleView(row, receiverIds);
    },
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof UpdateRule> }>(
    '/rules/:id',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Change a rule; receiverIds, when given, replaces the list',
        params: IdParams,
        body: UpdateRule,
        response: { 200: RuleView, ...errorResponses(404) },
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      const current = await loadRule(scope, request.params.id);
      const changes = Object.fromEntries(
        Object.entries(request.body).filter(([, value]) => value !== undefined),
      );
      const rule = await checkedRule(options, scope, await ownerOf(current.row), {
        ...ruleInput(current.row, current.receiverIds),
        ...changes,
      });
      const row: RuleRow = { ...current.row, ...ruleColumns(rule), updated_at: options.clock.now() };
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('rules')
          .set({ ...ruleColumns(rule), updated_at: row.updated_at })
          .where('id', '=', row.id)
          .execute();
        if (request.body.receiverIds !== undefined) await writeReceivers(trx, row.id, rule.receiverIds);
        await audit(request, trx, {
          action: 'rule.update',
          resourceType: 'rule',
          resourceId: row.id,
          before: ruleView(current.row, current.receiverIds),
          after: ruleView(row, rule.receiverIds),
        });
      });
      await options.router.refresh();
      return ruleView(row, rule.receiverIds);
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/rules/:id',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Delete a rule',
        params: IdParams,
        response: { 204: NoContent, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const { row, receiverIds } = await loadRule(scopeOf(request), request.params.id);
      await deleteAudited(options, request, 'rules', row.id, ruleView(row, receiverIds));
      await options.router.refresh();
      return reply.status(204).send();
    },
  );
}
