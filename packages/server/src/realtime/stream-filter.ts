import type { OwnerStream, StreamEntry } from './stream-entry.ts';

/** Which entries one subscriber gets: its owner streams, or one topic. */
export type StreamFilter =
  | {
      streams: readonly OwnerStream[];
      /** Undefined: every owner's (an admin's view). */
      ownerId: string | undefined;
    }
  | { topicId: string };

export function entryMatches(filter: StreamFilter, entry: StreamEntry): boolean {
  if ('topicId' in filter) return entry.stream === 'topic' && entry.topicId === filter.topicId;
  return (
    (filter.ownerId === undefined || entry.ownerId === filter.ownerId) &&
    (filter.streams as readonly string[]).includes(entry.stream)
  );
}
