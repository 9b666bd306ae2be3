import { CompiledQuery } from 'kysely';
import type { Database } from './open-database.ts';

// One text per table, columns, tail and row count; a few hundred shapes at most in practice.
const texts = new Map<string, string>();
const textsMax = 500;

/**
 * A multi-row INSERT written directly, its values bound in column order. The hot inserts (events and
 * deliveries at ingest, attempts in the outcome writer) go through this because Kysely's builder takes
 * ~2.5 µs a row to compile one (17 columns), more than SQLite takes to insert it. Every row has every
 * column; undefined is bound as null. `tail` follows the VALUES list (ON CONFLICT, RETURNING).
 */
export function multiRowInsert<Row extends object>(
  dialect: Database['dialect'],
  table: string,
  columns: readonly (keyof Row & string)[],
  rows: readonly Row[],
  tail = '',
): CompiledQuery {
  const key = `${dialect}\u0000${table}\u0000${columns.join()}\u0000${tail}\u0000${rows.length}`;
  let text = texts.get(key);
  if (text === undefined) {
    text = insertText(dialect, table, columns, rows.length, tail);
    if (texts.size >= textsMax) texts.clear();
    texts.set(key, text);
  }
  const parameters: unknown[] = new Array(rows.length * columns.length);
  let i = 0;
  for (const row of rows) {
    for (const column of columns) parameters[i++] = row[column] ?? null;
  }
  return CompiledQuery.raw(text, parameters);
}

function insertText(
  dialect: Database['dialect'],
  table: string,
  columns: readonly string[],
  rowCount: number,
  tail: string,
): string {
  let n = 0;
  const placeholder = dialect === 'postgres' ? () => `$${++n}` : () => '?';
  const tuples: string[] = [];
  for (let row = 0; row < rowCount; row++) {
    tuples.push(`(${columns.map(placeholder).join(', ')})`);
  }
  const names = columns.map((column) => `"${column}"`).join(', ');
  return `insert into "${table}" (${names}) values ${tuples.join(', ')}${tail ? ` ${tail}` : ''}`;
}
