import type { Insertable, Transaction } from 'kysely';
import { chunks, multiRowInsert } from '../../db/multi-row-insert.ts';
import type { Database } from '../../db/open-database.ts';
import type { DeliveriesTable, Schema } from '../../db/schema.ts';
import { newId } from '../../ids.ts';

/** One delivery to write: this receiver, because of this rule (what the router makes of an event). */
export interface DeliveryRoute {
  ruleId: string;
  receiverId: string;
  targetId: string;
  maxAttempts: number | null;
}

// SQLite binds at most 32,766 parameters per statement: 17 x 1,000 stays under it.
const deliveryRowsPerStatement = 1000;

/** The columns pendingDeliveryRow() fills: all of them. */
const deliveryColumns = [
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

/** A new outbox row: due now, no attempts yet. Ingest and replay both make them. */
export function pendingDeliveryRow(
  eventId: string,
  route: DeliveryRoute,
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

/**
 * The outbox insert: every new delivery, whoever makes it (an ingest, an event replay), is written here,
 * inside the caller's transaction so it commits with whatever caused it.
 */
export async function insertDeliveries(
  trx: Transaction<Schema>,
  dialect: Database['dialect'],
  rows: readonly Insertable<DeliveriesTable>[],
): Promise<void> {
  for (const part of chunks(rows, deliveryRowsPerStatement)) {
    await trx.executeQuery(multiRowInsert(dialect, 'deliveries', deliveryColumns, part));
  }
}
