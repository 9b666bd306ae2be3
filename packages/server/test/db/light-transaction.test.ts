import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lightTransaction } from '../../src/db/open-database.ts';
import { createMigratedDatabase, testDialects } from '../helpers/databases.ts';

describe.each(testDialects)('lightTransaction on %s', (dialect) => {
  let test: Awaited<ReturnType<typeof createMigratedDatabase>>;
  beforeAll(async () => {
    test = await createMigratedDatabase(dialect);
  });
  afterAll(() => test.drop());

  /** SQLite: 2 = FULL, 1 = NORMAL (the test databases run NORMAL). Postgres: on / off. */
  async function durability(db = test.database.db): Promise<string> {
    if (dialect === 'postgres') {
      const { rows } = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(db);
      return rows[0]!.synchronous_commit;
    }
    const { rows } = await sql<{ synchronous: number }>`pragma synchronous`.execute(db);
    return String(rows[0]!.synchronous);
  }

  it('commits without waiting for the disk, and leaves every other transaction as configured', async () => {
    const { database } = test;
    const configured = await durability();
    const sqliteFull = { ...database, synchronous: 'FULL' as const };
    if (dialect === 'sqlite') await sql`pragma synchronous = full`.execute(database.db);
    const before = await durability();
    const inside = await lightTransaction(dialect === 'sqlite' ? sqliteFull : database, async (trx) => {
      await trx.insertInto('settings').values({ key: 'light', value: '1' }).execute();
      return durability(trx);
    });
    expect(inside).toBe(dialect === 'postgres' ? 'off' : '1');
    expect(await durability()).toBe(before);
    expect(
      await database.db.selectFrom('settings').select('value').where('key', '=', 'light').executeTakeFirst(),
    ).toEqual({
      value: '1',
    });
    if (dialect === 'sqlite') await sql.raw(`pragma synchronous = ${configured}`).execute(database.db);
  });

  it('rolls back and restores the level when the work fails', async () => {
    const { database } = test;
    const before = await durability();
    await expect(
      lightTransaction(database, async (trx) => {
        await trx.insertInto('settings').values({ key: 'failed', value: '1' }).execute();
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    expect(await durability()).toBe(before);
    expect(
      await database.db.selectFrom('settings').selectAll().where('key', '=', 'failed').execute(),
    ).toEqual([]);
  });
});
