/**
 * `npm run bench:profile -- delivery|ingest [count]`: one measurement of the benchmark under `--cpu-prof`,
 * then the functions and files that took the most CPU time. For finding what to make faster; the figures
 * themselves come from `npm run bench`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../packages/server/src/db/open-database.ts';
import { seedPendingDeliveries } from './lib/seed.ts';
import { startServer, until } from './lib/server.ts';
import { Sink } from './lib/sink.ts';
import { wrk } from './lib/wrk.ts';

const what = process.argv[2] ?? 'delivery';
const count = Number(process.argv[3] ?? 50_000);
const profileDir = mkdtempSync(join(tmpdir(), 'nb-profile-'));
const dataDir = mkdtempSync(join(tmpdir(), 'nb-bench-'));
const sink = await new Sink().start();

try {
  const setup = await startServer({}, dataDir);
  const sourceId = (
    await setup.api('POST', '/sources', {
      kind: 'webhook',
      name: 'bench',
      config: { auth: { mode: 'none' } },
    })
  ).id;
  // As in bench/run.ts: ingest is measured without rules, delivery with one receiver.
  if (what === 'delivery') {
    const targetId = (
      await setup.api('POST', '/targets', {
        kind: 'webhook',
        name: 'sink',
        config: { url: sink.url },
        concurrency: 64,
      })
    ).id;
    const receiverId = (
      await setup.api('POST', `/targets/${targetId}/receivers`, { name: 'sink', address: {} })
    ).id;
    const ruleId = (
      await setup.api('POST', '/rules', {
        name: 'all',
        sourceIds: [sourceId],
        eventTypes: ['**'],
        receiverIds: [receiverId],
      })
    ).id;
    await setup.stop();
    const database = openDatabase({
      sqlitePath: join(dataDir, 'notify-bridge.db'),
      sqliteSynchronous: 'NORMAL',
      busyTimeoutMs: 5000,
    });
    await seedPendingDeliveries(database.db, { sourceId, targetId, receiverId, ruleId }, count);
    await database.close();
  } else await setup.stop();
  const server = await startServer(
    { NODE_OPTIONS: process.env.NO_PROF ? '' : `--cpu-prof --cpu-prof-dir=${profileDir}` },
    dataDir,
  );
  const started = performance.now();
  if (what === 'delivery') {
    await until(() => sink.received >= count, 600_000, 'every delivery');
  } else {
    const result = wrk(`${server.url}/hooks/${sourceId}`, 64, 10);
    console.log(`ingest: ${Math.round(result.acceptedPerSecond)} events/s accepted`);
  }
  // CPU time of the server tells less of the machine's other load than the wall clock does.
  const [utime, stime] = readFileSync(`/proc/${server.child.pid}/stat`, 'utf8')
    .split(') ')[1]!
    .split(' ')
    .slice(11, 13)
    .map(Number);
  const cpuSeconds = (utime! + stime!) / 100;
  console.log(
    `${what}: ${((performance.now() - started) / 1000).toFixed(2)} s, server CPU ${cpuSeconds.toFixed(2)} s`,
  );
  await server.stop();
  const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'))!;
  summarize(JSON.parse(readFileSync(join(profileDir, file), 'utf8')));
} finally {
  await sink.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(profileDir, { recursive: true, force: true });
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
}

function summarize(profile: { nodes: ProfileNode[]; samples: number[] }) {
  const total = profile.samples.length;
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^.*\/(node_modules\/|packages\/server\/src\/)/, '$1') || '(native)';
    const fn = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + node.hitCount);
    byFile.set(file, (byFile.get(file) ?? 0) + node.hitCount);
  }
  const top = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
  console.log(`\nself time by function:\n${top(byFunction, 40).join('\n')}`);
  console.log(`\nself time by file:\n${top(byFile, 30).join('\n')}`);
}
