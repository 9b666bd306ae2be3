import type { Database } from '../db/open-database.ts';
import type { DeliveryRoute } from '../delivery/outbox/insert-deliveries.ts';
import type { BridgeEvent } from '../domain/event.ts';
import { compileRules, type RuleDefinition, type RuleMatcher } from '../domain/rule-matcher.ts';
import { parseJson } from '../json.ts';
import type { Logger } from '../telemetry/logger.ts';

interface ReceiverRoute {
  targetId: string;
}

/**
 * Rules compiled in memory. `refresh()` rebuilds from the database; the API calls it after every change
 * and every node also refreshes on a timer, so a rule changed on another node applies within seconds.
 */
export class Router {
  readonly #database: Database;
  readonly #logger: Logger | undefined;
  #matcher: RuleMatcher = compileRules([]);
  #receivers = new Map<string, ReceiverRoute>();
  #maxAttempts = new Map<string, number | null>();

  constructor(database: Database, logger?: Logger) {
    this.#database = database;
    this.#logger = logger;
  }

  async refresh(): Promise<void> {
    const { db } = this.#database;
    const [rules, links, receivers] = await Promise.all([
      db.selectFrom('rules').selectAll().where('enabled', '=', 1).execute(),
      db.selectFrom('rule_receivers').selectAll().execute(),
      db
        .selectFrom('receivers')
        .innerJoin('targets', 'targets.id', 'receivers.target_id')
        .select(['receivers.id as id', 'receivers.target_id as target_id'])
        .where('receivers.enabled', '=', 1)
        .where('targets.enabled', '=', 1)
        .execute(),
    ]);
    const receiverIds = new Map<string, string[]>();
    for (const link of links) {
      const list = receiverIds.get(link.rule_id) ?? [];
      list.push(link.receiver_id);
      receiverIds.set(link.rule_id, list);
    }
    const definitions: RuleDefinition[] = rules.map((rule) => ({
      id: rule.id,
      enabled: true,
      priority: rule.priority,
      sourceIds: rule.source_ids === null ? null : parseJson<string[]>(rule.source_ids),
      eventTypes: parseJson<string[]>(rule.event_types),
      conditions: parseJson(rule.conditions),
      receiverIds: receiverIds.get(rule.id) ?? [],
      templateId: rule.template_id,
      stop: rule.stop === 1,
    }));
    this.#matcher = compileRules(definitions);
    for (const { ruleId, error } of this.#matcher.skipped) {
      this.#logger?.error({ ruleId, error }, 'rule skipped: it no longer compiles; fix or delete it');
    }
    this.#receivers = new Map(receivers.map((r) => [r.id, { targetId: r.target_id }]));
    this.#maxAttempts = new Map(rules.map((r) => [r.id, r.max_attempts]));
  }

  /** The deliveries an event makes: one per enabled receiver, the highest-priority rule winning a tie. */
  route(event: BridgeEvent): DeliveryRoute[] {
    const matches = this.#matcher.match({
      sourceId: event.sourceId,
      type: event.type,
      title: event.title,
      body: event.body,
      severity: event.severity,
      tags: event.tags,
      data: event.data,
    });
    const routes: DeliveryRoute[] = [];
    const seen = new Set<string>();
    for (const match of matches) {
      for (const receiverId of match.receiverIds) {
        const receiver = this.#receivers.get(receiverId);
        if (!receiver || seen.has(receiverId)) continue;
        seen.add(receiverId);
        routes.push({
          ruleId: match.ruleId,
          receiverId,
          targetId: receiver.targetId,
          maxAttempts: this.#maxAttempts.get(match.ruleId) ?? null,
        });
      }
    }
    return routes;
  }
}
