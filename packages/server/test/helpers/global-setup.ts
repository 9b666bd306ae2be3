import pg from 'pg';

const url = process.env.NB_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Test schemas (`t_<hex>`) are dropped once, after the whole run, not by each file: Kysely's migrator and
 * introspection read the catalog of every schema, and Postgres reports a schema dropped by a concurrent
 * test file mid-query as "schema does not exist" — a failure in a test that had nothing to do with it.
 */
async function dropTestSchemas(): Promise<void> {
  if (process.env.NB_TEST_POSTGRES === 'off') return;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch {
    return; // the suite itself reports an unreachable server, with the fix
  }
  try {
    const { rows } = await client.query<{ nspname: string }>(
      "select nspname from pg_namespace where nspname ~ '^t_[0-9a-f]{12}$'",
    );
    for (const { nspname } of rows) await client.query(`drop schema if exists ${nspname} cascade`);
  } finally {
    await client.end();
  }
}

export async function setup(): Promise<void> {
  await dropTestSchemas();
}

export async function teardown(): Promise<void> {
  await dropTestSchemas();
}
