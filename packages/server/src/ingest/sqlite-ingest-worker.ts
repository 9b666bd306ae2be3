/**
 * The worker behind SqliteIngestWriter: its own connection to the database file, which writes each batch
 * of accepted events and their deliveries in one transaction and waits for the disk there, not on the
 * main thread. Messages carry whole batches, so a batch costs one round trip.
 */
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { type MessagePort, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { IngestBatch, IngestReply, IngestWorkerData } from './sqlite-ingest-writer.ts';

const settings = workerData as IngestWorkerData;
const db = new DatabaseSync(settings.sqlitePath, { enableForeignKeyConstraints: true });
db.exec(`pragma busy_timeout = ${Math.trunc(settings.busyTimeoutMs)}`);
db.exec(`pragma synchronous = ${settings.synchronous}`);
db.exec('pragma foreign_keys = on');

const statements = new Map<string, StatementSync>();
function prepared(sql: string): StatementSync {
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}

/** `insert into <table> (<columns>) values (?, ...), ...` for `rows` rows; `suffix` follows. */
function insertSql(table: string, columns: readonly string[], rows: number, suffix = ''): string {
  const row = `(${columns.map(() => '?').join(', ')})`;
  return `insert into ${table} (${columns.join(', ')}) values ${Array(rows).fill(row).join(', ')}${suffix}`;
}

/** Writes one batch inside the open transaction. */
function write(batch: IngestBatch): IngestReply {
  const inserted: string[] = [];
  const originals: [number, string][] = [];
  {
    const { eventColumns, deliveryColumns } = batch;
    for (let from = 0; from < batch.events.length; from += batch.eventsPerStatement) {
      const part = batch.events.slice(from, from + batch.eventsPerStatement);
      const sql = insertSql(
        'events',
        eventColumns,
        part.length,
        ' on conflict (source_id, dedup_key) do nothing returning id',
      );
      for (const row of prepared(sql).all(...(part.flat() as SQLInputValue[]))) {
        inserted.push(row.id as string);
      }
    }
    const stored = new Set(inserted);
    const eventIdAt = deliveryColumns.indexOf('event_id');
    const deliveries = batch.deliveries.filter((row) => stored.has(row[eventIdAt] as string));
    for (let from = 0; from < deliveries.length; from += batch.deliveriesPerStatement) {
      const part = deliveries.slice(from, from + batch.deliveriesPerStatement);
      prepared(insertSql('deliveries', deliveryColumns, part.length)).run(
        ...(part.flat() as SQLInputValue[]),
      );
    }
    // A duplicate (source, dedup key): the answer names the event stored first.
    const sourceAt = eventColumns.indexOf('source_id');
    const keyAt = eventColumns.indexOf('dedup_key');
    const idAt = eventColumns.indexOf('id');
    const find = prepared('select id from events where source_id = ? and dedup_key = ?');
    for (const [index, row] of batch.events.entries()) {
      if (stored.has(row[idAt] as string)) continue;
      const original = find.get(row[sourceAt] as string, row[keyAt] as string);
      if (original) originals.push([index, original.id as string]);
    }
  }
  return { id: batch.id, inserted, originals };
}

/** Batches in one transaction; all of them or, if that fails, none. */
function commit(batches: IngestBatch[]): IngestReply[] {
  db.exec('begin immediate');
  try {
    const replies = batches.map(write);
    db.exec('commit');
    return replies;
  } catch (error) {
    if (db.isTransaction) db.exec('rollback');
    throw error;
  }
}

const port = parentPort!;
port.on('message', (first: IngestBatch) => {
  // Batches that arrived while the last commit waited for the disk share the next one.
  const batches = [first];
  for (
    let next = receiveMessageOnPort(port as MessagePort);
    next;
    next = receiveMessageOnPort(port as MessagePort)
  ) {
    batches.push(next.message as IngestBatch);
  }
  let replies: IngestReply[];
  try {
    replies = commit(batches);
  } catch (error) {
    // One bad batch must not fail the others: each alone, so only its own request fails.
    replies =
      batches.length === 1
        ? [{ id: first.id, error: (error as Error).message }]
        : batches.map((batch) => {
            try {
              return commit([batch])[0]!;
            } catch (alone) {
              return { id: batch.id, error: (alone as Error).message };
            }
          });
  }
  for (const reply of replies) port.postMessage(reply);
});
