import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendStreamEntries } from '../../src/realtime/append-entries.ts';
import { deletedThrough, readEntries } from '../../src/realtime/read-entries.ts';
import { deleteExpiredEntries } from '../../src/realtime/retention.ts';
import { createMigratedDatabase, testDialects } from '../helpers/databases.ts';

describe.each(testDialects)('stream retention on %s', (dialect) => {
  let test: Awaited<ReturnType<typeof createMigratedDatabase>>;
  beforeAll(async () => {
    test = await createMigratedDatabase(dialect);
  });
  afterAll(() => test.drop());

  it('deletes the prefix of ids older than the cutoff in small transactions, and moves the horizon', async () => {
    const { database } = test;
    const entry = (n: number) => ({
      stream: 'events' as const,
      ownerId: 'u',
      type: 'event.committed',
      data: { n },
    });
    // Seven old entries, then three new ones.
    for (const [n, at] of [
      ...Array.from({ length: 7 }, (_, i) => [i, 1_000] as const),
      [7, 5_000],
      [8, 5_000],
      [9, 5_000],
    ] as const) {
      await database.db.transaction().execute((trx) => appendStreamEntries(trx, database, [entry(n)], at));
    }
    const before = await readEntries(database, { after: 0, limit: 100 });
    expect(before).toHaveLength(10);

    expect(await deleteExpiredEntries(database, 2_000, 3)).toBe(7);
    const left = await readEntries(database, { after: 0, limit: 100 });
    expect(left.map((e) => (e.data as { n: number }).n)).toEqual([7, 8, 9]);
    expect(await deletedThrough(database)).toBe(before[6]!.id);
    // Nothing more is old: a second sweep deletes nothing and leaves the horizon.
    expect(await deleteExpiredEntries(database, 2_000, 3)).toBe(0);
    expect(await deletedThrough(database)).toBe(before[6]!.id);
  });
});
