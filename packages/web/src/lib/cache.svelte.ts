import type { StreamName } from '@notify-bridge/client';
import { live } from './live.svelte.ts';

/**
 * The one cache of server state. A page asks for a resource by key (`['sources']`, `['events', query]`)
 * and gets the shared, reactive copy; a change made through `change()` marks the keys it names stale here
 * and in the user's other tabs (BroadcastChannel), and a stream entry marks stale what its stream feeds.
 * A stale key that somebody shows loads again; one nobody shows loads when next asked for.
 */
export interface Query<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  /** Loads again now. */
  refresh(): Promise<void>;
}

interface Slot {
  key: string;
  root: string;
  load: () => Promise<unknown>;
  streams: readonly StreamName[];
  state: { data: unknown; error: unknown; loading: boolean };
  stale: boolean;
  inFlight: Promise<void> | undefined;
  watchers: number;
}

const slots = new Map<string, Slot>();
const channel =
  typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel('notify-bridge.cache');

function keyOf(key: readonly unknown[]): string {
  return JSON.stringify(key);
}

async function fetchSlot(slot: Slot): Promise<void> {
  if (slot.inFlight) return slot.inFlight;
  slot.stale = false;
  slot.state.loading = true;
  slot.inFlight = slot
    .load()
    .then(
      (data) => {
        slot.state.data = data;
        slot.state.error = undefined;
      },
      (error: unknown) => {
        slot.state.error = error;
      },
    )
    .finally(() => {
      slot.state.loading = false;
      slot.inFlight = undefined;
      if (slot.stale && slot.watchers > 0) void fetchSlot(slot);
    });
  return slot.inFlight;
}

function markStale(matches: (slot: Slot) => boolean): void {
  for (const slot of slots.values()) {
    if (!matches(slot)) continue;
    slot.stale = true;
    if (slot.watchers > 0 && !slot.inFlight) void fetchSlot(slot);
  }
}

/**
 * The cached value of `key`, loaded by `load` (which throws on failure, e.g. through the client's
 * `unwrap`). Call it during a component's initialisation: it keeps the key fresh while the component lives.
 * A key that depends on the page's state (filters, a cursor) is given as a function: when it changes, the
 * query follows the new key. `streams` names the realtime streams whose entries make this value stale.
 */
export function query<T>(
  key: readonly unknown[] | (() => readonly unknown[]),
  load: () => Promise<T>,
  options: { streams?: readonly StreamName[] } = {},
): Query<T> {
  const keyNow = typeof key === 'function' ? key : () => key;
  const held = $derived(slotFor(keyNow(), load, options.streams ?? []));
  $effect(() => {
    const slot = held;
    slot.load = load;
    slot.watchers += 1;
    if (slot.stale) void fetchSlot(slot);
    return () => {
      slot.watchers -= 1;
    };
  });
  return {
    get data() {
      return held.state.data as T | undefined;
    },
    get error() {
      return held.state.error;
    },
    get loading() {
      return held.state.loading;
    },
    refresh: () => fetchSlot(held),
  };
}

function slotFor(
  key: readonly unknown[],
  load: () => Promise<unknown>,
  streams: readonly StreamName[],
): Slot {
  const id = keyOf(key);
  const existing = slots.get(id);
  if (existing) return existing;
  const state = $state({ data: undefined as unknown, error: undefined as unknown, loading: false });
  const slot: Slot = {
    key: id,
    root: keyOf([key[0]]),
    load,
    streams,
    state,
    stale: true,
    inFlight: undefined,
    watchers: 0,
  };
  slots.set(id, slot);
  return slot;
}

/** Marks stale every key whose first part is one of `roots`, here and in the other tabs. */
export function invalidate(...roots: string[]): void {
  const wanted = new Set(roots.map((root) => keyOf([root])));
  markStale((slot) => wanted.has(slot.root));
  channel?.postMessage({ roots });
}

/** Runs a change (a POST, PATCH or DELETE) and then marks stale what it touched, here and elsewhere. */
export async function change<T>(run: () => Promise<T>, touches: readonly string[]): Promise<T> {
  try {
    return await run();
  } finally {
    invalidate(...touches);
  }
}

/** Forgets everything: on sign-out, so the next user sees nothing of the last one's. */
export function clearCache(): void {
  slots.clear();
}

channel?.addEventListener('message', (message: MessageEvent<{ roots: string[] }>) => {
  const wanted = new Set(message.data.roots.map((root) => keyOf([root])));
  markStale((slot) => wanted.has(slot.root));
});

// Stream entries arrive in bursts; one refresh per burst is enough.
let pending = new Set<StreamName>();
let timer: ReturnType<typeof setTimeout> | undefined;
live.onEntry((entry) => {
  pending.add(entry.stream);
  if (timer !== undefined) return;
  timer = setTimeout(() => {
    const streams = pending;
    pending = new Set();
    timer = undefined;
    markStale((slot) => slot.streams.some((stream) => streams.has(stream)));
  }, 250);
});
