import type { Database } from '../../db/open-database.ts';
import type { NtfySince } from './ntfy-since.ts';

/**
 * The entry id to resume after for an ntfy `since=`; undefined: only what commits from now on. A time
 * resumes after the newest entry older than it: ids follow commit order, and so, closely, do the times.
 */
export async function sincePosition(
  database: Database,
  topicId: string,
  since: NtfySince,
): Promise<number | undefined> {
  switch (since.from) {
    case 'none':
      return undefined;
    case 'all':
      return 0;
    case 'id':
      return since.after;
    case 'latest': {
      const newest = await database.db
        .selectFrom('stream_entries')
        .select((eb) => eb.fn.max('id').as('id'))
        .where('stream', '=', 'topic')
        .where('topic_id', '=', topicId)
        .executeTakeFirst();
      const id = Number(newest?.id ?? 0);
      return id === 0 ? undefined : id - 1;
    }
    case 'time': {
      const older = await database.db
        .selectFrom('stream_entries')
        .select((eb) => eb.fn.max('id').as('id'))
        .where('created_at', '<', since.atMs)
        .executeTakeFirst();
      return Number(older?.id ?? 0);
    }
  }
}
