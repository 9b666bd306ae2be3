/**
 * `npm run bench:events [-- --postgres] [-- --count N]`: how long the events list (GET /api/v1/events)
 * takes to answer its first page of 100 rows on a database of 1,000,000 events, without and with a
 * full-text search (`q`), as the Events page asks it. The events are stored straight into the database
 * in large multi-row inserts (the search index fills by the same triggers or generated column as an
 * ingest), then the built service starts on it and each query is timed over HTTP: the first call on the
 * fresh process and the median of the ten after it. Writes bench/results/<date>-events-list.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../packages/server/src/db/open-database.ts';
import { newId } from '../packages/server/src/ids.ts';
import { webhookSource } from './lib/pipeline.ts';
import { adminToken, startServer } from './lib/server.ts';

const countArg = process.argv.indexOf('--count');
const count = countArg > 0 ? Number(process.argv[countArg + 1]) : 1_000_000;
const postgres = process.argv.includes('--postgres');
const postgresUrl = process.env.NB_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_events_${Date.now().toString(36)}`;
const env: Record<string, string> = postgres ? { DATABASE_URL: postgresUrl, DATABASE_SCHEMA: schema } : {};
const log = (line: string) => console.error(`[bench:events] ${line}`);

// Words by how many events hold them: every event, one in 20, one in 1,000, one in 100,000.
const hosts = Array.from({ length: 20 }, (_, i) => `host${i}`);
function eventText(i: number) {
  const body = [
    'backup of the volume',
    hosts[i % 20],
    i % 1000 === 0 ? 'checksum mismatch' : 'finished',
    i % 100_000 === 0 ? 'zebra' : '',
  ].join(' ');
  return { title: `nightly backup ${i}`, body };
}

async function seed(dataDir: string, sourceId: string): Promise<void> {
  const database = openDatabase({
    url: env.DATABASE_URL,
    postgresSchema: env.DATABASE_SCHEMA,
    sqlitePath: join(dataDir, 'notify-bridge.db'),
    sqliteSynchronous: 'OFF',
    busyTimeoutMs: 5000,
  });
  const { db } = database;
  const owner = await db
    .selectFrom('sources')
    .select('owner_id')
    .where('id', '=', sourceId)
    .executeTakeFirstOrThrow();
  const now = Date.now();
  const started = performance.now();
  for (let done = 0; done < count; done += 20_000) {
    await db.transaction().execute(async (trx) => {
      for (let chunk = 0; chunk < 20_000 && done + chunk < count; chunk += 2000) {
        const n = Math.min(2000, count - done - chunk);
        await trx
          .insertInto('events')
          .values(
            Array.from({ length: n }, (_, k) => {
              const i = done + chunk + k;
              const id = newId();
              return {
                id,
                source_id: sourceId,
                owner_id: owner.owner_id,
                type: i % 20 === 0 ? 'backup.failed' : 'backup.done',
                ...eventText(i),
                severity: i % 20 === 0 ? 'error' : 'info',
                url: null,
                tags: '[]',
                data: '{}',
                attachments: '[]',
                dedup_key: `id:${id}`,
                // A minute apart, the newest now: a time filter has a range to cut.
                occurred_at: now - (count - i) * 60_000,
                received_at: now - (count - i) * 60_000,
              };
            }),
          )
          .execute();
      }
    });
    if ((done / 20_000) % 10 === 0) log(`  ${done.toLocaleString('en')} stored`);
  }
  log(`  ${count.toLocaleString('en')} events stored in ${Math.round(performance.now() - started)} ms`);
  // What autovacuum does after a load like this: the planner learns how rare each word is, and so takes
  // the GIN index for a rare one instead of walking the newest events (seconds without it).
  if (postgres) await sql`analyze events`.execute(db);
  await database.close();
}

async function timeQuery(
  url: string,
  query: string,
): Promise<{ first: number; median: number; rows: number }> {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < 11; i++) {
    const start = performance.now();
    const response = await fetch(`${url}/api/v1/events?limit=100${query ? `&${query}` : ''}`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    const body = (await response.json()) as { items: unknown[] };
    times.push(performance.now() - start);
    if (!response.ok) throw new Error(`${query}: ${response.status} ${JSON.stringify(body)}`);
    rows = body.items.length;
  }
  const rest = times.slice(1).sort((a, b) => a - b);
  return { first: round(times[0]!), median: round(rest[Math.floor(rest.length / 2)]!), rows };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

const dataDir = mkdtempSync(join(tmpdir(), 'nb-bench-events-'));
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  database: postgres ? 'postgres' : 'sqlite',
  events: count,
};
try {
  const setup = await startServer(env, dataDir);
  const sourceId = await webhookSource(setup);
  await setup.stop();
  log(`storing ${count.toLocaleString('en')} events (${results.database})`);
  await seed(dataDir, sourceId);
  const server = await startServer(env, dataDir);
  try {
    const day = new Date(Date.now() - 86_400_000).toISOString();
    const cases: Record<string, string> = {
      newest: '',
      severity_error: 'severity=error',
      last_day: `since=${day}`,
      q_every_event: 'q=backup',
      q_one_in_20: 'q=host7',
      q_one_in_1000: 'q=checksum%20mismatch',
      q_one_in_100000: 'q=zebra',
      q_none: 'q=nowhere',
      q_and_severity: 'q=host7&severity=info',
      // The worst cases: a filter no event passes makes each query walk all it could match.
      severity_none: 'severity=critical',
      q_every_event_severity_none: 'q=backup&severity=critical',
    };
    const timings: Record<string, unknown> = {};
    for (const [name, query] of Object.entries(cases)) {
      timings[name] = await timeQuery(server.url, query);
      log(`  ${name}: ${JSON.stringify(timings[name])}`);
    }
    results.first_page_ms = timings;
  } finally {
    await server.stop();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  if (postgres) {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  }
}

const dir = new URL('./results/', import.meta.url).pathname;
mkdirSync(dir, { recursive: true });
const file = join(
  dir,
  `${(results.date as string).replace(/[:.]/g, '-')}-events-list-${results.database}.json`,
);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
log(`written to ${file}`);
