import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database.ts';
import { createMigratedDatabase } from '../helpers/databases.ts';
import { eventually } from '../helpers/http-sink.ts';

describe('the SQLite driver while another connection writes', () => {
  let test: Awaited<ReturnType<typeof createMigratedDatabase>> | undefined;
  afterEach(() => test?.drop());

  it('waits for the write lock without blocking the event loop, then writes', async () => {
    test = await createMigratedDatabase('sqlite');
    const other = new DatabaseSync(test.settings.sqlitePath);
    other.exec('begin immediate');
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    let written = false;
    const write = test.database.db
      .insertInto('settings')
      .values({ key: 'waited', value: '1' })
      .execute()
      .then(() => {
        written = true;
      });
    // Timers run while the insert waits for the lock: nothing blocks the loop.
    await eventually(async () => (ticks > 10 ? true : undefined));
    expect(written).toBe(false);
    other.exec('commit');
    await write;
    clearInterval(ticker);
    other.close();
    const row = await test.database.db
      .selectFrom('settings')
      .selectAll()
      .where('key', '=', 'waited')
      .executeTakeFirst();
    expect(row).toEqual({ key: 'waited', value: '1' });
  });

  it('gives up with SQLITE_BUSY after the busy timeout', async () => {
    test = await createMigratedDatabase('sqlite');
    const impatient = openDatabase({ ...test.settings, busyTimeoutMs: 100 });
    const other = new DatabaseSync(test.settings.sqlitePath);
    other.exec('begin immediate');
    const started = Date.now();
    await expect(
      impatient.db
        .transaction()
        .execute((trx) => trx.insertInto('settings').values({ key: 'x', value: '1' }).execute()),
    ).rejects.toMatchObject({ errcode: 5 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    other.exec('rollback');
    other.close();
    await impatient.close();
  });
});
