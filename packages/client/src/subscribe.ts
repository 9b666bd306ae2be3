import { type BackoffPolicy, backoffDelay, defaultBackoff } from './backoff.ts';
import { ApiError, StreamProtocolError } from './errors.ts';
import { sleep as realSleep, type Sleep } from './sleep.ts';
import { type SseEvent, SseParser } from './sse-parser.ts';
import type { EntryOf, StreamDropped, StreamGap, StreamSelector } from './stream-entry.ts';

export interface StreamHandlers<Entry> {
  /** Each entry, in id order, once (across reconnections too: the client resumes after the last id). */
  onEntry(entry: Entry): void;
  /** A connection was opened (the first, or again after a reconnect). */
  onOpen?(): void;
  /** The server no longer had every entry after the id asked for; the stream goes on from `oldest`. */
  onGap?(gap: StreamGap): void;
  /** The server dropped this consumer as too slow; the client reconnects from `lastId` by itself. */
  onDropped?(dropped: StreamDropped): void;
  /** A heartbeat (or any other comment line) arrived: the connection is alive. */
  onHeartbeat?(): void;
  /** The connection is gone or was refused for now; the client waits `delayMs` and tries again. */
  onReconnect?(info: ReconnectInfo): void;
}

export interface ReconnectInfo {
  /** 0 for the first try after a connection was lost; reset by each connection that opens. */
  attempt: number;
  delayMs: number;
  /** What went wrong: an ApiError (401, 429, 5xx), fetch's error, or 'ended' / 'dropped' / 'idle'. */
  reason: unknown;
}

export interface SubscribeOptions {
  /** The server's origin, as `http://localhost:8080` (a path prefix is kept). */
  baseUrl: string;
  /** An API token (`nbt_...`) for the own streams, a subscriber token (`nbst_...`) for a topic. */
  token?: string;
  /**
   * Called on a 401. Return a new token to reconnect with it; return nothing to reconnect as before (a
   * session that was renewed elsewhere). Without it a 401 ends the subscription with an ApiError.
   */
  onTokenExpired?: () => string | undefined | Promise<string | undefined>;
  /** `include` in a browser that signs in with the session cookie on another origin. */
  credentials?: 'omit' | 'same-origin' | 'include';
  /** Resume after this id (entries after it come first), as a saved `entry.id`. */
  lastEventId?: string | number;
  /** Stops the subscription: the promise then resolves. */
  signal?: AbortSignal;
  /** The reconnect backoff: 1 s doubling to 30 s, jittered. */
  backoff?: Partial<BackoffPolicy>;
  fetch?: typeof fetch;
  /**
   * Reconnect when nothing, not even a heartbeat, came for this long (90 s; 0: never). It finds a
   * connection that died without a word (a NAT or proxy that forgot it); keep it above the server's
   * heartbeat interval (NB_STREAM_HEARTBEAT_SECONDS, 25 by default).
   */
  idleTimeoutMs?: number;
  /** Waits between reconnects and for the idle timeout (tests pass one that needs no real time). */
  sleep?: Sleep;
  /** Jitter source, [0, 1). */
  random?: () => number;
}

/** An error that ends the subscription, as opposed to one the next connection may not have. */
class Fatal {
  readonly error: unknown;
  constructor(error: unknown) {
    this.error = error;
  }
}

/**
 * Follows a stream until `options.signal` aborts (the promise resolves) or the server refuses it for good
 * (rejects with an ApiError: 400, 403, 404, or a 401 without `onTokenExpired`; a StreamProtocolError; or
 * what a handler threw). Uses streaming fetch rather than EventSource, which can set no Authorization
 * header, gives no status on failure, and reconnects on its own schedule.
 */
export async function subscribe<const Selector extends StreamSelector>(
  stream: Selector,
  handlers: StreamHandlers<EntryOf<Selector>>,
  options: SubscribeOptions,
): Promise<void> {
  const signal = options.signal ?? new AbortController().signal;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const url = streamUrl(options.baseUrl, stream);
  const policy = { ...defaultBackoff, ...options.backoff };
  const idleTimeoutMs = options.idleTimeoutMs ?? 90_000;
  let token = options.token;
  let lastEventId = options.lastEventId === undefined ? '' : String(options.lastEventId);
  let attempt = 0;

  const call = <T>(handler: () => T): T => {
    try {
      return handler();
    } catch (error) {
      throw new Fatal(error);
    }
  };

  /** The next chunk, or 'idle' when none came within the idle timeout. */
  const nextChunk = async (reader: ReadableStreamDefaultReader<Uint8Array>) => {
    if (idleTimeoutMs <= 0) return reader.read();
    const timer = new AbortController();
    try {
      return await Promise.race([
        reader.read(),
        sleep(idleTimeoutMs, timer.signal).then(() => 'idle' as const),
      ]);
    } finally {
      timer.abort();
    }
  };

  /** Reads one connection to its end; what it returns is why it ended. */
  const read = async (body: ReadableStream<Uint8Array>): Promise<'ended' | 'dropped' | 'idle'> => {
    const parser = new SseParser(lastEventId);
    const reader = body.getReader();
    try {
      for (;;) {
        const chunk = await nextChunk(reader);
        if (chunk === 'idle') return 'idle';
        const { done, value } = chunk;
        if (done) return 'ended';
        for (const item of parser.feed(value)) {
          if (item.kind === 'comment') call(() => handlers.onHeartbeat?.());
          else if (item.kind === 'retry') policy.initialMs = item.ms;
          else if (item.type === 'dropped') {
            const dropped = json<StreamDropped>(item);
            lastEventId = String(dropped.lastId);
            call(() => handlers.onDropped?.(dropped));
            return 'dropped';
          } else if (item.type === 'gap') call(() => handlers.onGap?.(json<StreamGap>(item)));
          else {
            const entry = json<EntryOf<Selector>>(item);
            call(() => handlers.onEntry(entry));
          }
          if (item.kind === 'event' && item.lastEventId !== '') lastEventId = item.lastEventId;
        }
      }
    } finally {
      // Cancelling (not only releasing) closes the connection when we stop before the server does.
      await reader.cancel().catch(() => {});
    }
  };

  while (!signal.aborted) {
    let reason: unknown;
    let retryAfterMs = 0;
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (token) headers.authorization = `Bearer ${token}`;
      if (lastEventId !== '') headers['last-event-id'] = lastEventId;
      const response = await fetchImpl(url, {
        headers,
        signal,
        cache: 'no-store',
        ...(options.credentials ? { credentials: options.credentials } : {}),
      });
      if (response.ok) {
        const type = response.headers.get('content-type') ?? '';
        if (!type.startsWith('text/event-stream') || !response.body) {
          await response.body?.cancel().catch(() => {});
          throw new Fatal(
            new StreamProtocolError(`${url} answered ${type || 'no content type'}, not an event stream`),
          );
        }
        attempt = 0;
        call(() => handlers.onOpen?.());
        reason = await read(response.body);
      } else {
        const error = await ApiError.from(response);
        if (response.status === 401) {
          if (!options.onTokenExpired) throw new Fatal(error);
          const refresh = options.onTokenExpired;
          const fresh = await Promise.resolve()
            .then(refresh)
            .catch((cause: unknown) => {
              throw new Fatal(cause);
            });
          if (fresh) token = fresh;
        } else if (!retryable(response.status)) throw new Fatal(error);
        retryAfterMs = retryAfterOf(response);
        reason = error;
      }
    } catch (error) {
      if (error instanceof Fatal) throw error.error;
      if (signal.aborted) return;
      reason = error; // the network, or the connection broke mid-stream
    }
    if (signal.aborted) return;
    const delayMs = Math.max(backoffDelay(attempt, random(), policy), retryAfterMs);
    handlers.onReconnect?.({ attempt, delayMs, reason });
    attempt += 1;
    await sleep(delayMs, signal);
  }
}

/** Where a selector's stream is served. */
export function streamUrl(baseUrl: string, stream: StreamSelector): string {
  const base = baseUrl.replace(/\/+$/, '');
  if (typeof stream === 'object' && 'topic' in stream) {
    return `${base}/api/v1/topics/${encodeURIComponent(stream.topic)}/stream`;
  }
  const names = typeof stream === 'string' ? [stream] : stream;
  return `${base}/api/v1/stream?streams=${names.join(',')}`;
}

/** Overload, a restart, or too many connections for now: worth another try later. */
function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** The Retry-After of a 429 or 503, in seconds (the form this server sends), as milliseconds. */
function retryAfterOf(response: Response): number {
  const value = response.headers.get('retry-after');
  return value && /^[0-9]+$/.test(value) ? Number(value) * 1000 : 0;
}

function json<T>(event: SseEvent): T {
  try {
    return JSON.parse(event.data) as T;
  } catch {
    throw new Fatal(new StreamProtocolError(`the "${event.type}" event's data is not JSON`));
  }
}
