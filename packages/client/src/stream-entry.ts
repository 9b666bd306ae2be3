/** The server's per-owner streams: `GET /api/v1/stream?streams=...`. */
export type StreamName = 'events' | 'deliveries' | 'health';

export const allStreams: readonly StreamName[] = Object.freeze(['events', 'deliveries', 'health']);

/**
 * The entry types each stream carries. Health has several (`receiver.disabled`, ...) and gains more as
 * the server does; a topic's entries come from the rules that publish to it.
 */
export interface EntryTypes {
  events: 'event.committed';
  deliveries: 'delivery.state';
  health: string;
  topic: 'message';
}

/** One durable stream entry, as the SSE `data:` line carries it. */
export interface StreamEntry<Stream extends keyof EntryTypes = keyof EntryTypes> {
  /** Monotonically increasing; resume after it with Last-Event-ID. */
  id: number;
  stream: Stream;
  type: EntryTypes[Stream];
  /** When it was committed, ISO 8601. */
  at: string;
  data: Record<string, unknown>;
}

/** Which stream to follow: one of the caller's own streams, several, or a named topic. */
export type StreamSelector = StreamName | readonly StreamName[] | { topic: string };

/** The entries a selector yields: a union over its streams, so `entry.stream` narrows `entry.type`. */
export type EntryOf<Selector extends StreamSelector> = Selector extends { topic: string }
  ? StreamEntry<'topic'>
  : Selector extends readonly (infer Name extends StreamName)[]
    ? { [N in Name]: StreamEntry<N> }[Name]
    : Selector extends StreamName
      ? StreamEntry<Selector>
      : never;

/** Sent first when the asked-for id is older than the server keeps: entries after `after` up to `oldest` are gone. */
export interface StreamGap {
  after: number;
  oldest: number;
}

/** Why the server closed the stream (a consumer too slow to keep up); resume from `lastId`. */
export interface StreamDropped {
  reason: string;
  lastId: number;
}
