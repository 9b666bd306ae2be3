import type { Transaction } from 'kysely';
import type { Database } from '../db/open-database.ts';
import type { AttemptsTable, Schema } from '../db/schema.ts';
import { newId } from '../ids.ts';

export interface AttemptRecord {
  deliveryId: string;
  owner: string;
  attemptNo: number;
  dispatchId: string;
  startedAt: number;
  finishedAt: number;
  outcome: AttemptsTable['outcome'];
  errorKind?: string;
  error?: string;
  httpStatus?: number;
  providerMessageId?: string;
  /** What the channel reported beyond the outcome; stored as JSON. */
  detail?: unknown;
}

export type Transition =
  | { to: 'sent' }
  | { to: 'pending'; dueAt: number }
  | { to: 'dead'; disableReceiver?: { id: string; reason: string } }
  | { to: 'dropped'; reason: string }
  /**
   * Not sent now by choice (a defer silence): pending again until `dueAt`, the claim not counted as an
   * attempt and no attempt row, `reason` kept in last_error so a listing shows why it waits.
   */
  | { to: 'deferred'; dueAt: number; reason: string };

/**
 * Records one attempt and moves the delivery out of `sending`, in one transaction. The UPDATE is guarded by
 * the expected status and lease owner: if the lease ran out and another node took the delivery, this node's
 * late result changes nothing and `false` comes back.
 */
export function recordOutcome(
  database: Database,
  attempt: AttemptRecord,
  transition: Transition,
): Promise<boolean> {
  return database.db.transaction().execute((trx) => recordOutcomeIn(trx, attempt, transition));
}

/** The same, inside a transaction the caller owns (the outcome writer folds many into one). */
export async function recordOutcomeIn(
  trx: Transaction<Schema>,
  attempt: AttemptRecord,
  transition: Transition,
): Promise<boolean> {
  const now = attempt.finishedAt;
  const deferred = transition.to === 'deferred';
  const waits = transition.to === 'pending' || deferred;
  const result = await trx
    .updateTable('deliveries')
    .set((eb) => ({
      status: deferred ? 'pending' : transition.to,
      due_at: waits ? transition.dueAt : undefined,
      // The claim counted an attempt; a deferral is no attempt, so it gives it back (as releaseDeliveries).
      attempts: deferred ? eb('attempts', '-', 1) : undefined,
      lease_owner: null,
      lease_until: null,
      dispatch_id: attempt.dispatchId,
      last_error: transition.to === 'dropped' || deferred ? transition.reason : (attempt.error ?? null),
      provider_message_id: attempt.providerMessageId ?? null,
      updated_at: now,
      finished_at: waits ? null : now,
    }))
    .where('id', '=', attempt.deliveryId)
    .where('status', '=', 'sending')
    .where('lease_owner', '=', attempt.owner)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return false;
  if (transition.to === 'dropped' || deferred) return true;
  if (transition.to === 'dead' && transition.disableReceiver) {
    // In the same transaction: nobody sees the delivery dead without the receiver disabled.
    await trx
      .updateTable('receivers')
      .set({ enabled: 0, disabled_reason: transition.disableReceiver.reason, updated_at: now })
      .where('id', '=', transition.disableReceiver.id)
      .execute();
  }
  await trx
    .insertInto('attempts')
    .values({
      id: newId(),
      delivery_id: attempt.deliveryId,
      attempt_no: attempt.attemptNo,
      dispatch_id: attempt.dispatchId,
      started_at: attempt.startedAt,
      finished_at: attempt.finishedAt,
      outcome: attempt.outcome,
      error_kind: attempt.errorKind ?? null,
      error: attempt.error ?? null,
      http_status: attempt.httpStatus ?? null,
      provider_message_id: attempt.providerMessageId ?? null,
      detail: attempt.detail === undefined ? null : JSON.stringify(attempt.detail),
    })
    .execute();
  return true;
}

/**
 * Hands claimed deliveries back (shutdown before they were sent): pending again, due now, the claim not
 * counted as an attempt.
 */
export async function releaseDeliveries(
  database: Database,
  ids: string[],
  owner: string,
  now: number,
): Promise<void> {
  if (ids.length === 0) return;
  await database.db
    .updateTable('deliveries')
    .set((eb) => ({
      status: 'pending',
      lease_owner: null,
      lease_until: null,
      due_at: now,
      attempts: eb('attempts', '-', 1),
      updated_at: now,
    }))
    .where('id', 'in', ids)
    .where('status', '=', 'sending')
    .where('lease_owner', '=', owner)
    .execute();
}
