import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createMigratedDatabase } from '../helpers/databases.ts';

describe('an opened SQLite database', () => {
  let test: Awaited<ReturnType<typeof createMigratedDatabase>> | undefined;
  afterEach(() => test?.drop());

  async function pragma(name: string): Promise<unknown> {
    const { rows } = await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(test!.database.db);
    return Object.values(rows[0]!)[0];
  }

  it('logs ahead, checks foreign keys, and checkpoints the log every 10,000 pages rather than 1,000', async () => {
    test = await createMigratedDatabase('sqlite');
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await pragma('wal_autocheckpoint')).toBe(10_000);
  });

  it("lets the log grow past SQLite's default checkpoint size before writing it back", async () => {
    test = await createMigratedDatabase('sqlite');
    const { db } = test.database;
    // ~2,000 pages of 4 KiB in 20 commits: with the default, a checkpoint after 1,000 pages would rewind
    // the log and keep it near 4 MB.
    for (let i = 0; i < 20; i++) {
      const rows = Array.from({ length: 100 }, (_, j) => ({ key: `k${i}-${j}`, value: 'x'.repeat(4000) }));
      await db.insertInto('settings').values(rows).execute();
    }
    const { rows } = await sql<{ log: number; checkpointed: number }>`pragma wal_checkpoint(passive)`.execute(
      db,
    );
    expect(Number(Object.values(rows[0]!)[1])).toBeGreaterThan(1500);
  });
});
