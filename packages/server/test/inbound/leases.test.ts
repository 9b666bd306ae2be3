import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdLease, releaseLease } from '../../src/inbound/leases.ts';
import { createMigratedDatabase, testDialects } from '../helpers/databases.ts';

describe.each(testDialects)('leases on %s', (dialect) => {
  let db: Awaited<ReturnType<typeof createMigratedDatabase>>;
  beforeAll(async () => {
    db = await createMigratedDatabase(dialect);
  });
  afterAll(() => db.drop());

  it('goes to the first node, is renewed by it, and refused to others while it lasts', async () => {
    const { database } = db;
    expect(await holdLease(database, 'bot:1', 'a', 1000, 300)).toBe(true);
    expect(await holdLease(database, 'bot:1', 'b', 1100, 300)).toBe(false);
    expect(await holdLease(database, 'bot:1', 'a', 1200, 300)).toBe(true);
    // Renewed until 1500: still a's at 1400.
    expect(await holdLease(database, 'bot:1', 'b', 1400, 300)).toBe(false);
    const row = await database.db.selectFrom('leases').selectAll().executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'bot:1', owner: 'a', lease_until: 1500 });
  });

  it('passes to another node when the holder lets it run out', async () => {
    const { database } = db;
    expect(await holdLease(database, 'bot:2', 'a', 0, 100)).toBe(true);
    expect(await holdLease(database, 'bot:2', 'b', 100, 100)).toBe(true);
    expect(await holdLease(database, 'bot:2', 'a', 150, 100)).toBe(false);
  });

  it('is free at once when released, and only its owner can release it', async () => {
    const { database } = db;
    expect(await holdLease(database, 'bot:3', 'a', 0, 1000)).toBe(true);
    await releaseLease(database, 'bot:3', 'b');
    expect(await holdLease(database, 'bot:3', 'b', 10, 1000)).toBe(false);
    await releaseLease(database, 'bot:3', 'a');
    expect(await holdLease(database, 'bot:3', 'b', 20, 1000)).toBe(true);
  });

  it('grants a contested lease to exactly one of many nodes at once', async () => {
    const { database } = db;
    const owners = Array.from({ length: 8 }, (_, i) => `node-${i}`);
    const granted = await Promise.all(owners.map((owner) => holdLease(database, 'bot:4', owner, 0, 1000)));
    expect(granted.filter(Boolean)).toHaveLength(1);
  });
});
