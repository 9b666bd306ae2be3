import type { Database } from '../db/open-database.ts';
import type { BridgeEvent, Severity } from '../domain/event.ts';
import type { Silence } from '../domain/silences.ts';
import { parseJson } from '../json.ts';
import type { TemplateBodies } from '../render/message.ts';
import { activeSilences } from './silence-store.ts';

/** Everything a send needs besides the channel itself, read in one query. */
export interface DispatchContext {
  event: BridgeEvent;
  source: { id: string; name: string; kind: string };
  /** The source's config as stored (secrets sealed); kept apart from `source`, which templates see. */
  sourceConfig: string;
  receiver: {
    id: string;
    name: string;
    address: unknown;
    options: Record<string, unknown>;
    enabled: boolean;
  };
  target: {
    id: string;
    name: string;
    kind: string;
    config: Record<string, unknown>;
    concurrency: number;
    enabled: boolean;
  };
  rule: { id: string; name: string } | null;
  template: TemplateBodies | null;
  /** The receiver's silences active when the batch was loaded; the gate decides with them (domain/silences.ts). */
  silences: readonly Silence[];
}

const noSilences: readonly Silence[] = [];

/**
 * Contexts of many claimed deliveries: one query for the rows and one for the active silences of their
 * receivers, side by side. A delivery deleted meanwhile is simply absent.
 */
export async function loadDispatchContexts(
  database: Database,
  deliveries: readonly { id: string; receiver_id: string }[],
  now: number,
): Promise<Map<string, DispatchContext>> {
  const contexts = new Map<string, DispatchContext>();
  if (deliveries.length === 0) return contexts;
  const ids = deliveries.map((delivery) => delivery.id);
  const receiverIds = deliveries.map((delivery) => delivery.receiver_id);
  const [rows, silences] = await Promise.all([
    contextQuery(database).where('d.id', 'in', ids).execute(),
    activeSilences(database, receiverIds, now),
  ]);
  // A fan-out batch is many rows of one event and target: their JSON is parsed once and shared.
  const events = new Map<string, BridgeEvent>();
  const targetConfigs = new Map<string, Record<string, unknown>>();
  for (const row of rows) {
    let event = events.get(row.event_id);
    if (!event) {
      event = eventOf(row);
      events.set(row.event_id, event);
    }
    let targetConfig = targetConfigs.get(row.target_id);
    if (!targetConfig) {
      targetConfig = parseJson<Record<string, unknown>>(row.target_config);
      targetConfigs.set(row.target_id, targetConfig);
    }
    contexts.set(
      row.delivery_id,
      contextOf(row, event, targetConfig, silences.get(row.receiver_id) ?? noSilences),
    );
  }
  return contexts;
}

function contextQuery(database: Database) {
  return database.db
    .selectFrom('deliveries as d')
    .innerJoin('events as e', 'e.id', 'd.event_id')
    .innerJoin('sources as s', 's.id', 'e.source_id')
    .innerJoin('receivers as r', 'r.id', 'd.receiver_id')
    .innerJoin('targets as t', 't.id', 'd.target_id')
    .leftJoin('rules as ru', 'ru.id', 'd.rule_id')
    .leftJoin('templates as tp', 'tp.id', 'ru.template_id')
    .select([
      'e.id as event_id',
      'e.source_id',
      'e.type',
      'e.title',
      'e.body',
      'e.severity',
      'e.url',
      'e.tags',
      'e.data',
      'e.attachments',
      'e.dedup_key',
      'e.occurred_at',
      'e.received_at',
      's.name as source_name',
      's.kind as source_kind',
      's.config as source_config',
      'r.id as receiver_id',
      'r.name as receiver_name',
      'r.address',
      'r.options',
      'r.enabled as receiver_enabled',
      't.id as target_id',
      't.name as target_name',
      't.kind as target_kind',
      't.config as target_config',
      't.concurrency',
      't.enabled as target_enabled',
      'd.id as delivery_id',
      'ru.id as rule_id',
      'ru.name as rule_name',
      'tp.bodies as template_bodies',
    ]);
}

type ContextRow = Awaited<ReturnType<ReturnType<typeof contextQuery>['executeTakeFirstOrThrow']>>;

function eventOf(row: ContextRow): BridgeEvent {
  return {
    id: row.event_id,
    sourceId: row.source_id,
    type: row.type,
    title: row.title,
    body: row.body,
    severity: row.severity as Severity,
    url: row.url,
    tags: parseJson(row.tags),
    data: parseJson(row.data),
    attachments: parseJson(row.attachments),
    dedupKey: row.dedup_key,
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
  };
}

function contextOf(
  row: ContextRow,
  event: BridgeEvent,
  targetConfig: Record<string, unknown>,
  silences: readonly Silence[],
): DispatchContext {
  return {
    event,
    source: { id: row.source_id, name: row.source_name, kind: row.source_kind },
    sourceConfig: row.source_config,
    receiver: {
      id: row.receiver_id,
      name: row.receiver_name,
      address: parseJson(row.address),
      options: parseJson(row.options),
      enabled: row.receiver_enabled === 1,
    },
    target: {
      id: row.target_id,
      name: row.target_name,
      kind: row.target_kind,
      config: targetConfig,
      concurrency: row.concurrency,
      enabled: row.target_enabled === 1,
    },
    rule: row.rule_id ? { id: row.rule_id, name: row.rule_name ?? '' } : null,
    template: row.template_bodies ? parseJson<TemplateBodies>(row.template_bodies) : null,
    silences,
  };
}
