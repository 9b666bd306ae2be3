import type { Database } from '../db/open-database.ts';
import type { Clock, TimerHandle } from '../domain/clock.ts';
import type { Logger } from '../telemetry/logger.ts';

/**
 * Deletes the entries older than `cutoff`, as a prefix of ids (ids follow commit order, so this is every
 * entry up to the newest old one), and moves the horizon that tells a resuming subscriber it missed some.
 * In transactions of at most `batch` entries, so a backlog of days never holds the database long. Safe on
 * several nodes at once: the horizon only moves forward. Returns how many it deleted.
 */
export async function deleteExpiredEntries(
  database: Database,
  cutoff: number,
  batch = 10_000,
): Promise<number> {
  const newestOld = await database.db
    .selectFrom('stream_entries')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('created_at', '<', cutoff)
    .executeTakeFirst();
  const through = Number(newestOld?.id ?? 0);
  let deleted = 0;
  for (;;) {
    const oldest = await database.db
      .selectFrom('stream_entries')
      .select((eb) => eb.fn.min('id').as('id'))
      .executeTakeFirst();
    const from = Number(oldest?.id ?? 0);
    if (from === 0 || from > through) return deleted;
    const upTo = Math.min(through, from + batch - 1);
    deleted += await database.db.transaction().execute(async (trx) => {
      const result = await trx.deleteFrom('stream_entries').where('id', '<=', upTo).executeTakeFirst();
      await trx
        .updateTable('stream_horizon')
        .set({ deleted_through: upTo })
        .where('id', '=', 1)
        .where('deleted_through', '<', upTo)
        .execute();
      return Number(result.numDeletedRows);
    });
  }
}

/** Runs deleteExpiredEntries every `everyMs` on the clock (and once at start). */
export class StreamRetention {
  readonly #o: StreamRetentionOptions;
  #timer: TimerHandle | undefined;
  #stopped = false;

  constructor(options: StreamRetentionOptions) {
    this.#o = options;
  }

  start(): void {
    this.#schedule(0);
  }

  stop(): void {
    this.#stopped = true;
    this.#o.clock.clearTimeout(this.#timer);
  }

  #schedule(ms: number): void {
    this.#timer = this.#o.clock.setTimeout(() => {
      const { database, clock, logger, retentionMs } = this.#o;
      deleteExpiredEntries(database, clock.now() - retentionMs)
        .then((deleted) => {
          if (deleted > 0) logger.debug({ deleted }, 'stream entries past their retention deleted');
        })
        .catch((error: unknown) => logger.warn({ err: error }, 'deleting old stream entries failed'))
        .finally(() => {
          if (!this.#stopped) this.#schedule(this.#o.everyMs);
        });
    }, ms);
  }
}

export interface StreamRetentionOptions {
  database: Database;
  clock: Clock;
  logger: Logger;
  retentionMs: number;
  everyMs: number;
}
