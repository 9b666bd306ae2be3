/**
 * Runs Biome's binary for this machine. The registry this project installs from carries only Biome's
 * Linux builds, and the @biomejs/biome wrapper names every platform's build as a dependency, which makes
 * `npm ci` fail; so the Linux builds are optional dependencies and this script picks the right one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const binary = new URL(`../node_modules/@biomejs/cli-linux-${process.arch}/biome`, import.meta.url).pathname;
if (process.platform !== 'linux' || !existsSync(binary)) {
  console.error(
    `No Biome build for ${process.platform}-${process.arch}; install @biomejs/biome to lint here.`,
  );
  process.exit(2);
}
const result = spawnSync(binary, process.argv.slice(2), { stdio: 'inherit' });
process.exit(result.status ?? 1);
