import { randomBytes } from 'node:crypto';
import pg from 'pg';

const url = process.env.NB_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Runs older than this are over (a full run takes minutes), so their schemas can go. */
const staleAfterMs = 3 * 3_600_000;

/** The run id a test database or (older runs) schema carries, or undefined for another naming. */
const runOf = (name: string) => /^(?:t|nbt)_([0-9a-z]+)_[0-9a-f]+_[0-9a-f]{12}$/.exec(name)?.[1];

/**
 * Each test file drops its own database (`nbt_<run>_<hex>`, helpers/databases.ts); a run that crashed
 * leaves its databases behind. A run drops only those of runs that started hours ago, never one a
 * concurrent run (in another checkout) may be using. It also drops the `t_` schemas of the `test`
 * database that earlier versions of the suite made there.
 */
async function dropStaleTestDatabases(now: number): Promise<void> {
  if (process.env.NB_TEST_POSTGRES === 'off') return;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch {
    return; // the suite itself reports an unreachable server, with the fix
  }
  const stale = (name: string) => {
    const started = runOf(name);
    // Names of the oldest naming carry no time: they are from before this scheme, so stale.
    return !started || now - Number.parseInt(started, 36) >= staleAfterMs;
  };
  try {
    const databases = await client.query<{ datname: string }>(
      "select datname from pg_database where datname ~ '^nbt_[0-9a-z]+_[0-9a-f]+_[0-9a-f]{12}$'",
    );
    for (const { datname } of databases.rows) {
      if (stale(datname)) await client.query(`drop database if exists ${datname} with (force)`);
    }
    const schemas = await client.query<{ nspname: string }>(
      "select nspname from pg_namespace where nspname ~ '^t_([0-9a-f]{12}|[0-9a-z]+_[0-9a-f]+_[0-9a-f]{12})$'",
    );
    for (const { nspname } of schemas.rows) {
      if (stale(nspname)) await client.query(`drop schema if exists ${nspname} cascade`);
    }
  } finally {
    await client.end();
  }
}

export async function setup(): Promise<void> {
  const now = Date.now();
  // The workers inherit it: every test database of this run carries the run’s start time.
  process.env.NB_TEST_RUN_ID = `${now.toString(36)}_${randomBytes(3).toString('hex')}`;
  await dropStaleTestDatabases(now);
}
