import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/open-database.ts';
import type { Schema } from '../db/schema.ts';
import type { Clock } from '../domain/clock.ts';
import type { BridgeEvent, SourceEvent } from '../domain/event.ts';
import { newId } from '../ids.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { Router } from './router.ts';

export interface IngestedEvent {
  eventId: string;
  /** The same (source, dedup key) was seen before; `eventId` is the original's. */
  duplicate: boolean;
  deliveries: number;
}

export interface CommittedBatch {
  events: BridgeEvent[];
  deliveries: number;
}

interface PendingRequest {
  sourceId: string;
  events: SourceEvent[];
  resolve(result: IngestedEvent[]): void;
  reject(error: unknown): void;
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
}

/**
 * Stores events and their deliveries. Concurrent requests are group-committed: while one transaction
 * runs, new requests queue, and the next transaction takes them all, so one fsync serves many senders.
 * A request's promise settles only after its transaction committed.
 */
export class Ingestor {
  readonly #options: IngestorOptions;
  readonly #maxBatch: number;
  #queue: PendingRequest[] = [];
  #flushing = false;

  constructor(options: IngestorOptions) {
    this.#options = options;
    this.#maxBatch = options.maxBatch ?? 256;
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
    const results: IngestedEvent[][] = [];
    const stored: BridgeEvent[] = [];
    let deliveryCount = 0;
    await this.#options.database.db.transaction().execute(async (trx) => {
      for (const request of batch) {
        const perRequest: IngestedEvent[] = [];
        for (const source of request.events) {
          const result = await this.#store(trx, request.sourceId, source, now);
          perRequest.push(result.ingested);
          if (result.event) stored.push(result.event);
          deliveryCount += result.ingested.deliveries;
        }
        results.push(perRequest);
      }
    });
    for (const [i, request] of batch.entries()) request.resolve(results[i]!);
    if (stored.length > 0) this.#options.onCommitted?.({ events: stored, deliveries: deliveryCount });
  }

  async #store(
    trx: Transaction<Schema> | Kysely<Schema>,
    sourceId: string,
    source: SourceEvent,
    now: number,
  ): Promise<{ ingested: IngestedEvent; event?: BridgeEvent }> {
    const id = newId();
    const event: BridgeEvent = {
      id,
      sourceId,
      type: source.type,
      title: source.title,
      body: source.body,
      severity: source.severity,
      url: source.url ?? null,
      tags: source.tags ?? [],
      data: source.data ?? null,
      attachments: source.attachments ?? [],
      // Without a key from the sender every event is new; the id is unique by construction.
      dedupKey: source.dedupKey ?? `id:${id}`,
      occurredAt: source.occurredAt ?? now,
      receivedAt: now,
    };
    const inserted = await trx
      .insertInto('events')
      .values({
        id: event.id,
        source_id: sourceId,
        type: event.type,
        title: event.title,
        body: event.body,
        severity: event.severity,
        url: event.url,
        tags: JSON.stringify(event.tags),
        data: JSON.stringify(event.data),
        attachments: JSON.stringify(event.attachments),
        dedup_key: event.dedupKey,
        occurred_at: event.occurredAt,
        received_at: now,
      })
      .onConflict((oc) => oc.columns(['source_id', 'dedup_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      const original = await trx
        .selectFrom('events')
        .select('id')
        .where('source_id', '=', sourceId)
        .where('dedup_key', '=', event.dedupKey)
        .executeTakeFirstOrThrow();
      return { ingested: { eventId: original.id, duplicate: true, deliveries: 0 } };
    }
    const routes = this.#options.router.route(event);
    // SQLite binds at most 32,766 parameters per statement; 17 columns x 1,000 rows stays under it.
    for (const part of chunks(routes, 1000)) {
      await trx
        .insertInto('deliveries')
        .values(
          part.map((route) => ({
            id: newId(),
            event_id: event.id,
            rule_id: route.ruleId,
            receiver_id: route.receiverId,
            target_id: route.targetId,
            status: 'pending' as const,
            due_at: now,
            lease_until: null,
            lease_owner: null,
            attempts: 0,
            max_attempts: route.maxAttempts ?? this.#options.defaultMaxAttempts,
            dispatch_id: null,
            last_error: null,
            provider_message_id: null,
            created_at: now,
            updated_at: now,
            finished_at: null,
          })),
        )
        .execute();
    }
    return { ingested: { eventId: event.id, duplicate: false, deliveries: routes.length }, event };
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
