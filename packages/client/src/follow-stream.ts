import type { EntryOf, StreamGap, StreamSelector } from './stream-entry.ts';
import { type SubscribeOptions, subscribe } from './subscribe.ts';

/** What a UI shows of a stream: its connection state and its latest entries. */
export interface StreamState<Entry> {
  /** `failed` is final (see `error`); the others come and go as the connection does. */
  status: 'connecting' | 'open' | 'reconnecting' | 'failed';
  /** The latest entries, oldest first, at most `keep` of them. */
  entries: readonly Entry[];
  /** The newest entry, undefined until one came. */
  last: Entry | undefined;
  /** While reconnecting, why; when failed, the ApiError or StreamProtocolError that ended it. */
  error: unknown;
  /** Set when the server said entries were lost (older than its retention) since the resumed id. */
  gap: StreamGap | undefined;
}

export interface FollowOptions extends Omit<SubscribeOptions, 'signal'> {
  /** How many of the latest entries the state holds (100). */
  keep?: number;
}

export const defaultKeep = 100;

export function initialStreamState<Entry>(): StreamState<Entry> {
  return { status: 'connecting', entries: [], last: undefined, error: undefined, gap: undefined };
}

/**
 * Subscribes and reports each new state, for the React hooks and the Svelte stores alike; the function it
 * returns stops the subscription. States are new objects, never changed once reported. Given the state
 * an earlier subscription ended with (`from`), it goes on from there: its entries, after its last one.
 */
export function followStream<const Selector extends StreamSelector>(
  stream: Selector,
  options: FollowOptions,
  onState: (state: StreamState<EntryOf<Selector>>) => void,
  from?: StreamState<EntryOf<Selector>>,
): () => void {
  const { keep = defaultKeep, ...subscribeOptions } = options;
  const controller = new AbortController();
  let state: StreamState<EntryOf<Selector>> = from
    ? { ...from, status: 'connecting' }
    : initialStreamState<EntryOf<Selector>>();
  if (from?.last) subscribeOptions.lastEventId = from.last.id;
  const update = (change: Partial<StreamState<EntryOf<Selector>>>) => {
    if (controller.signal.aborted) return;
    state = { ...state, ...change };
    onState(state);
  };
  subscribe(
    stream,
    {
      onOpen: () => update({ status: 'open', error: undefined }),
      onEntry: (entry) => update({ entries: [...state.entries, entry].slice(-keep), last: entry }),
      onGap: (gap) => update({ gap }),
      onReconnect: ({ reason }) => update({ status: 'reconnecting', error: reason }),
    },
    { ...subscribeOptions, signal: controller.signal },
  ).catch((error: unknown) => update({ status: 'failed', error }));
  return () => controller.abort();
}
