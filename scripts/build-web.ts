/**
 * Builds the web UI (packages/web, SvelteKit) into packages/web/build when its sources changed since the
 * last build: `npm start` runs it, and a start with nothing changed pays only for reading file times.
 * The UI imports the client package's sources, so those count as its sources too.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('../', import.meta.url).pathname;
const web = join(root, 'packages/web');
const stamp = join(web, 'build/.sources');
const sources = [
  join(web, 'src'),
  join(web, 'svelte.config.js'),
  join(web, 'vite.config.ts'),
  join(web, 'package.json'),
  join(root, 'packages/client/src'),
];

/** Builds if needed; returns whether it did. Throws when the build fails. */
export function buildWebUi(): boolean {
  const fingerprint = fingerprintOf(sources);
  if (readText(stamp) === fingerprint) return false;
  const started = performance.now();
  const vite = join(root, 'node_modules/vite/bin/vite.js');
  const run = spawnSync(process.execPath, [vite, 'build'], { cwd: web, stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`building the web UI failed (vite exited with ${run.status})`);
  writeFileSync(stamp, fingerprint);
  console.error(`build: web UI in ${Math.round(performance.now() - started)} ms`);
  return true;
}

/** Every source file's path, size and modification time, hashed. */
function fingerprintOf(paths: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of paths.flatMap((path) => [...filesUnder(path)]).sort()) {
    const stat = statSync(file);
    hash.update(`${relative(root, file)}\u0000${stat.size}\u0000${stat.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

function* filesUnder(path: string): Generator<string> {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch {
    return;
  }
  if (!stat.isDirectory()) {
    yield path;
    return;
  }
  for (const entry of readdirSync(path)) yield* filesUnder(join(path, entry));
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
