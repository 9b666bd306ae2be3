import { CompiledQuery } from 'kysely';
import type { Database } from './open-database.ts';

// Statement texts that differ only in their number of rows, built once each; a few hundred at most.
const texts = new Map<string, string>();
const textsMax = 500;

/**
 * The text `build` returns, written with `?` placeholders, numbered `$1, $2, ...` on Postgres; built once
 * per dialect and key. For statements that are hot and whose shape depends only on a row count.
 */
export function cachedStatementText(dialect: Database['dialect'], key: string, build: () => string): string {
  const cacheKey = `${dialect}\u0000${key}`;
  let text = texts.get(cacheKey);
  if (text === undefined) {
    text = build();
    if (dialect === 'postgres') {
      let n = 0;
      text = text.replace(/\?/g, () => `$${++n}`);
    }
    if (texts.size >= textsMax) texts.clear();
    texts.set(cacheKey, text);
  }
  return text;
}

/** `rows` copies of the tuple `(placeholders)`, comma-separated: a VALUES list. */
export function valuesList(placeholders: string, rows: number): string {
  return Array.from({ length: rows }, () => `(${placeholders})`).join(', ');
}

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
  const text = cachedStatementText(
    dialect,
    `${table}\u0000${columns.join()}\u0000${tail}\u0000${rows.length}`,
    () => {
      const names = columns.map((column) => `"${column}"`).join(', ');
      const values = valuesList(columns.map(() => '?').join(', '), rows.length);
      return `insert into "${table}" (${names}) values ${values}${tail ? ` ${tail}` : ''}`;
    },
  );
  const parameters: unknown[] = new Array(rows.length * columns.length);
  let i = 0;
  for (const row of rows) {
    for (const column of columns) parameters[i++] = row[column] ?? null;
  }
  return CompiledQuery.raw(text, parameters);
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
