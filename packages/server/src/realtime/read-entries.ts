import type { Selectable } from 'kysely';
import type { Database } from '../db/open-database.ts';
import type { StreamEntriesTable } from '../db/schema.ts';
import type { StreamEntry, StreamName } from './stream-entry.ts';
import type { StreamFilter } from './stream-filter.ts';

export interface EntryRange {
  /** Entries with a larger id than this... */
  after: number;
  /** ...up to and including this one, when given. */
  through?: number;
  /** Only those this subscriber gets; all when absent. */
  filter?: StreamFilter;
  limit: number;
}

/** Stored entries in id order. */
export async function readEntries(database: Database, range: EntryRange): Promise<StreamEntry[]> {
  const { filter } = range;
  const rows = await database.db
    .selectFrom('stream_entries')
    .selectAll()
    .where('id', '>', range.after)
    .$if(range.through !== undefined, (qb) => qb.where('id', '<=', range.through!))
    .$if(filter !== undefined && 'topicId' in filter, (qb) =>
      qb.where('stream', '=', 'topic').where('topic_id', '=', (filter as { topicId: string }).topicId),
    )
    .$if(filter !== undefined && 'streams' in filter, (qb) => {
      const owner = filter as Extract<StreamFilter, { streams: unknown }>;
      return qb
        .where('stream', 'in', owner.streams as string[])
        .$if(owner.ownerId !== undefined, (inner) => inner.where('owner_id', '=', owner.ownerId!));
    })
    .orderBy('id')
    .limit(range.limit)
    .execute();
  return rows.map(entryFromRow);
}

/** The largest id stored (0 for none): where a node starts fanning out. */
export async function newestEntryId(database: Database): Promise<number> {
  const row = await database.db
    .selectFrom('stream_entries')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** Every entry up to this id has been deleted by retention. */
export async function deletedThrough(database: Database): Promise<number> {
  const row = await database.db
    .selectFrom('stream_horizon')
    .select('deleted_through')
    .where('id', '=', 1)
    .executeTakeFirst();
  return Number(row?.deleted_through ?? 0);
}

function entryFromRow(row: Selectable<StreamEntriesTable>): StreamEntry {
  return {
    id: Number(row.id),
    stream: row.stream as StreamName,
    ownerId: row.owner_id,
    topicId: row.topic_id,
    type: row.type,
    data: JSON.parse(row.data),
    createdAt: Number(row.created_at),
  };
}
