import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const adminToken = 'nb_bench-admin-token-0000000000000000';
/** The built service and the V8 flags `npm start` runs it with: the benchmark measures it as it is started. */
export const mainScript = new URL('../../packages/server/dist/main.js', import.meta.url).pathname;
export const serviceFlags = ['--max-semi-space-size=2'];

let built = false;

/** Brings packages/server/dist up to date with the sources, as `npm start` does. */
export function buildService(): void {
  if (built) return;
  const script = new URL('../../scripts/build.ts', import.meta.url).pathname;
  const run = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', script], {
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error(`building the service failed (${run.status})`);
  built = true;
}

export interface BenchServer {
  url: string;
  dataDir: string;
  child: ChildProcess;
  startedAt: number;
  readyAt: number;
  rssMb(): number;
  peakRssMb(): number;
  api<T = { id: string }>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

let nextPort = 19_100;

/** Starts `notify-bridge serve` as its own process and waits for /readyz. */
export async function startServer(env: Record<string, string> = {}, dataDir?: string): Promise<BenchServer> {
  buildService();
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'nb-bench-'));
  const port = nextPort++;
  const startedAt = performance.now();
  const child = spawn(process.execPath, [...serviceFlags, mainScript, 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      NB_DATA_DIR: dir,
      NB_ADMIN_TOKEN: adminToken,
      NB_ALLOW_PRIVATE: '127.0.0.0/8',
      NB_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (performance.now() - startedAt > 120_000) throw new Error('server not ready in 120 s');
    await sleep(5);
  }
  const readyAt = performance.now();
  const status = (field: string) => {
    const text = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1] ?? 0);
    return kb / 1024;
  };
  return {
    url,
    dataDir: dir,
    child,
    startedAt,
    readyAt,
    rssMb: () => status('VmRSS'),
    peakRssMb: () => status('VmHWM'),
    async api<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
