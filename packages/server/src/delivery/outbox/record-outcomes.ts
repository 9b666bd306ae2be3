import { CompiledQuery, type Insertable, type Transaction } from 'kysely';
import { cachedStatementText, multiRowInsert, valuesList } from '../../db/multi-row-insert.ts';
import type { Database } from '../../db/open-database.ts';
import type { AttemptsTable, Schema } from '../../db/schema.ts';
import { newId } from '../../ids.ts';

export interface AttemptRecord {
  deliveryId: string;
  owner: string;
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

export interface Outcome {
  attempt: AttemptRecord;
  transition: Transition;
}

/** For each outcome recorded, the number of the attempt it recorded (0 for a hold-back); false when not ours. */
export type OutcomeResult = number | false;

// The dispatcher's hottest statement, written directly instead of built by Kysely: every outcome of a
// batch in one UPDATE, guarded per row by the expected status and lease owner, RETURNING the rows it
// changed, each with the number of its last recorded attempt (so the new one is numbered after it, across
// replays, which restart the count of `attempts` but not the delivery's history). One statement instead
// of one per delivery matters most on Postgres, where each is a round trip. `due_at` keeps its value when given null. The casts type the VALUES columns on Postgres (a
// column of nulls would be text) and are no-ops on SQLite.
const guardedColumns = [
  'cast(? as text)', // id
  'cast(? as text)', // status
  'cast(? as bigint)', // due_at
  'cast(? as integer)', // attempts given back
  'cast(? as text)', // dispatch_id
  'cast(? as text)', // last_error
  'cast(? as text)', // provider_message_id
  'cast(? as bigint)', // updated_at
  'cast(? as bigint)', // finished_at
  'cast(? as text)', // lease owner expected
].join(', ');

function guardedUpdate(dialect: Database['dialect'], rows: number): string {
  return cachedStatementText(
    dialect,
    `outcomes\u0000${rows}`,
    () => `with o(id, status, due_at, give_back, dispatch_id, last_error, provider_message_id,
  updated_at, finished_at, owner) as (values ${valuesList(guardedColumns, rows)})
update deliveries set status = o.status, due_at = coalesce(o.due_at, deliveries.due_at),
  attempts = deliveries.attempts - o.give_back, lease_owner = null, lease_until = null,
  dispatch_id = o.dispatch_id, last_error = o.last_error, provider_message_id = o.provider_message_id,
  updated_at = o.updated_at, finished_at = o.finished_at
from o where deliveries.id = o.id and deliveries.status = 'sending' and deliveries.lease_owner = o.owner
returning deliveries.id,
  (select coalesce(max(a.attempt_no), 0) from attempts a where a.delivery_id = deliveries.id) as last_no`,
  );
}

/**
 * Records attempts and moves their deliveries out of `sending`, inside a transaction the caller owns (the
 * outcome writer folds a batch into one). Each row's update is guarded by the expected status and lease
 * owner: if the lease ran out and another node took the delivery, this node's late result changes nothing
 * and its result is `false`. One guarded update for all of them, then the attempts of those that were still
 * ours in one insert. One result per outcome, in order: the number of the attempt recorded.
 */
export async function recordOutcomesIn(
  trx: Transaction<Schema>,
  dialect: Database['dialect'],
  outcomes: readonly Outcome[],
): Promise<OutcomeResult[]> {
  // A delivery twice in one batch: only its first outcome can find it still `sending` under our lease, as
  // one statement each would have shown; the UPDATE gets each delivery once.
  const firsts = new Map<string, Outcome>();
  for (const outcome of outcomes) {
    if (!firsts.has(outcome.attempt.deliveryId)) firsts.set(outcome.attempt.deliveryId, outcome);
  }
  const unique = [...firsts.values()];
  /** Delivery id -> the number of its last attempt recorded before, for those still ours. */
  const recorded = new Map<string, number>();
  for (let from = 0; from < unique.length; from += outcomesPerUpdate) {
    const part = unique.slice(from, from + outcomesPerUpdate);
    const { rows } = await trx.executeQuery<{ id: string; last_no: number | string }>(
      CompiledQuery.raw(guardedUpdate(dialect, part.length), part.flatMap(guardedValues)),
    );
    // Postgres returns a max() over integers as integer, SQLite as a number; Number() for both.
    for (const row of rows) recorded.set(row.id, Number(row.last_no));
  }
  const results: OutcomeResult[] = [];
  const attempts: Insertable<AttemptsTable>[] = [];
  for (const outcome of outcomes) {
    const { attempt, transition } = outcome;
    const ours = recorded.has(attempt.deliveryId) && firsts.get(attempt.deliveryId) === outcome;
    if (!ours) {
      results.push(false);
      continue;
    }
    if (transition.to === 'dropped' || transition.to === 'deferred') {
      results.push(0);
      continue;
    }
    const attemptNo = recorded.get(attempt.deliveryId)! + 1;
    results.push(attemptNo);
    if (transition.to === 'dead' && transition.disableReceiver) {
      // In the same transaction: nobody sees the delivery dead without the receiver disabled.
      await trx
        .updateTable('receivers')
        .set({
          enabled: 0,
          disabled_reason: transition.disableReceiver.reason,
          updated_at: attempt.finishedAt,
        })
        .where('id', '=', transition.disableReceiver.id)
        .execute();
    }
    attempts.push({
      id: newId(),
      delivery_id: attempt.deliveryId,
      attempt_no: attemptNo,
      dispatch_id: attempt.dispatchId,
      started_at: attempt.startedAt,
      finished_at: attempt.finishedAt,
      outcome: attempt.outcome,
      error_kind: attempt.errorKind ?? null,
      error: attempt.error ?? null,
      http_status: attempt.httpStatus ?? null,
      provider_message_id: attempt.providerMessageId ?? null,
      detail: attempt.detail === undefined ? null : JSON.stringify(attempt.detail),
    });
  }
  for (let from = 0; from < attempts.length; from += attemptsPerInsert) {
    await trx.executeQuery(
      multiRowInsert(dialect, 'attempts', attemptColumns, attempts.slice(from, from + attemptsPerInsert)),
    );
  }
  return results;
}

/** One outcome's values in guardedColumns order. */
function guardedValues({ attempt, transition }: Outcome): unknown[] {
  const deferred = transition.to === 'deferred';
  const waits = transition.to === 'pending' || deferred;
  const now = attempt.finishedAt;
  return [
    attempt.deliveryId,
    deferred ? 'pending' : transition.to,
    waits ? transition.dueAt : null,
    // The claim counted an attempt; a deferral is no attempt, so it gives it back (as releaseDeliveries).
    deferred ? 1 : 0,
    attempt.dispatchId,
    transition.to === 'dropped' || deferred ? transition.reason : (attempt.error ?? null),
    attempt.providerMessageId ?? null,
    now,
    waits ? null : now,
    attempt.owner,
  ];
}

// 10 values each: well under SQLite's 32,766 and Postgres's 65,535 bound parameters.
const outcomesPerUpdate = 500;

const attemptColumns = [
  'id',
  'delivery_id',
  'attempt_no',
  'dispatch_id',
  'started_at',
  'finished_at',
  'outcome',
  'error_kind',
  'error',
  'http_status',
  'provider_message_id',
  'detail',
] as const satisfies readonly (keyof AttemptsTable)[];

// 12 columns each: well under SQLite's 32,766 and Postgres's 65,535 bound parameters.
const attemptsPerInsert = 500;
