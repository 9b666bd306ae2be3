import { type Database, lightTransaction } from '../db/open-database.ts';
import type { Logger } from '../telemetry/logger.ts';
import { type Outcome, recordOutcome, recordOutcomesIn } from './outbox/record-outcomes.ts';

interface PendingOutcome extends Outcome {
  resolve(recorded: boolean): void;
  reject(error: unknown): void;
}

/**
 * Group-commits delivery outcomes: sends that finish while a transaction is being written share the next
 * one, so a durable (fsync'd) commit serves many deliveries instead of one each.
 */
export class OutcomeWriter {
  readonly #database: Database;
  readonly #logger: Logger;
  #queue: PendingOutcome[] = [];
  #flushing = false;

  constructor(database: Database, logger: Logger) {
    this.#database = database;
    this.#logger = logger;
  }

  record(attempt: Outcome['attempt'], transition: Outcome['transition']): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ attempt, transition, resolve, reject });
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
        // A lost outcome only means the delivery is sent again after its lease: no fsync needed.
        const results = await lightTransaction(this.#database, (trx) =>
          recordOutcomesIn(trx, this.#database.dialect, batch),
        );
        for (const [i, item] of batch.entries()) item.resolve(results[i]!);
      } catch (error) {
        this.#logger.warn(
          { err: error, outcomes: batch.length },
          'grouped outcome write failed; writing one by one',
        );
        for (const item of batch) {
          await recordOutcome(this.#database, item.attempt, item.transition).then(item.resolve, item.reject);
        }
      }
    }
    this.#flushing = false;
  }
}
