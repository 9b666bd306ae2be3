import { type Condition, validateConditions } from '../domain/conditions.ts';
import { normalizeGlob, validateGlob } from '../domain/glob.ts';
import type { QuietHoursInput } from '../domain/quiet-hours.ts';
import { type RuleDedup, ruleDedupProblem } from '../domain/rule-dedup.ts';
import { BridgeError } from '../errors.ts';
import type { ApiOptions } from './api-options.ts';
import type { Scope } from './scope.ts';
import { sharedWith } from './target-shares.ts';
import { sourcesVisibleTo } from './visible-sources.ts';

/** A rule as the API takes it, after defaults. */
export interface RuleInput {
  name: string;
  enabled: boolean;
  priority: number;
  sourceIds: string[] | null;
  eventTypes: string[];
  conditions: Condition[];
  templateId: string | null;
  receiverIds: string[];
  stop: boolean;
  maxAttempts: number | null;
  quietHours: QuietHoursInput | null;
  dedup: RuleDedup | null;
  reach: 'own' | 'all';
}

function invalid(path: string, message: string): BridgeError {
  return new BridgeError('NB_ERR_VALIDATION', `${path}: ${message}`, [{ path, message }]);
}

/** Globs and conditions, with the domain's own validators (the same ones the router compiles with). */
export function checkRuleDefinition(rule: RuleInput): void {
  for (const [index, glob] of rule.eventTypes.entries()) {
    const problem = validateGlob(glob);
    if (problem !== null) throw invalid(`/eventTypes/${index}`, problem);
  }
  const problem = validateConditions(rule.conditions);
  if (problem !== null) throw invalid(problem.path, problem.message);
  const dedupProblem = rule.dedup ? ruleDedupProblem(rule.dedup) : null;
  if (dedupProblem !== null) throw invalid(dedupProblem.path, dedupProblem.message);
}

/** The user a rule belongs to: the caller for a new rule, the stored owner for a change. */
export interface RuleOwner {
  id: string;
  role: 'admin' | 'member';
}

/**
 * `reach: all` lets a rule see every user's events, so it takes what reading every user's rows takes: the
 * admin scope, on an admin's rule. Checked on the rule as it will be stored, so a narrower token can still
 * narrow a rule to `own` but cannot edit one that reaches everyone (it could point it at its own receivers).
 */
export function checkRuleReach(scope: Scope, owner: RuleOwner, rule: RuleInput): void {
  if (rule.reach !== 'all') return;
  if (owner.role !== 'admin')
    throw invalid('/reach', 'only an admin’s rule can reach everyone’s events; use "own"');
  if (scope.principal.granted !== 'admin') {
    throw new BridgeError(
      'NB_ERR_FORBIDDEN',
      'a rule with "reach": "all" sees every user’s events, so creating or changing it needs a token with the "admin" scope (or set "reach": "own")',
    );
  }
}

function firstMissing(wanted: readonly string[], found: readonly { id: string }[]): number {
  const have = new Set(found.map((row) => row.id));
  return wanted.findIndex((id) => !have.has(id));
}

/**
 * Every id a rule names must be a source, receiver or template the caller can see; the first one that is
 * not is named in the error. Receivers belong to targets: a member's are those of their targets and what
 * targets shared with them lend.
 * Sources must also be ones the rule can see events of: its owner's unless it reaches everyone's. A member
 * may name the built-in bridge source: the router gives their rule only its events about them.
 */
export async function checkRuleReferences(
  options: ApiOptions,
  scope: Scope,
  ruleOwner: RuleOwner,
  rule: RuleInput,
): Promise<void> {
  const { db } = options.database;
  const owner = scope.ownerId;
  if (rule.sourceIds !== null && rule.sourceIds.length > 0) {
    const seen: Scope = rule.reach === 'all' ? scope : { ...scope, ownerId: ruleOwner.id };
    const found = await sourcesVisibleTo(options.database, seen)
      .select('id')
      .where('id', 'in', rule.sourceIds)
      .execute();
    const index = firstMissing(rule.sourceIds, found);
    if (index !== -1) throw invalid(`/sourceIds/${index}`, `no source with id "${rule.sourceIds[index]}"`);
  }
  if (rule.receiverIds.length > 0) {
    // A member's own targets' receivers, and of targets shared with them the lent ones and their own
    // (domain/target-sharing.ts, which the router applies again).
    const found = await db
      .selectFrom('receivers')
      .innerJoin('targets', 'targets.id', 'receivers.target_id')
      .select('receivers.id as id')
      .where('receivers.id', 'in', rule.receiverIds)
      .$if(owner !== undefined, (qb) =>
        qb.where((eb) =>
          eb.or([
            eb('targets.owner_id', '=', owner!),
            eb.and([
              sharedWith(eb, owner!),
              eb.or([eb('receivers.owner_id', 'is', null), eb('receivers.owner_id', '=', owner!)]),
            ]),
          ]),
        ),
      )
      .execute();
    const index = firstMissing(rule.receiverIds, found);
    if (index !== -1)
      throw invalid(`/receiverIds/${index}`, `no receiver with id "${rule.receiverIds[index]}"`);
  }
  if (rule.templateId !== null) {
    const found = await db
      .selectFrom('templates')
      .select('id')
      .where('id', '=', rule.templateId)
      .$if(owner !== undefined, (qb) => qb.where('owner_id', '=', owner!))
      .executeTakeFirst();
    if (!found) throw invalid('/templateId', `no template with id "${rule.templateId}"`);
  }
}

/**
 * The rule as it will be stored (globs lowercased, receivers once, dedup with its fields named), after every
 * check: reach, definition and references. What creating, changing and dry-running a rule all start with.
 */
export async function checkedRule(
  options: ApiOptions,
  scope: Scope,
  owner: RuleOwner,
  rule: RuleInput,
): Promise<RuleInput> {
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
