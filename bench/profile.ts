/**
 * `npm run bench:profile -- delivery|ingest|latency|fanout [count]`: one measurement of the benchmark
 * under `--cpu-prof`, then the functions and files that took the most CPU time, and what each function of
 * ours cost with the library code it called. `count` is deliveries, events per second for latency (10 s,
 * open loop; also shown second by second), or receivers of the one fan-out event. `NO_PROF=1` measures
 * without the profiler; `HEAP=1` shows where the main thread allocates instead; `EVENT_KB=n` makes the
 * fan-out event n KiB large; `CONC=n` gives the target a concurrency of n instead of a user's default. For finding what to make faster; the figures themselves come from
 * `npm run bench`. With `DATABASE_URL` set, the server runs on that PostgreSQL, in a schema of its own that
 * is dropped afterwards.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../packages/server/src/db/open-database.ts';
import { pipeline, webhookSource } from './lib/pipeline.ts';
import { seedPendingDeliveries, seedReceivers } from './lib/seed.ts';
import { startServer, until } from './lib/server.ts';
import { percentile, Sink } from './lib/sink.ts';
import { wrk } from './lib/wrk.ts';

const what = process.argv[2] ?? 'delivery';
// HEAP=1: where the main thread allocates (what keeps the garbage collector busy) instead of CPU time.
const heap = Boolean(process.env.HEAP);
const count = Number(process.argv[3] ?? 50_000);
const profileDir = mkdtempSync(join(tmpdir(), 'nb-profile-'));
const dataDir = mkdtempSync(join(tmpdir(), 'nb-bench-'));
const sink = await new Sink().start();
// On PostgreSQL: a fresh schema, passed to both servers (they inherit the environment) and the seeding.
const postgres = process.env.DATABASE_URL
  ? { url: process.env.DATABASE_URL, postgresSchema: `profile_${Date.now().toString(36)}` }
  : undefined;
const schemaEnv: Record<string, string> = postgres ? { DATABASE_SCHEMA: postgres.postgresSchema } : {};
const openBenchDatabase = () =>
  openDatabase({
    ...postgres,
    sqlitePath: join(dataDir, 'notify-bridge.db'),
    sqliteSynchronous: 'NORMAL',
    busyTimeoutMs: 5000,
  });

try {
  const setup = await startServer(schemaEnv, dataDir);
  // As in bench/run.ts: ingest is measured without rules, delivery and latency with one receiver.
  const ids =
    what === 'ingest'
      ? undefined
      : await pipeline(setup, sink.url, what === 'fanout' ? 256 : Number(process.env.CONC ?? 0) || undefined);
  const sourceId = ids?.sourceId ?? (await webhookSource(setup));
  await setup.stop();
  if (what === 'delivery' && ids) {
    const database = openBenchDatabase();
    await seedPendingDeliveries(database.db, ids, count);
    await database.close();
  }
  if (what === 'fanout' && ids) {
    const database = openBenchDatabase();
    await seedReceivers(database.db, ids.targetId, ids.ruleId, count - 1);
    await database.close();
  }
  const server = await startServer(
    {
      ...schemaEnv,
      NODE_OPTIONS: process.env.NO_PROF
        ? ''
        : heap
          ? `--import=${new URL('./lib/heap-sampling.ts', import.meta.url).pathname}`
          : `--cpu-prof --cpu-prof-dir=${profileDir}`,
      NB_HEAP_PROFILE: join(profileDir, 'allocations.heapprofile'),
      ...(what === 'fanout' ? { NB_DISPATCH_CONCURRENCY: '256' } : {}),
    },
    dataDir,
  );
  const started = performance.now();
  // This process is the load generator and the sink: on a small machine they compete with the server.
  const benchCpu = process.cpuUsage();
  // The server's start-up is not part of the measurement.
  const serverCpuAtStart = threadCpuSeconds(server.child.pid!);
  if (what === 'delivery') {
    await until(() => sink.received >= count, 600_000, 'every delivery');
  } else if (what === 'fanout') {
    const response = await fetch(`${server.url}/hooks/${sourceId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // EVENT_KB=n: an event the size of a forge's payload (a GitHub push is tens of kilobytes).
      body: JSON.stringify({
        title: 'fan-out',
        payload: 'x'.repeat(Number(process.env.EVENT_KB ?? 0) * 1024),
      }),
    });
    if (response.status !== 202) throw new Error(`fan-out event: ${response.status}`);
    const acceptedMs = performance.now() - started;
    await until(() => sink.received >= count, 300_000, 'every fan-out delivery');
    console.log(
      `fan-out to ${count} receivers: ${Math.round(sink.lastAt - performance.timeOrigin - started)} ms (event accepted after ${Math.round(acceptedMs)} ms)`,
    );
  } else if (what === 'latency') {
    const total = count * 10;
    const agent = new Agent({ keepAlive: true, maxSockets: 256 });
    let sent = 0;
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * count));
        for (; sent < due; sent++) {
          const body = JSON.stringify({
            title: `lat ${performance.timeOrigin + performance.now()}`,
            message: 'x',
          });
          request(`${server.url}/hooks/${sourceId}`, {
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          })
            .on('response', (response) => response.resume())
            .end(body);
        }
        if (sent >= total) {
          clearInterval(tick);
          resolve();
        }
      }, 1);
    });
    await until(() => sink.received >= total, 120_000, 'every message');
    agent.destroy();
    const ms = (p: number, from = 0) => percentile(sink.latencies.slice(from), p).toFixed(1);
    const later = Math.floor(sink.latencies.length / 2);
    // Second by second, in arrival order: a tail from the first seconds is JIT warm-up, one later is not.
    const seconds: string[] = [];
    for (let from = 0; from < sink.latencies.length; from += count) {
      const second = sink.latencies.slice(from, from + count);
      seconds.push(`${percentile(second, 50).toFixed(0)}/${percentile(second, 99).toFixed(0)}`);
    }
    console.log(`p50/p99 ms per second of arrivals: ${seconds.join(' ')}`);
    console.log(
      `latency at ${count}/s: p50 ${ms(50)} ms, p90 ${ms(90)} ms, p99 ${ms(99)} ms; second half p99 ${ms(99, later)} ms`,
    );
  } else {
    const result = wrk(`${server.url}/hooks/${sourceId}`, 64, 10);
    console.log(`ingest: ${Math.round(result.acceptedPerSecond)} events/s accepted`);
  }
  // CPU time of the server tells less of the machine's other load than the wall clock does.
  const threads = [...threadCpuSeconds(server.child.pid!)]
    .map(([name, cpu]): [string, { total: number; kernel: number }] => {
      const before = serverCpuAtStart.get(name) ?? { total: 0, kernel: 0 };
      return [name, { total: cpu.total - before.total, kernel: cpu.kernel - before.kernel }];
    })
    .filter(([, cpu]) => cpu.total > 0);
  const cpuSeconds = threads.reduce((sum, [, cpu]) => sum + cpu.total, 0);
  const byThread = threads
    .map(([name, cpu]) => `${name} ${cpu.total.toFixed(2)} (kernel ${cpu.kernel.toFixed(2)})`)
    .join(', ');
  console.log(
    `${what}: ${((performance.now() - started) / 1000).toFixed(2)} s, server CPU ${cpuSeconds.toFixed(2)} s: ${byThread}; load generator and sink CPU ${cpuSecondsSince(benchCpu).toFixed(2)} s`,
  );
  await server.stop();
  if (!process.env.NO_PROF) {
    const file = readdirSync(profileDir).find((f) => f.endsWith(heap ? '.heapprofile' : '.cpuprofile'))!;
    const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8'));
    if (heap) summarizeAllocations(profile.head);
    else summarize(profile);
  }
} finally {
  await sink.close();
  if (postgres) {
    const database = openBenchDatabase();
    await sql`drop schema if exists ${sql.id(postgres.postgresSchema)} cascade`.execute(database.db);
    await database.close();
  }
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(profileDir, { recursive: true, force: true });
}

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1e6;
}

/**
 * CPU seconds of a process's threads, summed by thread name (the main thread is named after the process),
 * and how much of it was in the kernel: on this machine an fsync is paid for in CPU, not only in waiting.
 */
function threadCpuSeconds(pid: number): Map<string, { total: number; kernel: number }> {
  const byName = new Map<string, { total: number; kernel: number }>();
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const [utime, stime] = stat
      .slice(stat.lastIndexOf(') ') + 2)
      .split(' ')
      .slice(11, 13)
      .map(Number);
    const sum = byName.get(name) ?? { total: 0, kernel: 0 };
    sum.total += (utime! + stime!) / 100;
    sum.kernel += stime! / 100;
    byName.set(name, sum);
  }
  return byName;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
  children?: number[];
}

function summarize(profile: { nodes: ProfileNode[]; samples: number[] }) {
  const total = profile.samples.length;
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  const nameOf = new Map<number, string>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^.*\/(node_modules\/|packages\/server\/src\/)/, '$1') || '(native)';
    const fn = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
    nameOf.set(node.id, fn);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + node.hitCount);
    byFile.set(file, (byFile.get(file) ?? 0) + node.hitCount);
  }
  // Inclusive time: each sample counts once for every distinct function on its stack.
  const parentOf = new Map<number, number>();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const inclusive = new Map<string, number>();
  for (const node of profile.nodes) {
    if (node.hitCount === 0) continue;
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parentOf.get(id))
      seen.add(nameOf.get(id)!);
    for (const fn of seen) inclusive.set(fn, (inclusive.get(fn) ?? 0) + node.hitCount);
  }
  const top = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
  console.log(`\nself time by function:\n${top(byFunction, 40).join('\n')}`);
  console.log(`\nself time by file:\n${top(byFile, 30).join('\n')}`);
  console.log(`\ntotal time (self and callees) by function:\n${top(inclusive, 60).join('\n')}`);
  // Library and runtime time charged to the nearest function of ours on the stack: what each function of
  // ours costs with everything it calls (a stack resumed after an await starts at its continuation).
  const ours = new Map<string, number>();
  for (const node of profile.nodes) {
    if (node.hitCount === 0) continue;
    let charged = `(no function of ours) ${nameOf.get(node.id)}`;
    for (let id: number | undefined = node.id; id !== undefined; id = parentOf.get(id)) {
      const { url, functionName } = byId.get(id)!.callFrame;
      const match = /packages\/server\/(?:src|dist)\/(.*)\.[jt]s$/.exec(url);
      if (match) {
        charged = `${match[1]} ${functionName}`;
        break;
      }
    }
    ours.set(charged, (ours.get(charged) ?? 0) + node.hitCount);
  }
  console.log(`\ntime charged to our nearest function:\n${top(ours, 50).join('\n')}`);
}

interface AllocationNode {
  callFrame: ProfileNode['callFrame'];
  selfSize: number;
  children: AllocationNode[];
}

function summarizeAllocations(root: AllocationNode) {
  const bySite = new Map<string, number>();
  let total = 0;
  const visit = (node: AllocationNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^.*\/(node_modules\/|packages\/server\/(src|dist)\/)/, '$1') || '(native)';
    const site = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
    bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
    total += node.selfSize;
    for (const child of node.children) visit(child);
  };
  visit(root);
  console.log(`\nallocated on the main thread, by function (${(total / 2 ** 20).toFixed(0)} MB sampled):`);
  for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
    console.log(`${((bytes / total) * 100).toFixed(1).padStart(5)}%  ${site}`);
  }
}
