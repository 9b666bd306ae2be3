import { type Readable, readable } from 'svelte/store';
import { type FollowOptions, followStream, initialStreamState, type StreamState } from './follow-stream.ts';
import type { EntryOf, StreamSelector } from './stream-entry.ts';

export type { FollowOptions, StreamState } from './follow-stream.ts';

/**
 * A readable store of a stream's state (`$stream.entries` in a component). It connects when the first
 * subscriber comes and disconnects when the last one goes, as Svelte's store contract has it; subscribed
 * again, it keeps the entries it had and goes on after the last of them.
 */
export function streamStore<const Selector extends StreamSelector>(
  stream: Selector,
  options: FollowOptions,
): Readable<StreamState<EntryOf<Selector>>> {
  let current: StreamState<EntryOf<Selector>> | undefined;
  return readable(initialStreamState<EntryOf<Selector>>(), (set) => {
    if (current) set({ ...current, status: 'connecting' });
    return followStream(
      stream,
      options,
      (state) => {
        current = state;
        set(state);
      },
      current,
    );
  });
}

/** `streamStore({ topic: name }, options)`. */
export function topicStore(
  name: string,
  options: FollowOptions,
): Readable<StreamState<EntryOf<{ topic: string }>>> {
  return streamStore({ topic: name }, options);
}
