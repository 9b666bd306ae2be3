import { randomBytes } from 'node:crypto';
import pg from 'pg';

const url = process.env.NB_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Runs older than this are over (a full run takes minutes), so their schemas can go. */
const staleAfterMs = 3 * 3_600_000;

/**
 * Test schemas are `t_<run>_<hex>`, where the run id starts with the run's start time in base 36. A run
 * drops only schemas of runs that started hours ago, never while a test file may be using them: Kysely's
 * migrator and introspection read the catalog of every schema, and Postgres reports a schema dropped by a
 * concurrent test file (or a concurrent run in another checkout) mid-query as "schema does not exist".
 */
async function dropStaleTestSchemas(now: number): Promise<void> {
  if (process.env.NB_TEST_POSTGRES === 'off') return;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch {
    return; // the suite itself reports an unreachable server, with the fix
  }
  try {
    const { rows } = await client.query<{ nspname: string }>(
      "select nspname from pg_namespace where nspname ~ '^t_([0-9a-f]{12}|[0-9a-z]+_[0-9a-f]+_[0-9a-f]{12})$'",
    );
    for (const { nspname } of rows) {
      const started = /^t_([0-9a-z]+)_/.exec(nspname)?.[1];
      // Schemas of the old naming carry no time: they are from before this scheme, so stale.
      if (started && now - Number.parseInt(started, 36) < staleAfterMs) continue;
      await client.query(`drop schema if exists ${nspname} cascade`);
    }
  } finally {
    await client.end();
  }
}

export async function setup(): Promise<void> {
  const now = Date.now();
  // The workers inherit it: every schema of this run carries the run's start time.
  process.env.NB_TEST_RUN_ID = `${now.toString(36)}_${randomBytes(3).toString('hex')}`;
  await dropStaleTestSchemas(now);
}
