import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multiRowInsert } from '../../src/db/multi-row-insert.ts';
import { createMigratedDatabase, testDialects } from '../helpers/databases.ts';

describe.each(testDialects)('multiRowInsert on %s', (dialect) => {
  let test: Awaited<ReturnType<typeof createMigratedDatabase>>;
  beforeAll(async () => {
    test = await createMigratedDatabase(dialect);
  });
  afterAll(() => test.drop());

  const settings = (...keys: string[]) => keys.map((key) => ({ key, value: `value of ${key}` }));

  it('inserts every row, binding each column in order', async () => {
    const { db } = test.database;
    await db.executeQuery(multiRowInsert(dialect, 'settings', ['key', 'value'], settings('a', 'b', 'c')));
    const stored = await db.selectFrom('settings').selectAll().where('key', 'in', ['a', 'b', 'c']).execute();
    expect(stored.sort((x, y) => x.key.localeCompare(y.key))).toEqual(settings('a', 'b', 'c'));
  });

  it('appends the tail: a conflict skips the row, RETURNING lists the others', async () => {
    const { db } = test.database;
    await db.executeQuery(multiRowInsert(dialect, 'settings', ['key', 'value'], settings('taken')));
    const { rows } = await db.executeQuery<{ key: string }>(
      multiRowInsert(
        dialect,
        'settings',
        ['key', 'value'],
        [...settings('new-1'), { key: 'taken', value: 'second' }, ...settings('new-2')],
        'on conflict ("key") do nothing returning "key"',
      ),
    );
    expect(rows.map((row) => row.key).sort()).toEqual(['new-1', 'new-2']);
    const taken = await db.selectFrom('settings').select('value').where('key', '=', 'taken').execute();
    expect(taken).toEqual([{ value: 'value of taken' }]);
  });

  it('numbers placeholders for the dialect and reuses one text per shape', () => {
    const two = multiRowInsert(dialect, 'settings', ['key', 'value'], settings('x', 'y'));
    const again = multiRowInsert(dialect, 'settings', ['key', 'value'], settings('p', 'q'));
    expect(two.sql).toBe(
      dialect === 'postgres'
        ? 'insert into "settings" ("key", "value") values ($1, $2), ($3, $4)'
        : 'insert into "settings" ("key", "value") values (?, ?), (?, ?)',
    );
    expect(again.sql).toBe(two.sql);
    expect(again.parameters).toEqual(['p', 'value of p', 'q', 'value of q']);
  });

  it('binds a missing value as null', () => {
    const query = multiRowInsert<{ key: string; value?: string }>(
      dialect,
      'settings',
      ['key', 'value'],
      [{ key: 'k' }],
    );
    expect(query.parameters).toEqual(['k', null]);
  });
});
