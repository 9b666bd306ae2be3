import type { Database } from '../../db/open-database.ts';
import type { Clock } from '../../domain/clock.ts';
import { appendStreamEntries } from '../append-entries.ts';

export interface TopicPublication {
  /** The `topic` target publishing: the topic must be its owner's. */
  targetId: string;
  topic: string;
  data: unknown;
  /** The delivery id: a retry after a lost outcome finds its entry instead of storing a second one. */
  dedupKey: string;
}

export type TopicPublishResult = 'published' | 'duplicate' | 'no-such-topic';

/**
 * Stores one `message` entry on a topic in a transaction of its own: committed before the caller wakes the
 * broadcaster, and once per dedup key (the unique index catches two attempts racing past the lookup).
 */
export async function publishToTopic(
  database: Database,
  now: number,
  publication: TopicPublication,
): Promise<TopicPublishResult> {
  try {
    return await database.db.transaction().execute(async (trx) => {
      if (await published(trx, publication.dedupKey)) return 'duplicate';
      const topic = await trx
        .selectFrom('topics')
        .innerJoin('targets', 'targets.owner_id', 'topics.owner_id')
        .select(['topics.id', 'topics.owner_id'])
        .where('targets.id', '=', publication.targetId)
        .where('topics.name', '=', publication.topic)
        .executeTakeFirst();
      if (!topic) return 'no-such-topic';
      await appendStreamEntries(
        trx,
        database,
        [
          {
            stream: 'topic',
            ownerId: topic.owner_id,
            topicId: topic.id,
            type: 'message',
            data: publication.data,
            dedupKey: publication.dedupKey,
          },
        ],
        now,
      );
      return 'published';
    });
  } catch (error) {
    if (await published(database.db, publication.dedupKey)) return 'duplicate';
    throw error;
  }
}

async function published(db: Database['db'], dedupKey: string): Promise<boolean> {
  const row = await db
    .selectFrom('stream_entries')
    .select('id')
    .where('dedup_key', '=', dedupKey)
    .executeTakeFirst();
  return row !== undefined;
}

/** `topic` targets' way to publish (ChannelServices.topicsOf): each target on its owner's topics. */
export function topicPublishers(options: {
  database: Database;
  clock: Clock;
  /** After a publish committed: wake the broadcaster. */
  onPublished: () => void;
}) {
  return (targetId: string) => ({
    async publish(topic: string, entry: { data: unknown; dedupKey: string }) {
      const result = await publishToTopic(options.database, options.clock.now(), {
        targetId,
        topic,
        ...entry,
      });
      if (result === 'published') options.onPublished();
      return result;
    },
  });
}
