import type { Transaction } from 'kysely';
import type { Schema } from '../db/schema.ts';
import { BridgeError } from '../errors.ts';

/**
 * The owners of these sources, read in the transaction that stores their events, so an event always
 * belongs to its source's owner as it is when the event commits, on whichever node it arrives.
 */
export async function sourceOwners(
  trx: Transaction<Schema>,
  sourceIds: readonly string[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(sourceIds)];
  const rows = await trx.selectFrom('sources').select(['id', 'owner_id']).where('id', 'in', wanted).execute();
  const owners = new Map(rows.map((row) => [row.id, row.owner_id]));
  const missing = wanted.find((id) => !owners.has(id));
  if (missing !== undefined) throw new BridgeError('NB_ERR_NOT_FOUND', `no source with id "${missing}"`);
  return owners;
}
