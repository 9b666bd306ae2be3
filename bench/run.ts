/**
 * `npm run bench [-- --quick]`: every figure of notify-bridge next to its baseline from the same run.
 * Writes bench/results/<date>.json and bench/results/latest.json. See README "Performance".
 */
import { type ChildProcess, fork, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../packages/server/src/db/open-database.ts';
import { type Counter, mqttSink, smtpSink } from './lib/channel-sinks.ts';
import { type BenchTarget, pipeline, webhookSource } from './lib/pipeline.ts';
import { seedEvents, seedPendingDeliveries, seedReceivers } from './lib/seed.ts';
import { type BenchServer, sleep, startServer, until } from './lib/server.ts';
import { percentile, Sink } from './lib/sink.ts';
import { commitToSubscriber, subscribersUnderRss } from './lib/streams.ts';
import { wrk } from './lib/wrk.ts';

const quick = process.argv.includes('--quick');
const plan = quick
  ? {
      ingestSeconds: 3,
      deliveries: 5000,
      mails: 1000,
      apprise: 1000,
      latencySeconds: 5,
      fanout: 10_000,
      coldEvents: 100_000,
      streamSeconds: 3,
    }
  : {
      ingestSeconds: 10,
      deliveries: 50_000,
      mails: 10_000,
      apprise: 50_000,
      latencySeconds: 20,
      fanout: 10_000,
      coldEvents: 1_000_000,
      streamSeconds: 10,
    };
const postgresUrl = process.env.NB_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const log = (line: string) => console.error(`[bench] ${line}`);

ensureTools();
const sink = await new Sink().start();
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
  node: process.version,
  quick,
};

try {
  log('ingest: bare node:http baseline');
  const bare = await bareBaseline('bare-server.ts');
  log('ingest: Fastify parsing and hashing each body, nothing stored (what the web framework leaves)');
  const fastify = await bareBaseline('bare-fastify.ts');
  log('ingest: notify-bridge, SQLite synchronous=FULL');
  const full = await ingest({ NB_SQLITE_SYNCHRONOUS: 'FULL' }, true);
  log('ingest: notify-bridge, SQLite synchronous=NORMAL');
  const normal = await ingest({ NB_SQLITE_SYNCHRONOUS: 'NORMAL' }, false);
  results.ingest = {
    bare_rps: round(bare),
    full_eps: round(full.eps),
    normal_eps: round(normal.eps),
    ratio_full: ratio(full.eps, bare),
    fastify_rps: round(fastify),
    ratio_fastify: ratio(fastify, bare),
  };
  results.rss_idle_mb = round(full.rssIdle);
  results.rss_peak_mb = round(full.rssPeak);

  log(`delivery: ${plan.deliveries} pending deliveries to a local sink`);
  const mps = await delivery({});
  log(`delivery: Apprise CLI, ${plan.apprise} notifications to the same sink`);
  const apprise = await appriseBaseline();
  log(`delivery: a bare undici client, ${plan.deliveries} posts to the same sink (the machine's ceiling)`);
  const bareClient = await bareClientCeiling();
  results.delivery = {
    mps: round(mps),
    apprise_mps: round(apprise),
    ratio: ratio(mps, apprise),
    bare_client_mps: round(bareClient),
    ratio_bare_client: ratio(mps, bareClient),
  };

  log('latency: open loop at 1,000 and 5,000 events/s');
  const l1 = await latency(1000);
  const l5 = await latency(5000);
  results.latency = {
    p50_ms_1k: l1.p50,
    p99_ms_1k: l1.p99,
    max_ms_1k: l1.max,
    p50_ms_5k: l5.p50,
    p99_ms_5k: l5.p99,
    max_ms_5k: l5.max,
    p99_ms_1k_second_half: l1.p99Warm,
    p99_ms_5k_second_half: l5.p99Warm,
    sent_1k: l1.sent,
    sent_5k: l5.sent,
  };

  log(`delivery: ${plan.mails} mails to a local SMTP server`);
  const smtp = await smtpSink();
  const mails = await delivery(
    {},
    {
      target: {
        kind: 'email',
        config: { host: '127.0.0.1', port: smtp.port, security: 'none', from: 'bench@example.com' },
        address: { to: ['sink@example.com'] },
      },
      at: smtp,
      count: plan.mails,
    },
  ).finally(() => smtp.close());
  log(`delivery: ${plan.deliveries} MQTT messages to the machine's Mosquitto`);
  const topic = `notify-bridge-bench/${process.pid}`;
  const broker = await mqttSink('mqtt://127.0.0.1:1883', topic);
  const published = await delivery(
    {},
    {
      target: { kind: 'mqtt', config: { url: 'mqtt://127.0.0.1:1883' }, address: { topic, qos: 1 } },
      at: broker,
      count: plan.deliveries,
    },
  ).finally(() => broker.close());
  results.channels = { email_mps: round(mails), mqtt_mps: round(published) };

  log(`fan-out: one event to ${plan.fanout} receivers`);
  results.fanout_10k_ms = round(await fanout());
  log(`cold start with ${plan.coldEvents} stored events`);
  results.cold_start_ms = round(await coldStart());

  log('streams: SSE subscribers one node holds with RSS under 300 MB (up to 10,000)');
  results.streams = await streams();

  log('PostgreSQL: ingest and delivery');
  const schema = `bench_${Date.now().toString(36)}`;
  const pgEnv = { DATABASE_URL: postgresUrl, DATABASE_SCHEMA: schema };
  try {
    const pgIngest = await ingest(pgEnv, false);
    const pgDelivery = await delivery({ ...pgEnv, DATABASE_SCHEMA: `${schema}_d` });
    results.postgres = {
      ingest_eps: round(pgIngest.eps),
      delivery_mps: round(pgDelivery),
      ingest_vs_sqlite: ratio(pgIngest.eps, full.eps),
      delivery_vs_sqlite: ratio(pgDelivery, mps),
    };
  } finally {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.query(`drop schema if exists ${schema}_d cascade`);
    await client.end();
  }
} finally {
  await sink.close();
}

const dir = new URL('./results/', import.meta.url).pathname;
mkdirSync(dir, { recursive: true });
const file = join(dir, `${(results.date as string).replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
copyFileSync(file, join(dir, 'latest.json'));
console.log(JSON.stringify(results, null, 2));
log(`written to ${file} and bench/results/latest.json`);

function ensureTools(): void {
  const missing = ['wrk', 'apprise'].filter((tool) => spawnSync('which', [tool]).status !== 0);
  if (missing.length === 0) return;
  log(`installing Debian packages: ${missing.join(', ')}`);
  const install = spawnSync(
    'sh',
    ['-c', `apt-get update -qq && apt-get install -y -qq ${missing.join(' ')}`],
    { stdio: 'inherit' },
  );
  if (install.status !== 0)
    throw new Error(`could not install ${missing.join(', ')}; install them and run again`);
}

/** wrk against a reference server in bench/lib/ that stores nothing. */
async function bareBaseline(script: string): Promise<number> {
  const port = 19_050;
  const child: ChildProcess = fork(new URL(`./lib/${script}`, import.meta.url).pathname, {
    env: { ...process.env, PORT: String(port) },
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await Promise.race([
    new Promise((resolve) => child.once('message', resolve)),
    exited.then(() => Promise.reject(new Error(`${script} exited before it listened`))),
  ]);
  try {
    return wrk(`http://127.0.0.1:${port}/hooks/bench`, 64, plan.ingestSeconds).acceptedPerSecond;
  } finally {
    child.kill();
    // The next reference server listens on the same port.
    await exited;
  }
}

/** Ingest only (no rules): wrk against /hooks, then every 2xx must be a stored event. */
async function ingest(env: Record<string, string>, measureMemory: boolean) {
  const server = await startServer(env);
  try {
    await sleep(1000);
    const rssIdle = server.rssMb();
    const sourceId = await webhookSource(server);
    const result = wrk(`${server.url}/hooks/${sourceId}`, 64, plan.ingestSeconds);
    const stored = await countEvents(server, env, sourceId);
    if (stored < result.accepted)
      throw new Error(`${result.accepted} accepted but only ${stored} stored: events were lost`);
    log(
      `  ${round(result.acceptedPerSecond)} events/s accepted, ${result.non2xx} non-2xx, ${stored} stored (>= accepted)`,
    );
    return {
      eps: result.acceptedPerSecond,
      rssIdle: measureMemory ? rssIdle : 0,
      rssPeak: measureMemory ? server.peakRssMb() : 0,
    };
  } finally {
    await server.stop();
  }
}

async function countEvents(
  server: BenchServer,
  env: Record<string, string>,
  sourceId: string,
): Promise<number> {
  const database = openDatabase({
    url: env.DATABASE_URL,
    postgresSchema: env.DATABASE_SCHEMA,
    sqlitePath: join(server.dataDir, 'notify-bridge.db'),
    sqliteSynchronous: 'NORMAL',
    busyTimeoutMs: 5000,
  });
  try {
    const row = await database.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('source_id', '=', sourceId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await database.close();
  }
}

/** Source, target at the sink, one receiver, a catch-all rule; returns their ids. */

function databaseOf(dataDir: string, env: Record<string, string>) {
  return openDatabase({
    url: env.DATABASE_URL,
    postgresSchema: env.DATABASE_SCHEMA,
    sqlitePath: join(dataDir, 'notify-bridge.db'),
    sqliteSynchronous: 'NORMAL',
    busyTimeoutMs: 5000,
  });
}

/** N pending deliveries stored while the server is down; then the time from ready until the sink has all. */
/**
 * Messages per second from `count` pending deliveries, stored before the server starts, to a webhook at
 * the sink, or to another channel's `target` counted by `at`.
 */
async function delivery(
  env: Record<string, string>,
  to: { target: BenchTarget; at: Counter; count: number } | undefined = undefined,
): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nb-bench-'));
  const at: Counter = to?.at ?? sink;
  const count = to?.count ?? plan.deliveries;
  try {
    const setup = await startServer(env, dataDir);
    const ids = await pipeline(setup, sink.url, undefined, to?.target);
    await setup.stop();
    const database = databaseOf(dataDir, env);
    await seedPendingDeliveries(database.db, ids, count);
    await database.close();
    at.reset();
    const server = await startServer(env, dataDir);
    try {
      await until(() => at.received >= count, 600_000, 'every delivery at the sink');
      const seconds = (at.lastAt - (performance.timeOrigin + server.readyAt)) / 1000;
      const mps = count / seconds;
      log(`  ${count} delivered in ${seconds.toFixed(2)} s = ${round(mps)} messages/s`);
      return mps;
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** No storage, no rendering: how fast this machine can post to the sink at all. */
async function bareClientCeiling(): Promise<number> {
  sink.reset();
  const child = fork(new URL('./lib/bare-client.ts', import.meta.url).pathname, {
    env: { ...process.env, SINK_URL: sink.url, COUNT: String(plan.deliveries) },
  });
  const mps = await new Promise<number>((resolve, reject) => {
    child.once('message', (value) => resolve(Number(value)));
    child.once('exit', (code) => reject(new Error(`the bare client exited with ${code} before reporting`)));
  }).finally(() => child.kill());
  if (sink.received < plan.deliveries)
    throw new Error(`the bare client reported done but the sink got ${sink.received} of ${plan.deliveries}`);
  log(`  bare client: ${round(mps)} messages/s`);
  return mps;
}

async function appriseBaseline(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'nb-apprise-'));
  try {
    // Apprise reads at most 128 KiB of one config file, so the URLs are spread over several.
    const base = sink.url.replace('http://', 'json://');
    const configs: string[] = [];
    for (let from = 0; from < plan.apprise; from += 2000) {
      const config = join(dir, `apprise-${from}.yml`);
      const urls = Array.from(
        { length: Math.min(2000, plan.apprise - from) },
        (_, i) => `  - ${base}n${from + i}\n`,
      );
      writeFileSync(config, `urls:\n${urls.join('')}`);
      configs.push(`--config=${config}`);
    }
    sink.reset();
    const started = performance.now();
    // Asynchronously: the sink lives in this process and must keep answering while apprise runs.
    const child = spawn('apprise', ['-b', 'hello from the benchmark', ...configs], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const status = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    const seconds = (performance.now() - started) / 1000;
    if (status !== 0) throw new Error(`apprise failed (${status}): ${stderr.slice(0, 500)}`);
    if (sink.received < plan.apprise)
      throw new Error(`apprise reported success but the sink got ${sink.received} of ${plan.apprise}`);
    const mps = plan.apprise / seconds;
    log(`  apprise: ${plan.apprise} in ${seconds.toFixed(2)} s = ${round(mps)} messages/s`);
    return mps;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Open loop: events sent on a fixed schedule whatever the answers; latency from send to the sink. */
async function latency(rate: number) {
  const server = await startServer({ NB_SQLITE_SYNCHRONOUS: 'FULL' });
  try {
    const { sourceId } = await pipeline(server, sink.url);
    sink.reset();
    const agent = new Agent({ keepAlive: true, maxSockets: 256 });
    const target = new URL(`${server.url}/hooks/${sourceId}`);
    let sent = 0;
    let failed = 0;
    const total = rate * plan.latencySeconds;
    const started = performance.now();
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
        for (; sent < due; sent++) {
          const body = JSON.stringify({
            title: `lat ${performance.timeOrigin + performance.now()}`,
            message: 'x',
          });
          const req = request(
            target,
            {
              method: 'POST',
              agent,
              headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
            },
            (res) => {
              if (res.statusCode !== 202) failed++;
              res.resume();
            },
          );
          req.on('error', () => failed++);
          req.end(body);
        }
        if (sent >= total) {
          clearInterval(tick);
          resolve();
        }
      }, 1);
    });
    await until(() => sink.received + failed >= total, 120_000, 'every latency message at the sink').catch(
      () => undefined,
    );
    agent.destroy();
    // The first seconds carry the JIT's warm-up; the second half shows the service once it is warm.
    const warm = sink.latencies.slice(Math.floor(sink.latencies.length / 2));
    const result = {
      p50: round(percentile(sink.latencies, 50)),
      p99: round(percentile(sink.latencies, 99)),
      max: round(Math.max(...sink.latencies)),
      p99Warm: round(percentile(warm, 99)),
      sent: total,
    };
    log(
      `  ${rate}/s: p50 ${result.p50} ms, p99 ${result.p99} ms (second half ${result.p99Warm} ms), max ${result.max} ms (${sink.latencies.length}/${total} arrived, ${failed} failed)`,
    );
    return result;
  } finally {
    await server.stop();
  }
}

async function fanout(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nb-bench-'));
  try {
    const setup = await startServer({}, dataDir);
    const ids = await pipeline(setup, sink.url, 256);
    await setup.stop();
    const database = databaseOf(dataDir, {});
    await seedReceivers(database.db, ids.targetId, ids.ruleId, plan.fanout - 1);
    await database.close();
    const server = await startServer({ NB_DISPATCH_CONCURRENCY: '256' }, dataDir);
    try {
      sink.reset();
      const started = performance.timeOrigin + performance.now();
      const response = await fetch(`${server.url}/hooks/${ids.sourceId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"title":"fan-out"}',
      });
      if (response.status !== 202) throw new Error(`fan-out event: ${response.status}`);
      await until(() => sink.received >= plan.fanout, 300_000, 'every fan-out delivery');
      const ms = sink.lastAt - started;
      log(`  ${plan.fanout} receivers in ${round(ms)} ms`);
      return ms;
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function streams() {
  const env = { NB_STREAM_MAX_PER_USER: '20000' };
  const holding = await startServer(env);
  let held: Awaited<ReturnType<typeof subscribersUnderRss>>;
  try {
    held = await subscribersUnderRss(holding, 10_000, 1000, 300);
  } finally {
    await holding.stop();
  }
  log(`  ${held.held} held at ${round(held.rssMb)} MB RSS (idle ${round(held.idleRssMb)} MB)`);
  log(`streams: commit to subscriber at 1,000 entries/s across 1,000 subscribers`);
  const server = await startServer({ ...env, NB_SQLITE_SYNCHRONOUS: 'NORMAL' });
  try {
    const sourceId = await webhookSource(server);
    const latency = await commitToSubscriber(server, sourceId, {
      subscribers: 1000,
      sampled: 20,
      rate: 1000,
      seconds: plan.streamSeconds,
    });
    log(
      `  p50 ${round(latency.p50)} ms, p99 ${round(latency.p99)} ms (${latency.received}/${latency.expected} arrived at the sampled subscribers)`,
    );
    return {
      subscribers_under_300mb: held.held,
      rss_mb_at_held: round(held.rssMb),
      commit_to_subscriber_p50_ms: round(latency.p50),
      commit_to_subscriber_p99_ms: round(latency.p99),
    };
  } finally {
    await server.stop();
  }
}

async function coldStart(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nb-bench-'));
  try {
    const setup = await startServer({}, dataDir);
    const sourceId = await webhookSource(setup);
    await setup.stop();
    const database = databaseOf(dataDir, {});
    await seedEvents(database.db, sourceId, plan.coldEvents);
    await database.close();
    const server = await startServer({}, dataDir);
    const ms = server.readyAt - server.startedAt;
    await server.stop();
    log(`  ready in ${round(ms)} ms`);
    return ms;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function ratio(value: number, baseline: number): number {
  return Math.round((value / baseline) * 100) / 100;
}
