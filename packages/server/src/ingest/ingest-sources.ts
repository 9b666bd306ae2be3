import type { Transaction } from 'kysely';
import type { Schema } from '../db/schema.ts';
import { BridgeError } from '../errors.ts';

/** What storing a source's events needs to know of the source. */
export interface IngestSource {
  ownerId: string;
  /** The source's own window for body-hash duplicates, in ms; null takes the server's. */
  bodyDedupWindowMs: number | null;
}

/**
 * These sources as they are in the transaction that stores their events, so an event always belongs to its
 * source's owner and follows its dedup setting as they are when the event commits, on whichever node it
 * arrives.
 */
export async function ingestSources(
  trx: Transaction<Schema>,
  sourceIds: readonly string[],
): Promise<Map<string, IngestSource>> {
  const wanted = [...new Set(sourceIds)];
  const rows = await trx
    .selectFrom('sources')
    .select(['id', 'owner_id', 'body_dedup_window_ms'])
    .where('id', 'in', wanted)
    .execute();
  const sources = new Map(
    rows.map((row) => [row.id, { ownerId: row.owner_id, bodyDedupWindowMs: row.body_dedup_window_ms }]),
  );
  const missing = wanted.find((id) => !sources.has(id));
  if (missing !== undefined) throw new BridgeError('NB_ERR_NOT_FOUND', `no source with id "${missing}"`);
  return sources;
}
