import type { FastifyInstance } from 'fastify';
import type { Selectable, Transaction } from 'kysely';
import { type Static, Type } from 'typebox';
import type { RulesTable, Schema } from '../db/schema.ts';
import type { Condition } from '../domain/conditions.ts';
import { normalizeGlob } from '../domain/glob.ts';
import type { RuleDedup } from '../domain/rule-dedup.ts';
import { newId } from '../ids.ts';
import { parseJson } from '../json.ts';
import type { ApiOptions } from './api-options.ts';
import { auditRecorder, deleteAudited } from './audit-recorder.ts';
import { newestFirst, PageQuery, pageRequest, toPage } from './pagination.ts';
import { quietHoursColumn, quietHoursView } from './quiet-hours-field.ts';
import {
  checkRuleDefinition,
  checkRuleReach,
  checkRuleReferences,
  type RuleInput,
  type RuleOwner,
} from './rule-checks.ts';
import { CreateRule, RuleView, UpdateRule } from './rule-schemas.ts';
import { errorResponses, IdParams, iso, NoContent, PageOf } from './schemas.ts';
import { notFound, type Scope, scopeOf } from './scope.ts';

const ListQuery = Type.Object(PageQuery);

type RuleRow = Selectable<RulesTable>;

function ruleInput(row: RuleRow, receiverIds: string[]): RuleInput {
  return {
    name: row.name,
    enabled: row.enabled === 1,
    priority: row.priority,
    sourceIds: row.source_ids === null ? null : parseJson<string[]>(row.source_ids),
    eventTypes: parseJson<string[]>(row.event_types),
    conditions: parseJson<Condition[]>(row.conditions),
    templateId: row.template_id,
    receiverIds,
    stop: row.stop === 1,
    maxAttempts: row.max_attempts,
    quietHours: quietHoursView(row.quiet_hours),
    dedup: row.dedup === null ? null : parseJson<RuleDedup>(row.dedup),
    reach: row.reach,
  };
}

function view(row: RuleRow, receiverIds: string[]) {
  return {
    id: row.id,
    ...ruleInput(row, receiverIds),
    ownerId: row.owner_id,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function columns(rule: RuleInput) {
  return {
    name: rule.name,
    enabled: rule.enabled ? 1 : 0,
    priority: rule.priority,
    source_ids: rule.sourceIds === null ? null : JSON.stringify(rule.sourceIds),
    event_types: JSON.stringify(rule.eventTypes),
    conditions: JSON.stringify(rule.conditions),
    template_id: rule.templateId,
    stop: rule.stop ? 1 : 0,
    max_attempts: rule.maxAttempts,
    quiet_hours: quietHoursColumn(rule.quietHours),
    dedup: rule.dedup === null ? null : JSON.stringify(rule.dedup),
    reach: rule.reach,
  };
}

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

  async function receiversOf(ruleIds: string[]): Promise<Map<string, string[]>> {
    const byRule = new Map<string, string[]>();
    if (ruleIds.length === 0) return byRule;
    const links = await db
      .selectFrom('rule_receivers')
      .selectAll()
      .where('rule_id', 'in', ruleIds)
      .orderBy('receiver_id')
      .execute();
    for (const link of links)
      byRule.set(link.rule_id, [...(byRule.get(link.rule_id) ?? []), link.receiver_id]);
    return byRule;
  }

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

  async function checked(scope: Scope, owner: RuleOwner, rule: RuleInput): Promise<RuleInput> {
    const unique = {
      ...rule,
      eventTypes: rule.eventTypes.map(normalizeGlob),
      receiverIds: [...new Set(rule.receiverIds)],
      // A PATCH may leave `by` out: the stored rule always names its fields (none: type and title).
      dedup: rule.dedup ? { windowSeconds: rule.dedup.windowSeconds, by: rule.dedup.by ?? [] } : null,
    };
    checkRuleReach(scope, owner, unique);
    checkRuleDefinition(unique);
    await checkRuleReferences(options, scope, owner, unique);
    return unique;
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
      return toPage(rows, page.limit, (row) => view(row, receivers.get(row.id) ?? []));
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
      const rule = await checked(scope, owner, {
        name: body.name,
        enabled: body.enabled ?? true,
        priority: body.priority ?? 0,
        sourceIds: body.sourceIds ?? null,
        eventTypes: body.eventTypes ?? [],
        conditions: body.conditions ?? [],
        templateId: body.templateId ?? null,
        receiverIds: body.receiverIds ?? [],
        stop: body.stop ?? false,
        maxAttempts: body.maxAttempts ?? null,
        quietHours: body.quietHours ?? null,
        dedup: (body.dedup ?? null) as RuleInput['dedup'],
        reach: body.reach ?? 'own',
      });
      const now = options.clock.now();
      const row: RuleRow = {
        id: newId(),
        owner_id: scope.principal.userId,
        ...columns(rule),
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
          after: view(row, rule.receiverIds),
        });
      });
      await options.router.refresh();
      return reply.status(201).send(view(row, rule.receiverIds));
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
      return view(row, receiverIds);
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
      const rule = await checked(scope, await ownerOf(current.row), {
        ...ruleInput(current.row, current.receiverIds),
        ...changes,
      });
      const row: RuleRow = { ...current.row, ...columns(rule), updated_at: options.clock.now() };
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('rules')
          .set({ ...columns(rule), updated_at: row.updated_at })
          .where('id', '=', row.id)
          .execute();
        if (request.body.receiverIds !== undefined) await writeReceivers(trx, row.id, rule.receiverIds);
        await audit(request, trx, {
          action: 'rule.update',
          resourceType: 'rule',
          resourceId: row.id,
          before: view(current.row, current.receiverIds),
          after: view(row, rule.receiverIds),
        });
      });
      await options.router.refresh();
      return view(row, rule.receiverIds);
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
      await deleteAudited(options, request, 'rules', row.id, view(row, receiverIds));
      await options.router.refresh();
      return reply.status(204).send();
    },
  );
}
