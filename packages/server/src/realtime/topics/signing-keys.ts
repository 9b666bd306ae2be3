import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/open-database.ts';
import { newId } from '../../ids.ts';
import type { SealContext, SecretBox } from '../../security/secret-box.ts';

/**
 * The HMAC keys of subscriber tokens, in topic_signing_keys, sealed with the app's secret box. The newest
 * key not retired signs; every key still stored verifies, so a rotation leaves the tokens signed before it
 * valid until they expire. A retired key is deleted once the longest-lived token it can have signed has
 * expired. No cache: a key is read per mint and per subscription, which are rare next to what a stream sends.
 */
export interface SigningKeys {
  database: Database;
  secretBox: SecretBox;
}

export interface SigningKey {
  id: string;
  key: Buffer;
}

/** The key that signs now; made on first need. Two nodes making one at once is harmless: both verify. */
export async function currentSigningKey(keys: SigningKeys, now: number): Promise<SigningKey> {
  const row = await keys.database.db
    .selectFrom('topic_signing_keys')
    .select(['id', 'secret'])
    .where('retired_at', 'is', null)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (row) return { id: row.id, key: openKey(keys, row.id, row.secret) };
  return insertKey(keys, now);
}

/** The key a token names, while it is kept. */
export async function signingKey(keys: SigningKeys, id: string): Promise<Buffer | undefined> {
  const row = await keys.database.db
    .selectFrom('topic_signing_keys')
    .select(['id', 'secret'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? openKey(keys, row.id, row.secret) : undefined;
}

/**
 * Makes a new current key and retires the others; deletes retired keys whose tokens have all expired
 * (retired longer ago than `longestTtlMs`, the longest a token may live, plus a minute for a mint that read
 * the key just before it was retired).
 */
export async function rotateSigningKeys(
  keys: SigningKeys,
  now: number,
  longestTtlMs: number,
): Promise<{ keyId: string; retired: number; deleted: number }> {
  const { db } = keys.database;
  const retired = await db
    .updateTable('topic_signing_keys')
    .set({ retired_at: now })
    .where('retired_at', 'is', null)
    .executeTakeFirst();
  const deleted = await db
    .deleteFrom('topic_signing_keys')
    .where('retired_at', '<', now - longestTtlMs - mintMarginMs)
    .executeTakeFirst();
  const key = await insertKey(keys, now);
  return {
    keyId: key.id,
    retired: Number(retired.numUpdatedRows),
    deleted: Number(deleted.numDeletedRows),
  };
}

const mintMarginMs = 60_000;

async function insertKey(keys: SigningKeys, now: number): Promise<SigningKey> {
  const id = newId();
  const key = randomBytes(32);
  await keys.database.db
    .insertInto('topic_signing_keys')
    .values({
      id,
      secret: keys.secretBox.seal(key.toString('base64'), sealContext(id)),
      created_at: now,
      retired_at: null,
    })
    .execute();
  return { id, key };
}

function openKey(keys: SigningKeys, id: string, sealed: string): Buffer {
  return Buffer.from(keys.secretBox.open(sealed, sealContext(id)), 'base64');
}

function sealContext(rowId: string): SealContext {
  return { table: 'topic_signing_keys', column: 'secret', rowId };
}
