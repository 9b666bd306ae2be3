import { eventFromRow } from '../db/event-rows.ts';
import type { Database } from '../db/open-database.ts';
import type { BridgeEvent } from '../domain/event.ts';
import { parseQuietHours, type QuietHours, type QuietHoursInput } from '../domain/quiet-hours.ts';
import type { RateLimit } from '../domain/rate-limit.ts';
import type { RuleDedup } from '../domain/rule-dedup.ts';
import type { Silence } from '../domain/silences.ts';
import { parseJson } from '../json.ts';
import type { TemplateBodies } from '../render/message.ts';
import { activeSilences } from './silence-store.ts';

/** Everything a send needs besides the channel itself. */
export interface DispatchContext {
  deliveryId: string;
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
    rateLimit: RateLimit | null;
  };
  target: {
    id: string;
    name: string;
    kind: string;
    ownerId: string;
    config: Record<string, unknown>;
    concurrency: number;
    enabled: boolean;
    rateLimit: RateLimit | null;
  };
  rule: { id: string; name: string; dedup: RuleDedup | null } | null;
  template: TemplateBodies | null;
  /** The receiver's silences active when the batch was loaded; the gate decides with them (domain/silences.ts). */
  silences: readonly Silence[];
  /** The rule's quiet hours, else the receiver's, with their zone settled; null for none. */
  quietHours: QuietHours | null;
}

const noSilences: readonly Silence[] = [];

/**
 * Contexts of many claimed deliveries in three queries side by side: the deliveries with their receivers,
 * targets, rules and templates; their events with their sources, each event once; the active silences of
 * their receivers. A fan-out batch is many deliveries of one event, whose body and data (a forge's
 * payload can be tens of kilobytes) would otherwise be copied out of the database once per receiver.
 * Each event's, target's and template's JSON is parsed once per batch and shared. A delivery deleted
 * meanwhile is simply absent.
 */
export async function loadDispatchContexts(
  database: Database,
  deliveries: readonly { id: string; event_id: string; receiver_id: string }[],
  now: number,
  defaultTimeZone: string,
): Promise<Map<string, DispatchContext>> {
  const contexts = new Map<string, DispatchContext>();
  if (deliveries.length === 0) return contexts;
  const ids = deliveries.map((delivery) => delivery.id);
  const eventIds = [...new Set(deliveries.map((delivery) => delivery.event_id))];
  const receiverIds = deliveries.map((delivery) => delivery.receiver_id);
  const [rows, eventRows, silences] = await Promise.all([
    deliveryQuery(database).where('d.id', 'in', ids).execute(),
    eventQuery(database).where('e.id', 'in', eventIds).execute(),
    activeSilences(database, receiverIds, now),
  ]);
  const events = new Map(eventRows.map((row) => [row.id, eventOf(row)]));
  const targetConfigs = new Map<string, Record<string, unknown>>();
  const templates = new Map<string, TemplateBodies>();
  const quietHours = new QuietHoursCache(defaultTimeZone);
  for (const row of rows) {
    const event = events.get(row.event_id);
    if (!event) continue;
    let targetConfig = targetConfigs.get(row.target_id);
    if (!targetConfig) {
      targetConfig = parseJson<Record<string, unknown>>(row.target_config);
      targetConfigs.set(row.target_id, targetConfig);
    }
    let template: TemplateBodies | null = null;
    if (row.template_id && row.template_bodies) {
      template = templates.get(row.template_id) ?? parseJson<TemplateBodies>(row.template_bodies);
      templates.set(row.template_id, template);
    }
    contexts.set(
      row.delivery_id,
      contextOf(
        row,
        event,
        targetConfig,
        template,
        silences.get(row.receiver_id) ?? noSilences,
        quietHours.of(row.rule_quiet_hours ?? row.receiver_quiet_hours, row.options, row.owner_time_zone),
      ),
    );
  }
  return contexts;
}

function deliveryQuery(database: Database) {
  return (
    database.db
      .selectFrom('deliveries as d')
      .innerJoin('receivers as r', 'r.id', 'd.receiver_id')
      .innerJoin('targets as t', 't.id', 'd.target_id')
      .leftJoin('rules as ru', 'ru.id', 'd.rule_id')
      .leftJoin('templates as tp', 'tp.id', 'ru.template_id')
      // The receiver's owner: the member who added it to a shared target, else the target's owner.
      .leftJoin('users as ow', (join) =>
        join.on((eb) => eb('ow.id', '=', eb.fn.coalesce('r.owner_id', 't.owner_id'))),
      )
      .select([
        'd.id as delivery_id',
        'd.event_id',
        'r.id as receiver_id',
        'r.name as receiver_name',
        'r.address',
        'r.options',
        'r.enabled as receiver_enabled',
        'r.quiet_hours as receiver_quiet_hours',
        'r.rate_limit as receiver_rate_limit',
        't.id as target_id',
        't.name as target_name',
        't.kind as target_kind',
        't.owner_id as target_owner_id',
        't.config as target_config',
        't.concurrency',
        't.rate_limit as target_rate_limit',
        't.enabled as target_enabled',
        'ru.id as rule_id',
        'ru.name as rule_name',
        'ru.quiet_hours as rule_quiet_hours',
        'ru.dedup as rule_dedup',
        'tp.id as template_id',
        'tp.bodies as template_bodies',
        'ow.time_zone as owner_time_zone',
      ])
  );
}

function eventQuery(database: Database) {
  return database.db
    .selectFrom('events as e')
    .innerJoin('sources as s', 's.id', 'e.source_id')
    .selectAll('e')
    .select(['s.name as source_name', 's.kind as source_kind', 's.config as source_config']);
}

type DeliveryRowOfContext = Awaited<ReturnType<ReturnType<typeof deliveryQuery>['executeTakeFirstOrThrow']>>;
type EventRow = Awaited<ReturnType<ReturnType<typeof eventQuery>['executeTakeFirstOrThrow']>>;

interface LoadedEvent {
  event: BridgeEvent;
  source: DispatchContext['source'];
  sourceConfig: string;
}

function eventOf(row: EventRow): LoadedEvent {
  return {
    event: eventFromRow(row),
    source: { id: row.source_id, name: row.source_name, kind: row.source_kind },
    sourceConfig: row.source_config,
  };
}

function contextOf(
  row: DeliveryRowOfContext,
  loaded: LoadedEvent,
  targetConfig: Record<string, unknown>,
  template: TemplateBodies | null,
  silences: readonly Silence[],
  quietHours: QuietHours | null,
): DispatchContext {
  return {
    deliveryId: row.delivery_id,
    event: loaded.event,
    source: loaded.source,
    sourceConfig: loaded.sourceConfig,
    receiver: {
      id: row.receiver_id,
      name: row.receiver_name,
      address: parseJson(row.address),
      options: parseJson(row.options),
      enabled: row.receiver_enabled === 1,
      rateLimit: row.receiver_rate_limit === null ? null : parseJson<RateLimit>(row.receiver_rate_limit),
    },
    target: {
      id: row.target_id,
      name: row.target_name,
      kind: row.target_kind,
      ownerId: row.target_owner_id,
      config: targetConfig,
      concurrency: row.concurrency,
      enabled: row.target_enabled === 1,
      rateLimit: row.target_rate_limit === null ? null : parseJson<RateLimit>(row.target_rate_limit),
    },
    rule: row.rule_id
      ? {
          id: row.rule_id,
          name: row.rule_name ?? '',
          dedup: row.rule_dedup ? parseJson<RuleDedup>(row.rule_dedup) : null,
        }
      : null,
    template,
    silences,
    quietHours,
  };
}

/**
 * Quiet hours parsed once per batch for each (definition, receiver options, owner's zone). Their zone is
 * their own, else the receiver's `options.timeZone`, else its owner's (the account's time zone), else the
 * instance's. A stored definition that no longer parses (edited by hand, or a zone the runtime dropped)
 * counts as none: broken quiet hours must not hold everything back.
 */
class QuietHoursCache {
  readonly #parsed = new Map<string, QuietHours | null>();
  readonly #defaultZone: string;

  constructor(defaultZone: string) {
    this.#defaultZone = defaultZone;
  }

  of(definition: string | null, receiverOptions: string, ownerZone: string | null): QuietHours | null {
    if (definition === null) return null;
    const key = `${definition}\u0000${receiverOptions}\u0000${ownerZone ?? ''}`;
    let quiet = this.#parsed.get(key);
    if (quiet === undefined) {
      const zone = parseJson<{ timeZone?: unknown }>(receiverOptions).timeZone;
      try {
        quiet = parseQuietHours(
          parseJson<QuietHoursInput>(definition),
          typeof zone === 'string' ? zone : (ownerZone ?? this.#defaultZone),
        );
      } catch {
        quiet = null;
      }
      this.#parsed.set(key, quiet);
    }
    return quiet;
  }
}
