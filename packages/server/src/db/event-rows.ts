import type { Insertable, Selectable } from 'kysely';
import type { BridgeEvent, Severity } from '../domain/event.ts';
import { parseJson } from '../json.ts';
import type { EventsTable } from './schema.ts';

// SQLite binds at most 32,766 parameters per statement: 15 x 2,000 stays under it.
export const eventRowsPerStatement = 2000;

/** The columns eventRow() fills, in the order a multi-row insert binds them. */
export const eventColumns = [
  'id',
  'source_id',
  'owner_id',
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
  'warnings',
] as const satisfies readonly (keyof EventsTable)[];

export function eventRow(event: BridgeEvent): Insertable<EventsTable> {
  return {
    id: event.id,
    source_id: event.sourceId,
    owner_id: event.ownerId,
    type: withoutNul(event.type),
    title: withoutNul(event.title),
    body: withoutNul(event.body),
    severity: event.severity,
    url: event.url === null ? null : withoutNul(event.url),
    tags: JSON.stringify(event.tags),
    data: JSON.stringify(event.data),
    attachments: JSON.stringify(event.attachments),
    dedup_key: withoutNul(event.dedupKey),
    occurred_at: event.occurredAt,
    received_at: event.receivedAt,
    warnings: event.warnings.length > 0 ? JSON.stringify(event.warnings) : null,
  };
}

/**
 * Postgres text cannot hold U+0000 (SQLite can), and a sender may put one in a title or a text body: it
 * is stored as U+FFFD, the same on both, instead of failing the insert. JSON columns are safe, since
 * JSON.stringify escapes it.
 */
function withoutNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

export function eventFromRow(row: Selectable<EventsTable>): BridgeEvent {
  return {
    id: row.id,
    sourceId: row.source_id,
    ownerId: row.owner_id,
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
    warnings: row.warnings === null ? [] : parseJson(row.warnings),
  };
}
