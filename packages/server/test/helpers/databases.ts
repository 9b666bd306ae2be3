import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrateToLatest } from '../../src/db/migrate.ts';
import {
  type Database,
  type DatabaseSettings,
  type Dialect,
  openDatabase,
} from '../../src/db/open-database.ts';

/**
 * The suite runs on SQLite always and on the local Postgres unless NB_TEST_POSTGRES=off. An unreachable
 * Postgres fails the tests loudly instead of skipping them, so CI never passes without it.
 */
export const postgresUrl = process.env.NB_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const testDialects: Dialect[] =
  process.env.NB_TEST_POSTGRES === 'off' ? ['sqlite'] : ['sqlite', 'postgres'];

export interface TestDatabase {
  settings: DatabaseSettings;
  /** Opens a new connection to the same database (as a second process would). */
  open(): Database;
  drop(): Promise<void>;
}

/** A fresh, empty database: a temp SQLite file, or a new database (with an empty schema) on the local Postgres. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'nb-test-'));
    const settings: DatabaseSettings = {
      sqlitePath: join(dir, 'notify-bridge.db'),
      sqliteSynchronous: 'NORMAL',
      busyTimeoutMs: 5000,
    };
    return {
      settings,
      open: () => openDatabase(settings),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  // Each file gets a database of its own on the shared server, not a schema in the shared `test`
  // database: Kysely's migrator reads the catalog of every table in its database (twice per run) and
  // takes one advisory lock per database, so in a database shared by every file of every run on the
  // machine a migration slowed with each schema left behind and waited for all the others — under the
  // load of parallel runs, past the 30 s hook timeout. global-setup.ts drops what a crashed run left.
  const run = process.env.NB_TEST_RUN_ID ?? `${Date.now().toString(36)}_000000`;
  const name = `nbt_${run}_${randomBytes(6).toString('hex')}`;
  await withAdminClient(postgresUrl, (client) => client.query(`create database ${name} template template0`));
  const url = databaseUrl(name);
  await withAdminClient(url, (client) => client.query(`create schema ${testSchema}`));
  const settings: DatabaseSettings = {
    url,
    postgresSchema: testSchema,
    sqlitePath: '',
    sqliteSynchronous: 'FULL',
    busyTimeoutMs: 5000,
    poolSize: 4,
  };
  return {
    settings,
    open: () => openDatabase(settings),
    // FORCE: a child process a test killed may leave a connection the server has not noticed yet.
    drop: () =>
      withAdminClient(postgresUrl, (client) =>
        client.query(`drop database if exists ${name} with (force)`),
      ).then(() => undefined),
  };
}

/** The schema the tables live in, as a deployment that sets DATABASE_SCHEMA has them. */
const testSchema = 'nb';

/** `postgresUrl` pointing at database `name` instead. */
function databaseUrl(name: string): string {
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh database with every migration applied. */
export async function createMigratedDatabase(
  dialect: Dialect,
): Promise<TestDatabase & { database: Database }> {
  const test = await createTestDatabase(dialect);
  const database = test.open();
  const report = await migrateToLatest(database);
  if (report.error) throw new Error(`migration failed: ${report.error.message}`);
  return {
    ...test,
    database,
    drop: async () => {
      await database.close();
      await test.drop();
    },
  };
}

async function withAdminClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `The Postgres suite needs a server at ${postgresUrl} (set NB_TEST_POSTGRES_URL, or NB_TEST_POSTGRES=off to run SQLite only): ${(error as Error).message}`,
    );
  }
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
