import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaColumns } from '../../src/db/schema.ts';
import { createMigratedDatabase, testDialects } from '../helpers/databases.ts';

describe.each(testDialects)('schema on %s', (dialect) => {
  let test: Awaited<ReturnType<typeof createMigratedDatabase>>;
  beforeAll(async () => {
    test = await createMigratedDatabase(dialect);
  });
  afterAll(() => test.drop());

  async function actualColumns(): Promise<Record<string, string[]>> {
    const { db, schema } = test.database;
    if (schema) {
      // Asked of this schema only: Kysely's introspection reads every schema, and other test files drop
      // theirs concurrently, which Postgres may report as a missing relation mid-query.
      const rows = await sql<{ table_name: string; column_name: string }>`
        select table_name, column_name from information_schema.columns
        where table_schema = ${schema} and table_name not like 'kysely_%'`.execute(db);
      const tables: Record<string, string[]> = {};
      for (const row of rows.rows) {
        tables[row.table_name] ??= [];
        tables[row.table_name]!.push(row.column_name);
      }
      for (const columns of Object.values(tables)) columns.sort();
      return tables;
    }
    const tables = await db.introspection.getTables();
    return Object.fromEntries(tables.map((t) => [t.name, t.columns.map((c) => c.name).sort()]));
  }

  it('has exactly the tables and columns the code queries', async () => {
    const expected = Object.fromEntries(
      Object.entries(schemaColumns).map(([table, columns]) => [table, Object.keys(columns).sort()]),
    );
    // The event search index (migration 0018) is the database's own machinery, read only by raw SQL in
    // api/event-search.ts: SQLite's FTS5 table with its shadow tables, Postgres's generated column.
    const actual = await actualColumns();
    for (const table of Object.keys(actual)) if (table.startsWith('events_fts')) delete actual[table];
    actual.events = actual.events!.filter((column) => column !== 'search');
    expect(actual).toEqual(expected);
  });
});
