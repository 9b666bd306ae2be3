import type { Database } from '../db/open-database.ts';
import type { Clock, TimerHandle } from '../domain/clock.ts';
import { BridgeError } from '../errors.ts';
import type { Logger } from '../telemetry/logger.ts';
import { deletedThrough, newestEntryId, readEntries } from './read-entries.ts';
import type { StreamEntry } from './stream-entry.ts';
import { entryMatches, filterKey, type StreamFilter } from './stream-filter.ts';

/** Where one subscriber's entries go: an SSE response, an ntfy JSON stream, a WebSocket. */
export interface StreamSink {
  /** Entries in id order, written at once. Subscribers with the same filter get the same array. */
  send(entries: readonly StreamEntry[]): void;
  keepalive(): void;
  /** Retention deleted entries after `after`; `oldest` is the first one still kept. */
  gap(after: number, oldest: number): void;
  /** The subscriber fell too far behind: say so and close. It can resume from `lastId`. */
  drop(reason: 'slow-consumer', lastId: number): void;
  /** Bytes written that the client has not taken yet. */
  readonly buffered: number;
  /** Resolves once the buffered bytes went out, or the sink closed. */
  drained(): Promise<void>;
  /** The server is stopping: end the stream (the client resumes elsewhere or later). */
  end(): void;
  readonly closed: boolean;
}

export interface Subscribe {
  filter: StreamFilter;
  /** Resume after this id; undefined: only what commits from now on. */
  after: number | undefined;
  /** Opens the sink (writes the response's head), once the subscription is allowed. */
  open(): StreamSink;
  /** Whose connection it is, for the cap per user (a user id, or a topic token's id). */
  holder: string;
}

interface Subscriber {
  filter: StreamFilter;
  sink: StreamSink;
  /** The largest id this subscriber has been sent or has been found to not want. */
  position: number;
  /** The largest id it has been sent: where it resumes if dropped. */
  sent: number;
  catchingUp: boolean;
}

export interface BroadcasterOptions {
  database: Database;
  clock: Clock;
  logger: Logger;
  heartbeatMs: number;
  maxPerHolder: number;
  maxBufferedBytes: number;
  /**
   * How often to look for entries nobody announced (a NOTIFY missed while the listening connection
   * reconnected, a commit by another process on the same SQLite file). Defaults to 2 s.
   */
  pollMs?: number;
  /** Wires `committed()` to other nodes' commits (Postgres LISTEN); returns how to stop listening. */
  listen?: (onWakeup: () => void) => Promise<() => Promise<void>>;
}

const pageSize = 500;

/**
 * Fans committed stream entries out to the subscribers on this node. The database is the source of truth:
 * a commit here (or a NOTIFY from another node) wakes it, and it reads what is new by id, so every node
 * sends the same entries in the same order. A subscriber that resumes first catches up from the database,
 * then joins the live fan-out with no gap and no entry twice.
 */
export class StreamBroadcaster {
  readonly #o: BroadcasterOptions;
  readonly #subscribers = new Set<Subscriber>();
  readonly #perHolder = new Map<string, number>();
  /** The largest id fanned out. Everything up to it is committed, so catching up may read up to it. */
  #head = 0;
  #dirty = false;
  /** Entries committed while nobody subscribed were not read: the head may be behind the table. */
  #headStale = false;
  #pumping: Promise<void> | undefined;
  #heartbeat: TimerHandle | undefined;
  #poll: TimerHandle | undefined;
  #unlisten: (() => Promise<void>) | undefined;
  #stopped = false;

  constructor(options: BroadcasterOptions) {
    this.#o = options;
  }

  async start(): Promise<void> {
    this.#head = await newestEntryId(this.#o.database);
    this.#unlisten = await this.#o.listen?.(() => this.committed());
    this.#scheduleHeartbeat();
    this.#schedulePoll();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#o.clock.clearTimeout(this.#heartbeat);
    this.#o.clock.clearTimeout(this.#poll);
    await this.#unlisten?.();
    await this.#pumping;
    for (const { sink } of this.#subscribers) sink.end();
  }

  get subscribers(): number {
    return this.#subscribers.size;
  }

  /** Entries committed: read and fan them out (called after a commit on this node, never before). */
  committed(): void {
    this.#dirty = true;
    if (this.#pumping || this.#stopped) return;
    // Cleared in a callback, never inside #pump: a pump with nothing to read finishes before it returns.
    this.#pumping = this.#pump().finally(() => {
      this.#pumping = undefined;
    });
  }

  /**
   * Sends `after`'s backlog, then everything new, until the sink closes (then call `unsubscribe`).
   * Throws NB_ERR_TOO_MANY_STREAMS when the holder is at its cap.
   */
  async subscribe(request: Subscribe): Promise<() => void> {
    if (this.#headStale) {
      this.#headStale = false;
      this.#head = Math.max(this.#head, await newestEntryId(this.#o.database));
    }
    // From here to open() nothing awaits, so two requests cannot both pass the cap.
    const held = this.#perHolder.get(request.holder) ?? 0;
    if (held >= this.#o.maxPerHolder) {
      throw new BridgeError(
        'NB_ERR_TOO_MANY_STREAMS',
        `at most ${this.#o.maxPerHolder} open streams at once; close one first`,
      );
    }
    const sink = request.open();
    this.#perHolder.set(request.holder, held + 1);
    const subscriber: Subscriber = {
      filter: request.filter,
      sink,
      position: request.after ?? this.#head,
      sent: request.after ?? this.#head,
      catchingUp: request.after !== undefined,
    };
    this.#subscribers.add(subscriber);
    let removed = false;
    const unsubscribe = () => {
      if (removed) return;
      removed = true;
      this.#subscribers.delete(subscriber);
      const left = (this.#perHolder.get(request.holder) ?? 1) - 1;
      if (left > 0) this.#perHolder.set(request.holder, left);
      else this.#perHolder.delete(request.holder);
    };
    if (subscriber.catchingUp) {
      try {
        await this.#catchUp(subscriber);
      } catch (error) {
        unsubscribe();
        throw error;
      }
    }
    // What committed while the head was being looked up is read now, not at the next poll.
    this.committed();
    return unsubscribe;
  }

  /**
   * Reads the subscriber's backlog from the database up to the head, again while the head moves on, and
   * switches it to live in the same tick as it finds itself at the head: entries after that are fanned out
   * to it, entries up to it were read.
   */
  async #catchUp(subscriber: Subscriber): Promise<void> {
    const { database } = this.#o;
    const horizon = await deletedThrough(database);
    if (subscriber.position < horizon) {
      subscriber.sink.gap(subscriber.position, horizon + 1);
      subscriber.position = horizon;
    }
    while (!subscriber.sink.closed) {
      const through = this.#head;
      if (subscriber.position >= through) {
        subscriber.catchingUp = false;
        return;
      }
      const page = await readEntries(database, {
        after: subscriber.position,
        through,
        filter: subscriber.filter,
        limit: pageSize,
      });
      if (page.length > 0) {
        subscriber.sink.send(page);
        subscriber.sent = page.at(-1)!.id;
      }
      subscriber.position = page.length < pageSize ? through : page.at(-1)!.id;
      // A long backlog goes out at the pace the client reads it, not into memory.
      if (subscriber.sink.buffered > this.#o.maxBufferedBytes / 2) await subscriber.sink.drained();
    }
  }

  async #pump(): Promise<void> {
    try {
      while (this.#dirty && !this.#stopped) {
        this.#dirty = false;
        // With nobody listening, reading every entry back would cost the dispatcher a fifth of its speed
        // on Postgres; the head is looked up when the next subscriber comes instead.
        if (this.#subscribers.size === 0) {
          this.#headStale = true;
          continue;
        }
        const entries = await readEntries(this.#o.database, { after: this.#head, limit: pageSize });
        if (entries.length === 0) continue;
        this.#fanOut(entries);
        this.#head = entries.at(-1)!.id;
        if (entries.length === pageSize) this.#dirty = true;
        // Lets the sockets take this page before the next is judged (see #fanOut): SQLite answers
        // without ever leaving the microtask queue, behind which the writes of a page wait.
        if (this.#dirty) await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      // The next commit or poll tries again; subscribers lose nothing, they are only later.
      this.#o.logger.warn({ err: error }, 'reading new stream entries failed');
    }
  }

  /**
   * One page of entries to every live subscriber that wants them. Whether a subscriber is too slow is
   * judged before the page: what it has not taken of earlier pages. Writes within a page are buffered
   * together until the next tick, so judging after each write would drop a fast reader in a burst.
   */
  #fanOut(entries: readonly StreamEntry[]): void {
    const last = entries.at(-1)!.id;
    // Subscribers with the same filter (a dashboard open in many tabs, many apps on one topic) share one
    // array, so a sink can format it once for all of them.
    const wanted = new Map<string, readonly StreamEntry[]>();
    for (const subscriber of this.#subscribers) {
      if (subscriber.catchingUp) continue;
      const { sink } = subscriber;
      if (sink.closed) continue;
      if (sink.buffered > this.#o.maxBufferedBytes) {
        sink.drop('slow-consumer', subscriber.sent);
        continue;
      }
      let mine: readonly StreamEntry[];
      if (subscriber.position < entries[0]!.id) {
        const key = filterKey(subscriber.filter);
        mine = wanted.get(key) ?? entries.filter((entry) => entryMatches(subscriber.filter, entry));
        wanted.set(key, mine);
      } else {
        // Just caught up: it has read some of these already.
        mine = entries.filter(
          (entry) => entry.id > subscriber.position && entryMatches(subscriber.filter, entry),
        );
      }
      subscriber.position = last;
      if (mine.length === 0) continue;
      sink.send(mine);
      subscriber.sent = mine.at(-1)!.id;
    }
  }

  #scheduleHeartbeat(): void {
    this.#heartbeat = this.#o.clock.setTimeout(() => {
      for (const { sink } of this.#subscribers) if (!sink.closed) sink.keepalive();
      if (!this.#stopped) this.#scheduleHeartbeat();
    }, this.#o.heartbeatMs);
  }

  #schedulePoll(): void {
    this.#poll = this.#o.clock.setTimeout(() => {
      this.committed();
      if (!this.#stopped) this.#schedulePoll();
    }, this.#o.pollMs ?? 2000);
  }
}
