import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'tsdown';

/**
 * Builds the package into dist (ESM and CJS, with declarations) when its sources changed since the last
 * build: `npm test` and `npm run typecheck` call it first, since the tests and type tests import the built
 * package, not src. `--force` (the package's `npm run build`) builds regardless.
 */
const packageDir = new URL('..', import.meta.url).pathname;
const stampPath = join(packageDir, 'dist', '.inputs-sha256');

export async function buildClient({ force = false } = {}): Promise<boolean> {
  const inputs = inputsHash();
  if (!force && contentOf(stampPath) === inputs) return false;
  await build({
    cwd: packageDir,
    config: false,
    entry: { index: 'src/index.ts', react: 'src/react.ts', svelte: 'src/svelte.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    platform: 'neutral',
    outDir: 'dist',
    clean: true,
    sourcemap: true,
    logLevel: 'warn',
    // Rolldown's note on slow plugins (the declaration build runs tsc) is no news on every build.
    inputOptions: { checks: { pluginTimings: false } },
  });
  writeFileSync(stampPath, inputs);
  return true;
}

/** Everything the output depends on: the sources, this script and the package manifest. */
function inputsHash(): string {
  const hash = createHash('sha256');
  const files = [
    ...filesUnder(join(packageDir, 'src')),
    join(packageDir, 'package.json'),
    new URL(import.meta.url).pathname,
  ];
  for (const file of files.sort()) hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function contentOf(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const built = await buildClient({ force: process.argv.includes('--force') });
  if (built) console.error('client: built packages/client/dist');
}
