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

/** A fresh, empty database: a temp SQLite file, or a new schema in the local Postgres. */
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
  // global-setup.ts drops a run's schemas hours after it started, by the time in its run id.
  const run = process.env.NB_TEST_RUN_ID ?? `${Date.now().toString(36)}_000000`;
  const schema = `t_${run}_${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => client.query(`create schema ${schema}`));
  const settings: DatabaseSettings = {
    url: postgresUrl,
    postgresSchema: schema,
    sqlitePath: '',
    sqliteSynchronous: 'FULL',
    busyTimeoutMs: 5000,
    poolSize: 4,
  };
  return {
    settings,
    open: () => openDatabase(settings),
    // Dropped by a later run's global-setup.ts, never while other files may be migrating.
    drop: async () => {},
  };
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

async function withAdminClient<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresUrl });
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
