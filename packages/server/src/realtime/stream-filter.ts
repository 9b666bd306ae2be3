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

/** The same for filters that match the same entries. */
export function filterKey(filter: StreamFilter): string {
  if ('topicId' in filter) return `topic\u0000${filter.topicId}`;
  return `${filter.ownerId ?? '*'}\u0000${[...filter.streams].sort().join()}`;
}
