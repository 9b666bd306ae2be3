import type { Database } from '../db/open-database.ts';
import { appendStreamEntries } from '../realtime/append-entries.ts';
import type { Logger } from '../telemetry/logger.ts';

/** How often one source's last refusal is written at most; the requests between are only counted. */
export const refusalWriteIntervalMs = 10_000;
/** Messages are the bridge's own, but a header name in one is the owner's: keep a row small regardless. */
const messageMax = 500;
/** Past this many sources seen, the throttle starts afresh: memory stays bounded under a scan. */
const throttleEntriesMax = 10_000;

export interface SourceRefusal {
  code: string;
  message: string;
}

/**
 * Whether a refusal at `now` is written, given when this source's last one was: the pure part of the
 * throttle, so one source refused a thousand times a second costs one row update per interval.
 */
export function refusalIsDue(lastWrittenAt: number | undefined, now: number): boolean {
  return lastWrittenAt === undefined || now - lastWrittenAt >= refusalWriteIntervalMs;
}

/**
 * Keeps the last request each push source refused (wrong secret, bad signature, unreadable body) on its
 * row, for its page. Only requests that reached a source count: an address with no source has nobody to
 * tell. Each write also goes on the owner's `health` stream (`source.refused`), so an open page shows it
 * at once. A failed write is logged, never answered: the sender's refusal is about its request.
 */
export class SourceRefusals {
  readonly #database: Database;
  readonly #logger: Logger;
  readonly #lastWritten = new Map<string, number>();

  constructor(database: Database, logger: Logger) {
    this.#database = database;
    this.#logger = logger;
  }

  async record(source: { id: string; ownerId: string }, refusal: SourceRefusal, now: number): Promise<void> {
    if (!refusalIsDue(this.#lastWritten.get(source.id), now)) return;
    if (this.#lastWritten.size >= throttleEntriesMax) this.#lastWritten.clear();
    this.#lastWritten.set(source.id, now);
    const kept = { code: refusal.code, message: refusal.message.slice(0, messageMax) };
    try {
      await this.#database.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('sources')
          .set({ last_refusal: JSON.stringify(kept), last_refusal_at: now })
          .where('id', '=', source.id)
          .execute();
        const entry = { stream: 'health', ownerId: source.ownerId, type: 'source.refused' } as const;
        await appendStreamEntries(
          trx,
          this.#database,
          [{ ...entry, data: { sourceId: source.id, ...kept } }],
          now,
        );
      });
    } catch (error) {
      this.#logger.warn({ err: error, sourceId: source.id }, 'could not keep a refusal');
    }
  }
}

/** A stored refusal as the API shows it. */
export function refusalView(
  stored: string | null,
  at: number | null,
): { code: string; message: string; at: string } | null {
  if (stored === null || at === null) return null;
  const { code, message } = JSON.parse(stored) as SourceRefusal;
  return { code, message, at: new Date(at).toISOString() };
}
