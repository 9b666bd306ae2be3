import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { eventFromRow } from '../db/event-rows.ts';
import { BridgeError } from '../errors.ts';
import { ruleEventOwner } from '../ingest/router.ts';
import type { ApiOptions } from './api-options.ts';
import { type BulkRequestBody, BulkResult, bulkSchema, runBulk } from './bulk.ts';
import { EventView, eventView } from './events.ts';
import { checkedRule, checkRuleReach, type RuleOwner } from './rule-checks.ts';
import { ruleFromBody, ruleInput, ruleReceivers, ruleView } from './rule-rows.ts';
import { UpdateRule } from './rule-schemas.ts';
import { errorResponses } from './schemas.ts';
import { notFound, scopeOf } from './scope.ts';

const dryRunLimitMax = 500;
const DryRun = Type.Object(
  {
    rule: UpdateRule,
    ruleId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description:
          "The saved rule the form edits: the body is tried as its owner's rule (their events, their sources), as saving it would be checked. Left out: a new rule of the caller's.",
      }),
    ),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: dryRunLimitMax,
        default: 100,
        description: 'How many of the newest events to try the rule on.',
      }),
    ),
  },
  { additionalProperties: false },
);
const DryRunResult = Type.Object({
  examined: Type.Integer({ description: 'How many events the rule was tried on.' }),
  matched: Type.Array(EventView, { description: 'The events it would have matched, newest first.' }),
});

/** /rules/bulk and /rules/dry-run: many rules at once, and a rule tried on stored events before it is saved. */
export async function ruleActionRoutes(app: FastifyInstance, options: ApiOptions): Promise<void> {
  const { db } = options.database;
  const tags = ['rules'];

  /** The owner of a rule the caller can see, with their role (a reach-all rule counts only for an admin's). */
  async function storedOwner(ownerId: string | undefined, ruleId: string): Promise<RuleOwner> {
    const row = await db
      .selectFrom('rules')
      .innerJoin('users', 'users.id', 'rules.owner_id')
      .select(['rules.owner_id as id', 'users.role as role'])
      .where('rules.id', '=', ruleId)
      .$if(ownerId !== undefined, (qb) => qb.where('rules.owner_id', '=', ownerId!))
      .executeTakeFirst();
    if (!row) throw notFound('rule', ruleId);
    return row;
  }

  app.post<{ Body: BulkRequestBody }>(
    '/rules/bulk',
    {
      config: { scope: 'write' },
      schema: {
        tags,
        ...bulkSchema(
          'Enable, disable or delete several rules at once',
          'Switching a rule that reaches everyone’s events on or off takes the admin scope, as changing it does; without it that rule answers forbidden.',
        ),
        response: { 200: BulkResult, ...errorResponses() },
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      const receivers = await ruleReceivers(db, request.body.ids);
      return runBulk(options, request, request.body, {
        table: 'rules',
        resourceType: 'rule',
        load: (ids) =>
          db
            .selectFrom('rules')
            .innerJoin('users', 'users.id', 'rules.owner_id')
            .selectAll('rules')
            .select('users.role as owner_role')
            .where('rules.id', 'in', ids)
            .$if(scope.ownerId !== undefined, (qb) => qb.where('rules.owner_id', '=', scope.ownerId!))
            .execute(),
        view: ({ owner_role: _role, ...row }) => ruleView(row, receivers.get(row.id) ?? []),
        refuse: ({ owner_role, ...row }, action) => {
          if (action === 'delete') return undefined;
          try {
            checkRuleReach(scope, { id: row.owner_id, role: owner_role }, ruleInput(row, []));
            return undefined;
          } catch (error) {
            if (error instanceof BridgeError) return error.message;
            throw error;
          }
        },
        afterCommit: () => options.router.refresh(),
      });
    },
  );

  app.post<{ Body: Static<typeof DryRun> }>(
    '/rules/dry-run',
    {
      // It changes nothing, but it is a POST, and every POST takes the write scope.
      config: { scope: 'write' },
      schema: {
        tags,
        summary: 'Try a rule, unsaved, on the newest stored events',
        description:
          "Which of the caller's newest `limit` events (everyone's, for an admin's rule that reaches all) the rule would have matched, by the matcher ingest uses. Only this rule is tried: other rules' `stop` does not apply, and `enabled` is ignored. Nothing is stored or sent.",
        body: DryRun,
        response: { 200: DryRunResult, ...errorResponses(404) },
      },
    },
    async (request) => {
      const scope = scopeOf(request);
      const owner = request.body.ruleId
        ? await storedOwner(scope.ownerId, request.body.ruleId)
        : { id: scope.principal.userId, role: scope.principal.role };
      const rule = await checkedRule(options, scope, owner, ruleFromBody(request.body.rule, 'dry run'));
      const limit = request.body.limit ?? 100;
      const sees = ruleEventOwner(rule.reach, owner);
      const rows = await db
        .selectFrom('events')
        .selectAll()
        .$if(sees.eventOwnerId !== undefined, (qb) => qb.where('owner_id', '=', owner.id))
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      const matched = options.router.matching(
        {
          id: 'dry-run',
          ...rule,
          ...sees,
        },
        rows.map(eventFromRow),
      );
      // The checks above use the compiler's own validators, so this is a bug, not the caller's fault.
      if (!Array.isArray(matched)) throw new BridgeError('NB_ERR_INTERNAL', matched.error);
      const ids = new Set(matched.map((event) => event.id));
      return { examined: rows.length, matched: rows.filter((row) => ids.has(row.id)).map(eventView) };
    },
  );
}
