import type { Transaction } from 'kysely';
import { type Database, lightTransaction } from '../db/open-database.ts';
import type { Schema } from '../db/schema.ts';
import type { Clock } from '../domain/clock.ts';
import type { DeadDelivery } from '../domain/dead-delivery.ts';
import { appendStreamEntries } from '../realtime/append-entries.ts';
import type { NewStreamEntry } from '../realtime/stream-entry.ts';
import type { Logger } from '../telemetry/logger.ts';
import { type DeliveryAbout, deliveryStateEntry, receiverDisabledEntry } from './delivery-entries.ts';
import { type Outcome, type OutcomeResult, recordOutcomesIn } from './outbox/record-outcomes.ts';

export interface RecordedOutcome extends Outcome {
  /** Set when the transition is to `dead`: what the bridge's `delivery.dead` event is made of. */
  dead?: DeadDelivery;
  /** Whose deliveries stream shows the new state. */
  about: DeliveryAbout;
}

export interface OutcomeWriterOptions {
  database: Database;
  clock: Clock;
  logger: Logger;
  onDead?: OnDead;
  /** After a commit that stored stream entries. */
  onStreamEntries?: () => void;
}

/**
 * What a delivery's death makes (the bridge's events and their deliveries), written inside the outcome's
 * own transaction; the function it returns runs once that committed.
 */
export type OnDead = (
  trx: Transaction<Schema>,
  dead: readonly DeadDelivery[],
) => Promise<(() => void) | undefined>;

interface PendingOutcome extends RecordedOutcome {
  resolve(recorded: boolean): void;
  reject(error: unknown): void;
}

/**
 * Group-commits delivery outcomes: sends that finish while a transaction is being written share the next
 * one, so a durable (fsync'd) commit serves many deliveries instead of one each. A dead delivery commits
 * with what its death makes, or not at all: a crash can never leave it dead without its `delivery.dead`.
 */
export class OutcomeWriter {
  readonly #o: OutcomeWriterOptions;
  #queue: PendingOutcome[] = [];
  #flushing = false;

  constructor(options: OutcomeWriterOptions) {
    this.#o = options;
  }

  record(outcome: RecordedOutcome): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ ...outcome, resolve, reject });
      if (!this.#flushing) {
        this.#flushing = true;
        setTimeout(() => void this.#flush(), 2);
      }
    });
  }

  async #flush(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, 500);
      try {
        await this.#write(batch);
      } catch (error) {
        this.#o.logger.warn(
          { err: error, outcomes: batch.length },
          'grouped outcome write failed; writing one by one',
        );
        for (const item of batch) await this.#write([item]).catch(item.reject);
      }
    }
    this.#flushing = false;
  }

  async #write(batch: readonly PendingOutcome[]): Promise<void> {
    let afterCommit: (() => void) | undefined;
    // A lost outcome only means the delivery is sent again after its lease: no fsync needed. A lost dead
    // outcome takes its bridge event with it, and the delivery dies again later.
    const { database, onDead } = this.#o;
    const results = await lightTransaction(database, async (trx) => {
      const recorded = await recordOutcomesIn(trx, database.dialect, batch);
      const dead = batch.flatMap((item, i) => (recorded[i] !== false && item.dead ? [item.dead] : []));
      if (dead.length > 0 && onDead) afterCommit = await onDead(trx, dead);
      // Last: appending takes the stream's lock, held until the commit (append-entries.ts).
      await appendStreamEntries(trx, database, streamEntriesOf(batch, recorded), this.#o.clock.now());
      return recorded;
    });
    for (const [i, item] of batch.entries()) item.resolve(results[i] !== false);
    afterCommit?.();
    this.#o.onStreamEntries?.();
  }
}

/** What each recorded outcome shows on its owner's streams. */
function streamEntriesOf(
  batch: readonly RecordedOutcome[],
  recorded: readonly OutcomeResult[],
): NewStreamEntry[] {
  const entries: NewStreamEntry[] = [];
  for (const [i, { attempt, transition, about }] of batch.entries()) {
    const attemptNo = recorded[i]!;
    if (attemptNo === false) continue;
    const attempted = attemptNo > 0 ? { attempt: attemptNo } : {};
    const failure = {
      ...(attempt.error === undefined ? {} : { error: attempt.error }),
      ...(attempt.httpStatus === undefined ? {} : { httpStatus: attempt.httpStatus }),
    };
    const state = { deliveryId: attempt.deliveryId, ...attempted };
    switch (transition.to) {
      case 'sent':
        entries.push(deliveryStateEntry(about, { ...state, status: 'sent', ...failure }));
        break;
      case 'pending':
        entries.push(
          deliveryStateEntry(about, { ...state, status: 'pending', dueAt: transition.dueAt, ...failure }),
        );
        break;
      case 'deferred':
        entries.push(
          deliveryStateEntry(about, {
            ...state,
            status: 'pending',
            dueAt: transition.dueAt,
            reason: transition.reason,
          }),
        );
        break;
      case 'dropped':
        entries.push(deliveryStateEntry(about, { ...state, status: 'dropped', reason: transition.reason }));
        break;
      case 'dead':
        entries.push(deliveryStateEntry(about, { ...state, status: 'dead', ...failure }));
        if (transition.disableReceiver)
          entries.push(receiverDisabledEntry(about, transition.disableReceiver.reason));
        break;
    }
  }
  return entries;
}
