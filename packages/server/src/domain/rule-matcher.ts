/**
 * Rules compiled in memory: which rules an event matches, in priority order.
 *
 * Order: higher `priority` first; equal priorities by id (code-unit order, so every node agrees). A matched
 * rule with `stop` ends the walk: no rule after it in that order is looked at, equal priority included.
 * A rule with `stop` and no receivers is how a user says "drop these events".
 *
 * Reach: a rule with `eventOwnerId` matches only that owner's events. A source compiled in as explicit-only
 * is matched only by rules that name it: "any source" means every other source.
 *
 * Index: rules are bucketed by source (or "any source") and by the literal first segment of their type
 * globs (or "any type" when a glob starts with a wildcard or the list is empty). An event looks at four
 * buckets, so thousands of rules on other sources or other event families cost nothing.
 */
import { type Condition, checkAndCompileConditions } from './conditions.ts';
import type { MatchableEvent } from './event.ts';
import { compileGlob, globFirstSegment, validateGlob } from './glob.ts';

export interface RuleDefinition {
  id: string;
  enabled: boolean;
  priority: number;
  /** null = any source; an empty list matches no source. */
  sourceIds: string[] | null;
  /** Event-type globs (glob.ts); empty = any type. */
  eventTypes: string[];
  conditions: Condition[];
  receiverIds: string[];
  templateId: string | null;
  /** Stop evaluating lower-priority rules when this one matches. */
  stop?: boolean;
  /** Matches only events of this owner; absent: events of every owner. */
  eventOwnerId?: string;
}

export interface CompileOptions {
  /** Sources whose events only rules naming them in `sourceIds` match, never "any source" rules. */
  explicitOnlySources?: ReadonlySet<string>;
}

/** One matched rule. The ingestor makes one delivery per (rule, receiver); see uniqueReceivers. */
export interface RuleMatch {
  readonly ruleId: string;
  readonly templateId: string | null;
  readonly receiverIds: readonly string[];
}

/** A rule left out of the matcher because it cannot be compiled; the others still work. */
export interface SkippedRule {
  ruleId: string;
  error: string;
}

export interface RuleMatcher {
  match(event: MatchableEvent): RuleMatch[];
  /** How many enabled rules are compiled in. */
  readonly size: number;
  readonly skipped: readonly SkippedRule[];
}

export const ruleEventTypesMax = 100;

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** A rule that passed its checks, with its conditions compiled on the way (each pattern once). */
interface CheckedRule {
  rule: RuleDefinition;
  matchesConditions: (event: MatchableEvent) => boolean;
}

/** The rule with its compiled conditions, or why it cannot be compiled. */
function checkRule(rule: RuleDefinition): CheckedRule | string {
  if (typeof rule.id !== 'string' || rule.id === '') return 'id must be a non-empty string';
  if (typeof rule.priority !== 'number' || !Number.isFinite(rule.priority))
    return 'priority must be a finite number';
  if (rule.sourceIds !== null && !isStringList(rule.sourceIds))
    return 'sourceIds must be a list of ids or null';
  if (!isStringList(rule.eventTypes)) return 'eventTypes must be a list of globs';
  if (rule.eventTypes.length > ruleEventTypesMax)
    return `eventTypes has more than ${ruleEventTypesMax} globs`;
  for (const [index, glob] of rule.eventTypes.entries()) {
    const problem = validateGlob(glob);
    if (problem !== null) return `eventTypes[${index}]: ${problem}`;
  }
  if (!isStringList(rule.receiverIds)) return 'receiverIds must be a list of ids';
  if (rule.templateId !== null && typeof rule.templateId !== 'string')
    return 'templateId must be an id or null';
  const conditions = checkAndCompileConditions(rule.conditions);
  if (!conditions.ok) return `${conditions.problem.path}: ${conditions.problem.message}`;
  return { rule, matchesConditions: conditions.holds };
}

interface CompiledRule {
  /** Position in priority order; buckets are sorted by it and merged by it. */
  order: number;
  stop: boolean;
  eventOwnerId: string | undefined;
  matchesType: (type: string) => boolean;
  matchesConditions: (event: MatchableEvent) => boolean;
  result: RuleMatch;
}

class TypeIndex {
  readonly byFirstSegment = new Map<string, CompiledRule[]>();
  readonly anyType: CompiledRule[] = [];

  add(rule: CompiledRule, firstSegments: ReadonlySet<string> | null): void {
    if (firstSegments === null) {
      this.anyType.push(rule);
      return;
    }
    for (const segment of firstSegments) {
      const bucket = this.byFirstSegment.get(segment);
      if (bucket) bucket.push(rule);
      else this.byFirstSegment.set(segment, [rule]);
    }
  }
}

const noRules: readonly CompiledRule[] = [];

function byPriority(a: RuleDefinition, b: RuleDefinition): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function compileOne({ rule, matchesConditions }: CheckedRule, order: number): CompiledRule {
  const globs = rule.eventTypes.map(compileGlob);
  return {
    order,
    stop: rule.stop === true,
    eventOwnerId: rule.eventOwnerId,
    matchesType: globs.length === 0 ? () => true : (type) => globs.some((matches) => matches(type)),
    matchesConditions,
    result: Object.freeze({
      ruleId: rule.id,
      templateId: rule.templateId,
      receiverIds: Object.freeze([...rule.receiverIds]),
    }),
  };
}

/** Compiles the enabled rules once; a rule that fails validation is reported in `skipped`, not thrown. */
export function compileRules(rules: readonly RuleDefinition[], options: CompileOptions = {}): RuleMatcher {
  const explicitOnly = options.explicitOnlySources ?? new Set<string>();
  const skipped: SkippedRule[] = [];
  const seen = new Set<string>();
  const usable: CheckedRule[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const checked = seen.has(rule.id) ? 'another rule has the same id' : checkRule(rule);
    if (typeof checked === 'string') skipped.push({ ruleId: String(rule.id), error: checked });
    else usable.push(checked);
    seen.add(rule.id);
  }
  usable.sort((a, b) => byPriority(a.rule, b.rule));

  const bySource = new Map<string, TypeIndex>();
  const anySource = new TypeIndex();
  for (const [order, checked] of usable.entries()) {
    const { rule } = checked;
    const compiled = compileOne(checked, order);
    const firstSegments = rule.eventTypes.map(globFirstSegment);
    const typeKeys =
      firstSegments.length === 0 || firstSegments.includes(undefined)
        ? null
        : new Set(firstSegments as string[]);
    if (rule.sourceIds === null) {
      anySource.add(compiled, typeKeys);
      continue;
    }
    for (const sourceId of new Set(rule.sourceIds)) {
      const index = bySource.get(sourceId) ?? new TypeIndex();
      bySource.set(sourceId, index);
      index.add(compiled, typeKeys);
    }
  }

  function candidates(event: MatchableEvent): (readonly CompiledRule[])[] {
    const dot = event.type.indexOf('.');
    const first = dot === -1 ? event.type : event.type.slice(0, dot);
    const lists: (readonly CompiledRule[])[] = explicitOnly.has(event.sourceId)
      ? []
      : [anySource.anyType, anySource.byFirstSegment.get(first) ?? noRules];
    const source = bySource.get(event.sourceId);
    if (source) lists.push(source.anyType, source.byFirstSegment.get(first) ?? noRules);
    // A rule sits in exactly one of these lists (one source key kind, one type key kind), so no duplicates.
    return lists.filter((list) => list.length > 0);
  }

  return {
    size: usable.length,
    skipped,
    match(event) {
      const lists = candidates(event);
      const heads = lists.map(() => 0);
      const matches: RuleMatch[] = [];
      for (;;) {
        // Merge the sorted lists by priority order, so `stop` cuts at the right place.
        let pick = -1;
        for (let i = 0; i < lists.length; i++) {
          const head = lists[i]![heads[i]!];
          if (head && (pick === -1 || head.order < lists[pick]![heads[pick]!]!.order)) pick = i;
        }
        if (pick === -1) return matches;
        const rule = lists[pick]![heads[pick]!]!;
        heads[pick] = heads[pick]! + 1;
        if (rule.eventOwnerId !== undefined && rule.eventOwnerId !== event.ownerId) continue;
        if (!rule.matchesType(event.type) || !rule.matchesConditions(event)) continue;
        matches.push(rule.result);
        if (rule.stop) return matches;
      }
    },
  };
}

/** One delivery to make: this receiver, because of this rule, rendered with its template. */
export interface ReceiverMatch {
  ruleId: string;
  templateId: string | null;
  receiverId: string;
}

/**
 * Each receiver once, attributed to the first (highest-priority) rule that names it, so one event never
 * notifies one receiver twice. Order: rule order, then the rule's receiver order.
 */
export function uniqueReceivers(matches: readonly RuleMatch[]): ReceiverMatch[] {
  const seen = new Set<string>();
  const result: ReceiverMatch[] = [];
  for (const match of matches) {
    for (const receiverId of match.receiverIds) {
      if (seen.has(receiverId)) continue;
      seen.add(receiverId);
      result.push({ ruleId: match.ruleId, templateId: match.templateId, receiverId });
    }
  }
  return result;
}
