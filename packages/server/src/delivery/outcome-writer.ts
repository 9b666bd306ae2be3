import type { Transaction } from 'kysely';
import { type Database, lightTransaction } from '../db/open-database.ts';
import type { Schema } from '../db/schema.ts';
import type { DeadDelivery } from '../domain/dead-delivery.ts';
import type { Logger } from '../telemetry/logger.ts';
import { type Outcome, recordOutcomesIn } from './outbox/record-outcomes.ts';

export interface RecordedOutcome extends Outcome {
  /** Set when the transition is to `dead`: what the bridge's `delivery.dead` event is made of. */
  dead?: DeadDelivery;
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
  readonly #database: Database;
  readonly #logger: Logger;
  readonly #onDead: OnDead | undefined;
  #queue: PendingOutcome[] = [];
  #flushing = false;

  constructor(database: Database, logger: Logger, onDead?: OnDead) {
    this.#database = database;
    this.#logger = logger;
    this.#onDead = onDead;
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
        this.#logger.warn(
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
    const results = await lightTransaction(this.#database, async (trx) => {
      const recorded = await recordOutcomesIn(trx, this.#database.dialect, batch);
      const dead = batch.flatMap((item, i) => (recorded[i] && item.dead ? [item.dead] : []));
      if (dead.length > 0 && this.#onDead) afterCommit = await this.#onDead(trx, dead);
      return recorded;
    });
    for (const [i, item] of batch.entries()) item.resolve(results[i]!);
    afterCommit?.();
  }
}
