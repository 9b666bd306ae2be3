import type { Insertable, Selectable } from 'kysely';
import type { DeliveriesTable, EventsTable } from '../db/schema.ts';
import type { BridgeEvent, Severity } from '../domain/event.ts';
import { newId } from '../ids.ts';
import { parseJson } from '../json.ts';
import type { Route } from './router.ts';

// SQLite binds at most 32,766 parameters per statement: 13 x 2,000 and 17 x 1,000 stay under it.
export const eventRowsPerStatement = 2000;
export const deliveryRowsPerStatement = 1000;

/** The columns eventRow() fills, in the order a multi-row insert binds them. */
export const eventColumns = [
  'id',
  'source_id',
  'type',
  'title',
  'body',
  'severity',
  'url',
  'tags',
  'data',
  'attachments',
  'dedup_key',
  'occurred_at',
  'received_at',
] as const satisfies readonly (keyof EventsTable)[];

/** The columns pendingDeliveryRow() fills: all of them. */
export const deliveryColumns = [
  'id',
  'event_id',
  'rule_id',
  'receiver_id',
  'target_id',
  'status',
  'due_at',
  'lease_until',
  'lease_owner',
  'attempts',
  'max_attempts',
  'dispatch_id',
  'last_error',
  'provider_message_id',
  'created_at',
  'updated_at',
  'finished_at',
] as const satisfies readonly (keyof DeliveriesTable)[];

export function eventRow(event: BridgeEvent): Insertable<EventsTable> {
  return {
    id: event.id,
    source_id: event.sourceId,
    type: event.type,
    title: event.title,
    body: event.body,
    severity: event.severity,
    url: event.url,
    tags: JSON.stringify(event.tags),
    data: JSON.stringify(event.data),
    attachments: JSON.stringify(event.attachments),
    dedup_key: event.dedupKey,
    occurred_at: event.occurredAt,
    received_at: event.receivedAt,
  };
}

export function eventFromRow(row: Selectable<EventsTable>): BridgeEvent {
  return {
    id: row.id,
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

/** A new outbox row: due now, no attempts yet. Ingest and replay both make them. */
export function pendingDeliveryRow(
  eventId: string,
  route: Route,
  now: number,
  defaultMaxAttempts: number,
): Insertable<DeliveriesTable> {
  return {
    id: newId(),
    event_id: eventId,
    rule_id: route.ruleId,
    receiver_id: route.receiverId,
    target_id: route.targetId,
    status: 'pending',
    due_at: now,
    lease_until: null,
    lease_owner: null,
    attempts: 0,
    max_attempts: route.maxAttempts ?? defaultMaxAttempts,
    dispatch_id: null,
    last_error: null,
    provider_message_id: null,
    created_at: now,
    updated_at: now,
    finished_at: null,
  };
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
