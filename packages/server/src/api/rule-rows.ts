import type { Kysely, Selectable } from 'kysely';
import type { Static } from 'typebox';
import type { RulesTable, Schema } from '../db/schema.ts';
import type { Condition } from '../domain/conditions.ts';
import type { RuleDedup } from '../domain/rule-dedup.ts';
import { parseJson } from '../json.ts';
import { quietHoursColumn, quietHoursView } from './quiet-hours-field.ts';
import type { RuleInput } from './rule-checks.ts';
import type { UpdateRule } from './rule-schemas.ts';
import { iso } from './schemas.ts';

/** A rule row and the API's view of it, both ways: what the rule routes share. */
export type RuleRow = Selectable<RulesTable>;

export function ruleInput(row: RuleRow, receiverIds: string[]): RuleInput {
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

export function ruleView(row: RuleRow, receiverIds: string[]) {
  return {
    id: row.id,
    ...ruleInput(row, receiverIds),
    ownerId: row.owner_id,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function ruleColumns(rule: RuleInput) {
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

/** A rule body with the defaults a new rule gets; `name` falls back for a rule not yet named (a dry run). */
export function ruleFromBody(body: Static<typeof UpdateRule>, name = ''): RuleInput {
  return {
    name: body.name ?? name,
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
  };
}

/** The receivers of each of these rules, each list in id order. */
export async function ruleReceivers(db: Kysely<Schema>, ruleIds: string[]): Promise<Map<string, string[]>> {
  const byRule = new Map<string, string[]>();
  if (ruleIds.length === 0) return byRule;
  const links = await db
    .selectFrom('rule_receivers')
    .selectAll()
    .where('rule_id', 'in', ruleIds)
    .orderBy('receiver_id')
    .execute();
  for (const link of links) byRule.set(link.rule_id, [...(byRule.get(link.rule_id) ?? []), link.receiver_id]);
  return byRule;
}
