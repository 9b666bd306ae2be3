import type { Database } from '../db/open-database.ts';

/**
 * Takes or renews the lease `name` for `owner` until `now + ttlMs`: granted when nobody holds it, the
 * owner already does, or the holder let it run out. One statement, so two nodes never both win; works the
 * same on SQLite and Postgres. True when `owner` holds the lease afterwards.
 */
export async function holdLease(
  database: Database,
  name: string,
  owner: string,
  now: number,
  ttlMs: number,
): Promise<boolean> {
  const { db } = database;
  const lease_until = now + ttlMs;
  await db
    .insertInto('leases')
    .values({ name, owner, lease_until })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ owner, lease_until })
        .where((eb) => eb.or([eb('leases.owner', '=', owner), eb('leases.lease_until', '<=', now)])),
    )
    .execute();
  const row = await db.selectFrom('leases').select('owner').where('name', '=', name).executeTakeFirst();
  return row?.owner === owner;
}

/** Gives the lease up at once, so another node can take over without waiting for it to run out. */
export async function releaseLease(database: Database, name: string, owner: string): Promise<void> {
  await database.db.deleteFrom('leases').where('name', '=', name).where('owner', '=', owner).execute();
}
