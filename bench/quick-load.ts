/**
 * A quick load test of a real server process: wrk posts unique webhook events for 10 s over 64
 * connections while the dispatcher delivers each to a local HTTP sink; then it waits until every
 * delivery is sent. Prints accepted events/s and delivered messages/s. The full benchmark is issue 3's.
 *
 *   npm run load-test            (needs wrk: apt-get install wrk)
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { buildService, mainScript, serviceFlags } from './lib/server.ts';

const token = 'nb_load-test-admin-token-000000000000';
const port = 18080 + Math.floor(Math.random() * 1000);
const base = `http://127.0.0.1:${port}`;
const seconds = Number(process.env.LOAD_SECONDS ?? 10);
const connections = Number(process.env.LOAD_CONNECTIONS ?? 64);
const dataDir = mkdtempSync(join(tmpdir(), 'nb-load-'));

let received = 0;
const sink = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    received++;
    response.writeHead(202).end();
  });
});
await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/`;

buildService();
const server = spawn(process.execPath, [...serviceFlags, mainScript, 'serve'], {
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    NB_DATA_DIR: dataDir,
    NB_ADMIN_TOKEN: token,
    NB_ALLOW_PRIVATE: '127.0.0.0/8',
    NB_LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});

try {
  await until(async () => (await fetch(`${base}/readyz`).catch(() => undefined))?.ok === true, 20_000);
  const source = await api('POST', '/sources', {
    kind: 'webhook',
    name: 'load',
    config: { auth: { mode: 'none' } },
  });
  const target = await api('POST', '/targets', {
    kind: 'webhook',
    name: 'sink',
    config: { url: sinkUrl },
    concurrency: 64,
  });
  const receiver = await api('POST', `/targets/${target.id}/receivers`, { name: 'sink', address: {} });
  await api('POST', '/rules', { name: 'all', eventTypes: ['**'], receiverIds: [receiver.id] });

  const script = join(dataDir, 'post.lua');
  writeFileSync(
    script,
    `local counter = 0
local id = 0
function setup(thread) id = id + 1; thread:set("tid", id) end
function init(args) math.randomseed(os.time() * 1000 + tid) end
function request()
  counter = counter + 1
  local body = '{"title":"load ' .. tid .. '-' .. counter .. '-' .. math.random(1, 1000000000) .. '","message":"hello"}'
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end
`,
  );
  const started = Date.now();
  const wrk = spawnSync(
    'wrk',
    ['-t2', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, `${base}/hooks/${source.id}`],
    {
      encoding: 'utf8',
    },
  );
  if (wrk.status !== 0) throw new Error(`wrk failed: ${wrk.stderr || wrk.error}`);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(wrk.stdout)?.[1]);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(wrk.stdout)?.[1] ?? 0);
  const p99 = /99%\s+(\S+)/.exec(wrk.stdout)?.[1];

  const db = new DatabaseSync(join(dataDir, 'notify-bridge.db'), { readOnly: true });
  const count = (where: string) =>
    (db.prepare(`select count(*) as n from ${where}`).get() as { n: number }).n;
  await until(async () => count("deliveries where status != 'sent'") === 0, 300_000);
  const elapsed = (Date.now() - started) / 1000;
  const events = count("events where type != 'delivery.dead'");
  const sent = count("deliveries where status = 'sent'");
  db.close();
  console.log(
    `ingest: ${rps.toFixed(0)} requests/s accepted (${non2xx} non-2xx), p99 ${p99}, ${events} events stored`,
  );
  console.log(
    `delivery: ${sent} sent in ${elapsed.toFixed(1)} s from the first request = ${(sent / elapsed).toFixed(0)} messages/s; sink saw ${received}`,
  );
} finally {
  server.kill('SIGTERM');
  sink.close();
  await new Promise((resolve) => server.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
}

async function api(method: string, path: string, body: unknown): Promise<{ id: string }> {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string };
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
