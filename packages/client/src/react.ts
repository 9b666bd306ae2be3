import { useEffect, useRef, useState } from 'react';
import { type FollowOptions, followStream, initialStreamState, type StreamState } from './follow-stream.ts';
import type { EntryOf, StreamSelector } from './stream-entry.ts';

export type { FollowOptions, StreamState } from './follow-stream.ts';

/**
 * Follows a stream while the component is mounted and returns its state. It reconnects when the stream,
 * the server or the token changes; a new `onTokenExpired` or `fetch` each render does not reconnect.
 */
export function useStream<const Selector extends StreamSelector>(
  stream: Selector,
  options: FollowOptions,
): StreamState<EntryOf<Selector>> {
  const [state, setState] = useState(initialStreamState<EntryOf<Selector>>);
  // The latest options, read when the subscription needs them, so passing a new object each render is fine.
  const latest = useRef(options);
  latest.current = options;
  const key = JSON.stringify([stream, options.baseUrl, options.token ?? null, options.keep ?? null]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the values that mean a new subscription
  useEffect(() => {
    setState(initialStreamState());
    const refresh = latest.current.onTokenExpired && (() => latest.current.onTokenExpired?.());
    return followStream(
      stream,
      { ...latest.current, ...(refresh ? { onTokenExpired: refresh } : {}) },
      setState,
    );
  }, [key]);
  return state;
}

/** `useStream({ topic: name }, options)`: a topic's messages, with a subscriber token if it needs one. */
export function useTopic(name: string, options: FollowOptions): StreamState<EntryOf<{ topic: string }>> {
  return useStream({ topic: name }, options);
}
