/**
 * The realtime streams: every user has three of their own, and topics are named streams apps subscribe
 * to. One entry is one thing that durably happened, stored in the transaction that made it happen
 * (append-entries.ts), so a subscriber that reconnects gets exactly what it missed.
 */
export const ownerStreams = ['events', 'deliveries', 'health'] as const;
export type OwnerStream = (typeof ownerStreams)[number];
export type StreamName = OwnerStream | 'topic';

/** An entry about to be stored: its id and time come from the database and the clock. */
export interface NewStreamEntry {
  stream: StreamName;
  /** Whose stream: an event's owner, a delivery's target's owner, a topic's owner. */
  ownerId: string;
  topicId?: string;
  /** What happened: `event.committed`, `delivery.state`, `receiver.disabled`, `message`... */
  type: string;
  data: unknown;
  /** Unique among stored entries: what published it, so a retry cannot store it twice. */
  dedupKey?: string;
}

export interface StreamEntry {
  /** Increases in commit order: everything with a smaller id was committed before this one. */
  id: number;
  stream: StreamName;
  ownerId: string;
  topicId: string | null;
  type: string;
  data: unknown;
  createdAt: number;
}

/** What a subscriber is sent of an entry: the owner and topic ids are the server's business. */
export function publicEntry(entry: StreamEntry) {
  return {
    id: entry.id,
    stream: entry.stream,
    type: entry.type,
    at: new Date(entry.createdAt).toISOString(),
    data: entry.data,
  };
}
