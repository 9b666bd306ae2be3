import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaColumns } from '../../src/db/schema.ts';
import { createMigratedDatabase, testDialects } from '../helpers/databases.ts';

describe.each(testDialects)('schema on %s', (dialect) => {
  let test: Awaited<ReturnType<typeof createMigratedDatabase>>;
  beforeAll(async () => {
    test = await createMigratedDatabase(dialect);
  });
  afterAll(() => test.drop());

  it('has exactly the tables and columns the code queries', async () => {
    const tables = await test.database.db.introspection.getTables();
    const actual = Object.fromEntries(
      tables
        .filter((t) => (test.database.schema ? t.schema === test.database.schema : true))
        .map((t) => [t.name, t.columns.map((c) => c.name).sort()]),
    );
    const expected = Object.fromEntries(
      Object.entries(schemaColumns).map(([table, columns]) => [table, Object.keys(columns).sort()]),
    );
    expect(actual).toEqual(expected);
  });
});
