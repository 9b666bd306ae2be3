import type { Insertable, Selectable, Transaction } from 'kysely';
import { eventColumns, eventRow, eventRowsPerStatement } from '../db/event-rows.ts';
import { chunks, multiRowInsert } from '../db/multi-row-insert.ts';
import type { Database } from '../db/open-database.ts';
import type { DeliveriesTable, Schema } from '../db/schema.ts';
import { insertDeliveries, pendingDeliveryRow } from '../delivery/outbox/insert-deliveries.ts';
import type { Clock } from '../domain/clock.ts';
import type { BridgeEvent, DedupBy, DuplicateReason, SourceEvent } from '../domain/event.ts';
import { newId } from '../ids.ts';
import { appendStreamEntries } from '../realtime/append-entries.ts';
import type { Logger } from '../telemetry/logger.ts';
import { eventCommittedEntry } from './event-entry.ts';
import { type IngestSource, ingestSources } from './ingest-sources.ts';
import type { Router } from './router.ts';

export interface IngestedEvent {
  eventId: string;
  /** The same (source, dedup key) was seen before; `eventId` is the original's. */
  duplicate: boolean;
  deliveries: number;
  /** For a duplicate: why it is one. */
  dedup?: DuplicateReason;
}

export interface CommittedBatch {
  events: BridgeEvent[];
  deliveries: number;
  /** Deliveries left for a claim: those the handoff did not take. */
  queued: number;
}

interface PendingRequest {
  sourceId: string;
  events: SourceEvent[];
  resolve(result: IngestedEvent[]): void;
  reject(error: unknown): void;
}

/**
 * Direct dispatch: the dispatcher takes a new event's deliveries as they are committed instead of
 * finding them with a claim (the Dispatcher is one).
 */
export interface DeliveryHandoff {
  /**
   * Which of the new deliveries (given by their targets) to insert already leased to `owner` until
   * `leaseUntil`.
   */
  reserve(
    targetIds: readonly string[],
    now: number,
  ): { taken: readonly boolean[]; owner: string; leaseUntil: number };
  /** Those rows, committed. */
  adopt(rows: Selectable<DeliveriesTable>[]): void;
  /** The transaction that reserved them (given by their targets) did not commit. */
  cancel(targetIds: readonly string[]): void;
}

export interface IngestorOptions {
  database: Database;
  router: Router;
  clock: Clock;
  logger: Logger;
  defaultMaxAttempts: number;
  /** Called after each commit, never before: wakes the dispatcher, feeds the realtime stream. */
  onCommitted?: (batch: CommittedBatch) => void;
  /** Requests folded into one transaction at most. */
  maxBatch?: number;
  /**
   * How long a sender's key makes a repeat a duplicate (default 72 h, as long as senders retry; 0: forever).
   * A repeat after it is a new event and takes the key over.
   */
  dedupWindowMs?: number;
  /**
   * The same for a body hash, for sources that set no window of their own (default 10 minutes): long enough
   * for a sender's retries, short enough that the same message sent again later is not swallowed.
   */
  bodyDedupWindowMs?: number;
  handoff?: DeliveryHandoff;
}

const defaultDedupWindowMs = 72 * 3_600_000;
const defaultBodyDedupWindowMs = 10 * 60_000;

/**
 * Stores events and their deliveries. Concurrent requests are group-committed: while one transaction
 * runs, new requests queue, and the next transaction takes them all, so one fsync serves many senders.
 * A request's promise settles only after its transaction committed.
 */
export class Ingestor {
  readonly #options: IngestorOptions;
  readonly #maxBatch: number;
  readonly #dedupWindowMs: number;
  readonly #bodyDedupWindowMs: number;
  #queue: PendingRequest[] = [];
  #flushing = false;

  constructor(options: IngestorOptions) {
    this.#options = options;
    this.#maxBatch = options.maxBatch ?? 256;
    this.#dedupWindowMs = options.dedupWindowMs ?? defaultDedupWindowMs;
    this.#bodyDedupWindowMs = options.bodyDedupWindowMs ?? defaultBodyDedupWindowMs;
  }

  ingest(sourceId: string, events: SourceEvent[]): Promise<IngestedEvent[]> {
    if (events.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.#queue.push({ sourceId, events, resolve, reject });
      if (!this.#flushing) {
        this.#flushing = true;
        setImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      try {
        await this.#commit(batch);
      } catch (error) {
        // One bad request must not fail the others folded into its transaction: retry each alone.
        this.#options.logger.warn(
          { err: error, requests: batch.length },
          'grouped ingest failed; retrying one by one',
        );
        for (const request of batch) {
          await this.#commit([request]).catch((err: unknown) => request.reject(err));
        }
      }
    }
    this.#flushing = false;
  }

  async #commit(batch: PendingRequest[]): Promise<void> {
    const now = this.#options.clock.now();
    let candidates: BridgeEvent[][] = [];
    const windows: DedupWindows = new Map();
    let written: Written | undefined;
    await this.#options.database.db
      .transaction()
      .execute(async (trx) => {
        const sources = await ingestSources(
          trx,
          batch.map((request) => request.sourceId),
        );
        candidates = batch.map((request) =>
          request.events.map((source) => this.#eventOf(request.sourceId, sources, source, now, windows)),
        );
        written = await this.#write(trx, candidates.flat(), windows, now, true);
      })
      .catch((error: unknown) => {
        if (written && written.handed.length > 0) {
          this.#options.handoff?.cancel(written.handed.map((row) => row.target_id));
        }
        throw error;
      });
    const { handed, originals, routedCount } = written!;
    if (handed.length > 0) this.#options.handoff?.adopt(handed);
    for (const [i, request] of batch.entries()) {
      request.resolve(
        candidates[i]!.map((event) => {
          const routed = routedCount.get(event.id);
          if (routed !== undefined) return { eventId: event.id, duplicate: false, deliveries: routed };
          const original = originals.get(originalKey(event));
          if (!original) throw new Error(`event ${event.dedupKey} was neither stored nor found`);
          const { by, windowMs } = windows.get(event.id)!;
          const until = windowMs > 0 ? original.receivedAt + windowMs : null;
          return { eventId: original.id, duplicate: true, deliveries: 0, dedup: { by, windowMs, until } };
        }),
      );
    }
    this.#announce(written!);
  }

  /**
   * Stores events of one source and their deliveries inside a transaction the caller owns (a dead
   * delivery's `delivery.dead` event commits with the outcome that killed it), without handing deliveries
   * to the dispatcher. Call the function it returns once that transaction committed.
   */
  async ingestWithin(
    trx: Transaction<Schema>,
    sourceId: string,
    events: readonly SourceEvent[],
  ): Promise<() => void> {
    const now = this.#options.clock.now();
    const sources = await ingestSources(trx, [sourceId]);
    const windows: DedupWindows = new Map();
    const written = await this.#write(
      trx,
      events.map((source) => this.#eventOf(sourceId, sources, source, now, windows)),
      windows,
      now,
      false,
    );
    return () => this.#announce(written);
  }

  #announce({ stored, deliveryCount, handed }: Written): void {
    if (stored.length === 0) return;
    this.#options.onCommitted?.({
      events: stored,
      deliveries: deliveryCount,
      queued: deliveryCount - handed.length,
    });
  }

  /** The inserts of one transaction: events (duplicates skipped), then the deliveries their rules make. */
  async #write(
    trx: Transaction<Schema>,
    all: readonly BridgeEvent[],
    windows: DedupWindows,
    now: number,
    handOff: boolean,
  ): Promise<Written> {
    const { dialect } = this.#options.database;
    // One multi-row INSERT per chunk: a duplicate (source, dedup key) is skipped by the database, even one
    // repeated inside the same batch, and is absent from RETURNING.
    const inserted = new Set<string>();
    for (const part of chunks(all, eventRowsPerStatement)) {
      const { rows } = await trx.executeQuery<{ id: string }>(
        multiRowInsert(
          dialect,
          'events',
          eventColumns,
          part.map(eventRow),
          'on conflict ("source_id", "dedup_key") do nothing returning "id"',
        ),
      );
      for (const row of rows) inserted.add(row.id);
    }
    const duplicates = all.filter((event) => !inserted.has(event.id));
    const originals = await this.#settleDuplicates(trx, duplicates, windows, now);
    for (const event of duplicates) {
      if (originals.get(originalKey(event))?.id === event.id) inserted.add(event.id);
    }
    const stored: BridgeEvent[] = [];
    const routedCount = new Map<string, number>();
    const deliveries: Insertable<DeliveriesTable>[] = [];
    for (const event of all) {
      if (!inserted.has(event.id)) continue;
      stored.push(event);
      const routes = this.#options.router.route(event);
      routedCount.set(event.id, routes.length);
      for (const route of routes) {
        deliveries.push(pendingDeliveryRow(event.id, route, now, this.#options.defaultMaxAttempts));
      }
    }
    const handed = handOff ? this.#leaseForHandoff(deliveries, now) : [];
    const written = { stored, originals, routedCount, handed, deliveryCount: deliveries.length };
    try {
      await insertDeliveries(trx, dialect, deliveries);
      // Last: appending takes the stream's lock, held until the commit (realtime/append-entries.ts).
      await appendStreamEntries(
        trx,
        this.#options.database,
        stored.map((event) => eventCommittedEntry(event, routedCount.get(event.id)!)),
        now,
      );
    } catch (error) {
      if (handed.length > 0) this.#options.handoff?.cancel(handed.map((row) => row.target_id));
      throw error;
    }
    return written;
  }

  /**
   * The stored originals of events the insert skipped, by originalKey(). An original older than the repeat's
   * dedup window does not count: the repeat is stored after all, takes the key over (the original keeps it
   * under another name, saying who took it) and is its own original in the result.
   */
  async #settleDuplicates(
    trx: Transaction<Schema>,
    duplicates: readonly BridgeEvent[],
    windows: DedupWindows,
    now: number,
  ): Promise<Originals> {
    const originals: Originals = new Map();
    for (const [sourceId, events] of groupBy(duplicates, (event) => event.sourceId)) {
      for (const part of chunks(events, 500)) {
        const rows = await trx
          .selectFrom('events')
          .select(['id', 'dedup_key', 'received_at'])
          .where('source_id', '=', sourceId)
          .where(
            'dedup_key',
            'in',
            part.map((event) => event.dedupKey),
          )
          .execute();
        for (const row of rows) {
          originals.set(originalKey({ sourceId, dedupKey: row.dedup_key }), {
            id: row.id,
            receivedAt: row.received_at,
          });
        }
      }
    }
    for (const event of duplicates) {
      const key = originalKey(event);
      const original = originals.get(key);
      if (!original || !outsideWindow(original.receivedAt, now, windows.get(event.id)!.windowMs)) continue;
      await trx
        .updateTable('events')
        .set({ dedup_key: `${event.dedupKey} (released to ${event.id})` })
        .where('id', '=', original.id)
        .execute();
      await trx.insertInto('events').values(eventRow(event)).execute();
      originals.set(key, { id: event.id, receivedAt: now });
    }
    return originals;
  }

  /**
   * Marks as many new deliveries as the dispatcher takes now as leased to it, as a claim would (one attempt
   * counted), and returns them as the rows they will be once committed.
   */
  #leaseForHandoff(deliveries: Insertable<DeliveriesTable>[], now: number): Selectable<DeliveriesTable>[] {
    const handoff = this.#options.handoff;
    if (!handoff || deliveries.length === 0) return [];
    const { taken, owner, leaseUntil } = handoff.reserve(
      deliveries.map((row) => row.target_id),
      now,
    );
    const leased = deliveries.filter((_, i) => taken[i]);
    for (const row of leased) {
      row.status = 'sending';
      row.lease_owner = owner;
      row.lease_until = leaseUntil;
      row.attempts = 1;
    }
    return leased as Selectable<DeliveriesTable>[];
  }

  /** The event to store, its dedup window noted in `windows` under its id. */
  #eventOf(
    sourceId: string,
    sources: Map<string, IngestSource>,
    source: SourceEvent,
    now: number,
    windows: DedupWindows,
  ): BridgeEvent {
    const id = newId();
    const settings = sources.get(sourceId)!;
    const by = source.dedupBy ?? 'key';
    const windowMs =
      by === 'body' ? (settings.bodyDedupWindowMs ?? this.#bodyDedupWindowMs) : this.#dedupWindowMs;
    windows.set(id, { by, windowMs });
    return {
      id,
      sourceId,
      ownerId: source.ownerId ?? settings.ownerId,
      type: source.type,
      title: source.title,
      body: source.body,
      severity: source.severity,
      url: source.url ?? null,
      tags: source.tags ?? [],
      data: source.data ?? null,
      attachments: source.attachments ?? [],
      warnings: source.warnings ?? [],
      // Without a key from the sender every event is new; the id is unique by construction.
      dedupKey: source.dedupKey ?? `id:${id}`,
      occurredAt: source.occurredAt ?? now,
      receivedAt: now,
    };
  }
}

/** Per event id of one write: what its dedup key is made of and how long it makes repeats duplicates. */
type DedupWindows = Map<string, { by: DedupBy; windowMs: number }>;

/** A window of 0 never ends. */
function outsideWindow(receivedAt: number, now: number, windowMs: number): boolean {
  return windowMs > 0 && receivedAt <= now - windowMs;
}

/** Stored originals by originalKey(): the event a repeat turned out to be. */
type Originals = Map<string, { id: string; receivedAt: number }>;

/** What one #write stored. */
interface Written {
  stored: BridgeEvent[];
  originals: Originals;
  /** Deliveries made per stored event. */
  routedCount: Map<string, number>;
  /** Deliveries inserted already leased to the dispatcher. */
  handed: Selectable<DeliveriesTable>[];
  deliveryCount: number;
}

function originalKey(event: { sourceId: string; dedupKey: string }): string {
  return `${event.sourceId}\u0000${event.dedupKey}`;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
