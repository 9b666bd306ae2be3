import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { NodeSqliteDialect } from './node-sqlite-dialect.ts';
import type { Schema } from './schema.ts';

export type SqliteSynchronous = 'FULL' | 'NORMAL' | 'OFF';

export interface DatabaseSettings {
  /** A postgres:// URL selects Postgres; absent, the embedded SQLite file is used. */
  url?: string;
  sqlitePath: string;
  sqliteSynchronous: SqliteSynchronous;
  busyTimeoutMs: number;
  /** Postgres only: put every table in this schema (tests give each file its own). */
  postgresSchema?: string;
  poolSize?: number;
}

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<Schema>;
  dialect: Dialect;
  /** Postgres schema holding the tables, for the migrator. */
  schema?: string;
  /** SQLite: the configured `synchronous` level, which lightTransaction restores. */
  synchronous?: SqliteSynchronous;
  close(): Promise<void>;
}

/**
 * A transaction whose commit a power cut may undo (a process crash never does): for writes whose loss
 * only means a message is sent again (claims, send outcomes). They skip the fsync that accepting an event
 * needs: `synchronous=NORMAL` for that commit on SQLite, `synchronous_commit=off` on Postgres.
 */
export function lightTransaction<T>(
  database: Database,
  work: (trx: Transaction<Schema>) => Promise<T>,
): Promise<T> {
  const { db } = database;
  if (database.dialect === 'postgres') {
    return db.transaction().execute(async (trx) => {
      await sql`set local synchronous_commit = off`.execute(trx);
      return work(trx);
    });
  }
  const configured = database.synchronous ?? 'FULL';
  const light = configured === 'OFF' ? 'OFF' : 'NORMAL';
  if (light === configured) return db.transaction().execute(work);
  // SQLite refuses to change the level inside a transaction, so it is set around it, on the one connection
  // held for the whole of it: no other transaction can commit at the lighter level meanwhile.
  return db.connection().execute(async (connection) => {
    await sql.raw(`pragma synchronous = ${light}`).execute(connection);
    try {
      return await connection.transaction().execute(work);
    } finally {
      await sql.raw(`pragma synchronous = ${configured}`).execute(connection);
    }
  });
}

/** SQLite before 3.51.3 can corrupt a WAL database when checkpoints race with a reset (sqlite.org/wal.html). */
export const minimumSqliteVersion = '3.51.3';

export class DatabaseStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseStartError';
  }
}

export function openDatabase(settings: DatabaseSettings): Database {
  if (settings.url && /^postgres(ql)?:\/\//.test(settings.url)) return openPostgres(settings.url, settings);
  return openSqlite(settings);
}

const walCheckpointPages = 10_000;

function openSqlite(settings: DatabaseSettings): Database {
  if (settings.sqlitePath !== ':memory:') mkdirSync(dirname(settings.sqlitePath), { recursive: true });
  const sqlite = new DatabaseSync(settings.sqlitePath, { enableForeignKeyConstraints: true });
  const { version } = sqlite.prepare('select sqlite_version() as version').get() as { version: string };
  if (compareVersions(version, minimumSqliteVersion) < 0) {
    sqlite.close();
    throw new DatabaseStartError(
      `SQLite ${version} is older than ${minimumSqliteVersion}, which fixes a WAL corruption bug; ` +
        'run notify-bridge on a Node.js 24 release that bundles a newer SQLite.',
    );
  }
  sqlite.exec('pragma journal_mode = wal');
  sqlite.exec(`pragma synchronous = ${settings.sqliteSynchronous}`);
  // The dialect waits for the write lock itself, without blocking the event loop.
  sqlite.exec('pragma busy_timeout = 0');
  sqlite.exec('pragma foreign_keys = on');
  // Checkpoint the log into the database every ~40 MB of it instead of SQLite's 4 MB: under ingest the
  // same index pages change again and again, and each checkpoint writes a page once however often it
  // changed. Commits got ~25 % cheaper and durable ingest 8-16 % faster; the log file grows to that size.
  sqlite.exec(`pragma wal_autocheckpoint = ${walCheckpointPages}`);
  const db = new Kysely<Schema>({ dialect: new NodeSqliteDialect(sqlite, settings.busyTimeoutMs) });
  return { db, dialect: 'sqlite', synchronous: settings.sqliteSynchronous, close: () => db.destroy() };
}

// int8 (COUNT, bigint columns) arrives as a string by default; our bigints are epoch ms, safe as numbers.
const int8Oid = 20;
const postgresTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === int8Oid) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

function openPostgres(url: string, settings: DatabaseSettings): Database {
  const schema = settings.postgresSchema;
  const pool = new pg.Pool({
    connectionString: url,
    max: settings.poolSize ?? 10,
    types: postgresTypes,
    ...(schema ? { options: `-c search_path=${quoteIdentifier(schema)}` } : {}),
  });
  // An idle connection the server ends (a restart, a failover, an administrator) is an 'error' event of
  // the pool, which would crash the process unhandled; the pool drops that client and the next query
  // opens another, so there is nothing else to do.
  pool.on('error', () => {});
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', schema, close: () => db.destroy() };
}

function quoteIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name))
    throw new DatabaseStartError(`invalid Postgres schema name "${name}"`);
  return name;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}
