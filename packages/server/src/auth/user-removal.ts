import type { Database } from '../db/open-database.ts';

/**
 * What happens to a user's things when the user goes: handed to another user, or deleted with them. The
 * API asks which (api/users.ts) and refuses to guess; a user who owns nothing just goes.
 */

/** The tables of things a user owns, in the order their rows can be deleted without dangling references. */
// `receivers` are only those a member added to a target shared with them (the rest follow their target).
const ownedTables = ['events', 'rules', 'templates', 'receivers', 'targets', 'sources', 'silences'] as const;
export type OwnedTable = (typeof ownedTables)[number];

export async function ownedCounts(database: Database, userId: string): Promise<Record<OwnedTable, number>> {
  const counts = {} as Record<OwnedTable, number>;
  for (const table of ownedTables) {
    const row = await database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('owner_id', '=', userId)
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/**
 * Deletes the user, after moving everything they own to `heir` or, without one, deleting it too (their
 * targets' receivers and every delivery to them go with the targets; rules of others that used their
 * templates fall back to the default template). Sessions and tokens go with the user. One transaction.
 */
export async function removeUser(
  database: Database,
  userId: string,
  heir: string | undefined,
): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    for (const table of ownedTables) {
      if (heir !== undefined) {
        await trx.updateTable(table).set({ owner_id: heir }).where('owner_id', '=', userId).execute();
      } else {
        await trx.deleteFrom(table).where('owner_id', '=', userId).execute();
      }
    }
    await trx.deleteFrom('users').where('id', '=', userId).execute();
  });
}
