import { followStream, type StreamEntry, type StreamName, type StreamState } from '@notify-bridge/client';

/**
 * The one realtime stream of the signed-in user, shared by every page: the dashboard reads its entries and
 * the cache (cache.svelte.ts) refreshes what an entry makes stale. Opened on sign-in, closed on sign-out.
 */
type Entry = StreamEntry<StreamName>;
const streams: readonly StreamName[] = ['events', 'deliveries', 'health'];

let state = $state<StreamState<Entry>>({
  status: 'connecting',
  entries: [],
  last: undefined,
  error: undefined,
  gap: undefined,
});
const listeners = new Set<(entry: Entry) => void>();
let stop: (() => void) | undefined;

export const live = {
  get state(): StreamState<Entry> {
    return state;
  },
  start(): void {
    if (stop) return;
    let seen = state.last?.id ?? 0;
    stop = followStream(
      streams,
      { baseUrl: location.origin, credentials: 'same-origin', keep: 500 },
      (next) => {
        for (const entry of next.entries) {
          if (entry.id <= seen) continue;
          seen = entry.id;
          for (const listener of listeners) listener(entry as Entry);
        }
        state = next as StreamState<Entry>;
      },
    );
  },
  stop(): void {
    stop?.();
    stop = undefined;
  },
  /** Calls `listener` with each entry that arrives from now on; returns the unsubscribe. */
  onEntry(listener: (entry: Entry) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
