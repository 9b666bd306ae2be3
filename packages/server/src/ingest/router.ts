import type { Database } from '../db/open-database.ts';
import type { DeliveryRoute } from '../delivery/outbox/insert-deliveries.ts';
import type { BridgeEvent, MatchableEvent } from '../domain/event.ts';
import { compileRules, type RuleDefinition, type RuleMatcher } from '../domain/rule-matcher.ts';
import { mayRouteTo, shareKey } from '../domain/target-sharing.ts';
import { parseJson } from '../json.ts';
import type { SourceKind } from '../sources/source.ts';
import type { Logger } from '../telemetry/logger.ts';

interface ReceiverRoute {
  targetId: string;
}

/**
 * Whose events a rule sees: everyone's when it reaches all and its owner is (still) an admin, else its
 * owner's. The reach was granted with the admin scope, so a demoted owner loses it without a rewrite.
 */
export function ruleEventOwner(
  reach: 'own' | 'all',
  owner: { id: string; role: string },
): Pick<RuleDefinition, 'eventOwnerId'> {
  return reach === 'all' && owner.role === 'admin' ? {} : { eventOwnerId: owner.id };
}

function matchable(event: BridgeEvent): MatchableEvent {
  return {
    sourceId: event.sourceId,
    ownerId: event.ownerId,
    type: event.type,
    title: event.title,
    body: event.body,
    severity: event.severity,
    tags: event.tags,
    data: event.data,
  };
}

/**
 * Rules compiled in memory. `refresh()` rebuilds from the database; the API calls it after every change
 * and every node also refreshes on a timer, so a rule changed on another node applies within seconds.
 *
 * A rule sees its owner's events (events of their sources, and the bridge's events about their things), or
 * everyone's when it says `reach: all` and its owner is still an admin: the reach was granted with the admin
 * scope, and a demoted owner loses it without the rule being rewritten. Sources of an explicit-only kind (the
 * bridge) reach only rules that name them.
 */
export class Router {
  readonly #database: Database;
  readonly #explicitOnlyKinds: string[];
  readonly #logger: Logger | undefined;
  #matcher: RuleMatcher = compileRules([]);
  #receivers = new Map<string, ReceiverRoute>();
  #maxAttempts = new Map<string, number | null>();
  #explicitOnlySources: ReadonlySet<string> = new Set();

  constructor(database: Database, sourceKinds: readonly SourceKind[], logger?: Logger) {
    this.#database = database;
    this.#explicitOnlyKinds = sourceKinds.filter((kind) => kind.explicitOnly).map((kind) => kind.kind);
    this.#logger = logger;
  }

  async refresh(): Promise<void> {
    const { db } = this.#database;
    const [rules, links, receivers, shares, explicitOnlySources] = await Promise.all([
      db
        .selectFrom('rules')
        .innerJoin('users', 'users.id', 'rules.owner_id')
        .selectAll('rules')
        .select('users.role as owner_role')
        .where('rules.enabled', '=', 1)
        .execute(),
      db.selectFrom('rule_receivers').selectAll().execute(),
      db
        .selectFrom('receivers')
        .innerJoin('targets', 'targets.id', 'receivers.target_id')
        .select([
          'receivers.id as id',
          'receivers.target_id as target_id',
          'receivers.owner_id as added_by',
          'targets.owner_id as target_owner_id',
        ])
        .where('receivers.enabled', '=', 1)
        .where('targets.enabled', '=', 1)
        .execute(),
      db.selectFrom('target_shares').select(['target_id', 'user_id']).execute(),
      this.#explicitOnlyKinds.length === 0
        ? []
        : db.selectFrom('sources').select('id').where('kind', 'in', this.#explicitOnlyKinds).execute(),
    ]);
    const receiverHolders = new Map(
      receivers.map((r) => [
        r.id,
        { targetId: r.target_id, targetOwnerId: r.target_owner_id, addedBy: r.added_by },
      ]),
    );
    const shared = new Set(shares.map((share) => shareKey(share.target_id, share.user_id)));
    const owners = new Map(rules.map((rule) => [rule.id, { id: rule.owner_id, role: rule.owner_role }]));
    const receiverIds = new Map<string, string[]>();
    for (const link of links) {
      const holders = receiverHolders.get(link.receiver_id);
      const owner = owners.get(link.rule_id);
      // A share that ended, or a target that changed hands, takes the receiver out of the rule here.
      if (!holders || !owner || !mayRouteTo(owner, holders, shared)) continue;
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
      ...ruleEventOwner(rule.reach, { id: rule.owner_id, role: rule.owner_role }),
    }));
    this.#explicitOnlySources = new Set(explicitOnlySources.map((source) => source.id));
    this.#matcher = compileRules(definitions, { explicitOnlySources: this.#explicitOnlySources });
    for (const { ruleId, error } of this.#matcher.skipped) {
      this.#logger?.error({ ruleId, error }, 'rule skipped: it no longer compiles; fix or delete it');
    }
    this.#receivers = new Map(receivers.map((r) => [r.id, { targetId: r.target_id }]));
    this.#maxAttempts = new Map(rules.map((r) => [r.id, r.max_attempts]));
  }

  /** The deliveries an event makes: one per enabled receiver, the highest-priority rule winning a tie. */
  route(event: BridgeEvent): DeliveryRoute[] {
    const matches = this.#matcher.match(matchable(event));
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

  /**
   * Which of `events` one rule, saved or not, matches on its own (enabled, whatever it says), compiled and
   * matched by the code `route()` uses; a rule that does not compile gives the compiler's reason instead.
   * Other rules' `stop` is not applied: the question is what this rule's selectors and conditions take.
   */
  matching(rule: RuleDefinition, events: readonly BridgeEvent[]): BridgeEvent[] | { error: string } {
    const matcher = compileRules([{ ...rule, enabled: true }], {
      explicitOnlySources: this.#explicitOnlySources,
    });
    const skipped = matcher.skipped[0];
    if (skipped) return { error: skipped.error };
    return events.filter((event) => matcher.match(matchable(event)).length > 0);
  }
}
