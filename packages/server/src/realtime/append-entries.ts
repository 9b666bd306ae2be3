import { CompiledQuery, type Transaction } from 'kysely';
import { chunks, multiRowInsert } from '../db/multi-row-insert.ts';
import type { Database } from '../db/open-database.ts';
import type { Schema } from '../db/schema.ts';
import type { NewStreamEntry } from './stream-entry.ts';

/** The Postgres channel that tells every node new entries committed (per schema: tests share a database). */
export function wakeupChannel(database: Database): string {
  return `nb_stream_${database.schema ?? 'public'}`;
}

/**
 * Stores entries inside the transaction that made them, as its last write. A subscriber reads entries by
 * increasing id and must never find a smaller id committing after a larger one it has already passed.
 * SQLite commits one writer at a time, so ids are in commit order by themselves. On Postgres an
 * advisory lock held from taking the ids to the commit gives the same order across nodes; it is taken
 * last so the transaction waits for nothing else while holding it, and the NOTIFY reaches the other nodes
 * only once the transaction has committed.
 */
export async function appendStreamEntries(
  trx: Transaction<Schema>,
  database: Database,
  entries: readonly NewStreamEntry[],
  now: number,
): Promise<void> {
  if (entries.length === 0) return;
  if (database.dialect === 'postgres') {
    // One round trip for both: a NOTIFY goes out at commit wherever in the transaction it was made.
    await trx.executeQuery(
      CompiledQuery.raw(`select pg_advisory_xact_lock(hashtext($1)), pg_notify($2, '')`, [
        lockName(database),
        wakeupChannel(database),
      ]),
    );
  }
  const rows = entries.map((entry) => ({
    stream: entry.stream,
    owner_id: entry.ownerId,
    topic_id: entry.topicId ?? null,
    type: entry.type,
    data: JSON.stringify(entry.data ?? null),
    created_at: now,
    dedup_key: entry.dedupKey ?? null,
  }));
  for (const part of chunks(rows, entriesPerInsert)) {
    await trx.executeQuery(multiRowInsert(database.dialect, 'stream_entries', entryColumns, part));
  }
}

function lockName(database: Database): string {
  return `notify-bridge stream ${database.schema ?? 'public'}`;
}

const entryColumns = ['stream', 'owner_id', 'topic_id', 'type', 'data', 'created_at', 'dedup_key'] as const;

// 7 values each: well under SQLite's 32,766 and Postgres's 65,535 bound parameters.
const entriesPerInsert = 1000;
