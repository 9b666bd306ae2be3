import { Worker } from 'node:worker_threads';
import type { Insertable } from 'kysely';
import type { SqliteSynchronous } from '../db/open-database.ts';
import type { DeliveriesTable, EventsTable } from '../db/schema.ts';
import { deliveryRowsPerStatement, eventRowsPerStatement } from './rows.ts';

export interface IngestWorkerData {
  sqlitePath: string;
  synchronous: SqliteSynchronous;
  busyTimeoutMs: number;
}

type Row = (string | number | null)[];

export interface IngestBatch {
  id: number;
  eventColumns: readonly string[];
  deliveryColumns: readonly string[];
  events: Row[];
  deliveries: Row[];
  eventsPerStatement: number;
  deliveriesPerStatement: number;
}

export type IngestReply =
  | { id: number; inserted: string[]; originals: [number, string][]; error?: undefined }
  | { id: number; error: string };

export interface WrittenBatch {
  /** Ids of the events stored now; the others were duplicates. */
  inserted: Set<string>;
  /** For each duplicate, by its index in the batch: the id of the event stored first. */
  originals: Map<number, string>;
}

const eventColumns = [
  'id',
  'source_id',
  'type',
  'title',
  'body',
  'severity',
  'url',
  'tags',
  'data',
  'attachments',
  'dedup_key',
  'occurred_at',
  'received_at',
] as const satisfies readonly (keyof EventsTable)[];

const deliveryColumns = [
  'id',
  'event_id',
  'rule_id',
  'receiver_id',
  'target_id',
  'status',
  'due_at',
  'lease_until',
  'lease_owner',
  'attempts',
  'max_attempts',
  'dispatch_id',
  'last_error',
  'provider_message_id',
  'created_at',
  'updated_at',
  'finished_at',
] as const satisfies readonly (keyof DeliveriesTable)[];

const workerUrl = new URL('./sqlite-ingest-worker.ts', import.meta.url);

/**
 * Writes the ingestor's batches on SQLite from a worker thread with a connection of its own. With
 * synchronous=FULL each commit waits for the disk; on the main thread that wait stalled every request and
 * send (a quarter of the time under load). SQLite takes one writer at a time, so the main connection's
 * writes wait their turn without blocking its event loop (node-sqlite-dialect.ts retries on SQLITE_BUSY).
 */
export class SqliteIngestWriter {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, { resolve(reply: IngestReply): void; reject(error: Error): void }>();
  #nextId = 1;
  #failed: Error | undefined;

  constructor(settings: IngestWorkerData) {
    this.#worker = new Worker(workerUrl, { workerData: settings });
    this.#worker.unref();
    this.#worker.on('message', (reply: IngestReply) => {
      const waiting = this.#waiting.get(reply.id);
      this.#waiting.delete(reply.id);
      waiting?.resolve(reply);
      if (this.#waiting.size === 0) this.#worker.unref();
    });
    this.#worker.on('error', (error) => this.#fail(error));
    this.#worker.on('exit', (code) => this.#fail(new Error(`the ingest writer stopped (exit code ${code})`)));
  }

  async write(
    events: readonly Insertable<EventsTable>[],
    deliveries: readonly Insertable<DeliveriesTable>[],
  ): Promise<WrittenBatch> {
    if (this.#failed) throw this.#failed;
    const id = this.#nextId++;
    const reply = await new Promise<IngestReply>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#worker.ref();
      const batch: IngestBatch = {
        id,
        eventColumns,
        deliveryColumns,
        events: events.map((row) => eventColumns.map((column) => sqlValue(row[column]))),
        deliveries: deliveries.map((row) => deliveryColumns.map((column) => sqlValue(row[column]))),
        eventsPerStatement: eventRowsPerStatement,
        deliveriesPerStatement: deliveryRowsPerStatement,
      };
      this.#worker.postMessage(batch);
    });
    if (reply.error !== undefined) throw new Error(reply.error);
    return { inserted: new Set(reply.inserted), originals: new Map(reply.originals) };
  }

  #fail(error: Error): void {
    this.#failed ??= error;
    for (const waiting of this.#waiting.values()) waiting.reject(error);
    this.#waiting.clear();
  }

  async close(): Promise<void> {
    this.#failed ??= new Error('the ingest writer is closed');
    await this.#worker.terminate();
  }
}

function sqlValue(value: unknown): string | number | null {
  return value === undefined ? null : (value as string | number | null);
}
