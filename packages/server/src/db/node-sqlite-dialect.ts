import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';

/**
 * Kysely over Node's built-in `node:sqlite`. We use it instead of better-sqlite3 because it needs no native
 * build (better-sqlite3 would compile against the wrong Node headers here) and bundles a current SQLite.
 * Differences from Kysely's own SqliteDriver: every transaction is `BEGIN IMMEDIATE` (a deferred
 * read-to-write upgrade fails with SQLITE_BUSY that busy_timeout cannot help), and prepared statements are
 * cached by SQL text, which matters on the ingest path.
 */
export class NodeSqliteDialect implements Dialect {
  readonly #database: DatabaseSync;
  readonly #busyTimeoutMs: number;

  /**
   * The connection must have `busy_timeout` 0: while another connection (a CLI command, a backup) holds
   * the write lock, SQLite's own wait would block the event loop; this driver waits asynchronously instead,
   * for up to `busyTimeoutMs`.
   */
  constructor(database: DatabaseSync, busyTimeoutMs = 0) {
    this.#database = database;
    this.#busyTimeoutMs = busyTimeoutMs;
  }

  createAdapter() {
    return new SqliteAdapter();
  }

  createDriver(): Driver {
    return new NodeSqliteDriver(this.#database, this.#busyTimeoutMs);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  // biome-ignore lint/suspicious/noExplicitAny: Kysely's own dialects take Kysely<any> here.
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
}

const statementCacheSize = 500;

class NodeSqliteDriver implements Driver {
  readonly #connection: NodeSqliteConnection;
  readonly #database: DatabaseSync;
  #locked: Promise<void> | undefined;
  #unlock: (() => void) | undefined;

  constructor(database: DatabaseSync, busyTimeoutMs: number) {
    this.#database = database;
    this.#connection = new NodeSqliteConnection(database, busyTimeoutMs);
  }

  async init(): Promise<void> {}

  // SQLite has one connection: callers wait their turn, as in Kysely's SqliteDriver.
  async acquireConnection(): Promise<DatabaseConnection> {
    while (this.#locked) await this.#locked;
    this.#locked = new Promise((resolve) => {
      this.#unlock = resolve;
    });
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    const unlock = this.#unlock;
    this.#locked = undefined;
    this.#unlock = undefined;
    unlock?.();
  }

  async destroy(): Promise<void> {
    if (this.#database.isOpen) this.#database.close();
  }
}

class NodeSqliteConnection implements DatabaseConnection {
  readonly #database: DatabaseSync;
  readonly #busyTimeoutMs: number;
  readonly #statements = new Map<string, { statement: StatementSync; reader: boolean }>();

  constructor(database: DatabaseSync, busyTimeoutMs: number) {
    this.#database = database;
    this.#busyTimeoutMs = busyTimeoutMs;
  }

  #prepare(sql: string) {
    let cached = this.#statements.get(sql);
    if (!cached) {
      const statement = this.#database.prepare(sql);
      cached = { statement, reader: statement.columns().length > 0 };
      if (this.#statements.size >= statementCacheSize) {
        const oldest = this.#statements.keys().next().value;
        if (oldest !== undefined) this.#statements.delete(oldest);
      }
      this.#statements.set(sql, cached);
    }
    return cached;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const { statement, reader } = this.#prepare(query.sql);
    const parameters = query.parameters.map(toSqliteValue);
    for (let waited = 0, pause = 1; ; waited += pause) {
      try {
        if (reader) return { rows: statement.all(...parameters) as R[] };
        const { changes, lastInsertRowid } = statement.run(...parameters);
        return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
      } catch (error) {
        // Another connection writes: a statement refused with SQLITE_BUSY did nothing and can run again.
        if ((error as { errcode?: number }).errcode !== sqliteBusy || waited >= this.#busyTimeoutMs)
          throw error;
        await sleep(pause);
      }
    }
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const { statement } = this.#prepare(query.sql);
    for (const row of statement.iterate(...query.parameters.map(toSqliteValue))) {
      yield { rows: [row as R] };
    }
  }
}

const sqliteBusy = 5;

// node:sqlite binds no booleans or undefined; Kysely may pass both.
function toSqliteValue(value: unknown): SQLInputValue {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value as SQLInputValue;
}
