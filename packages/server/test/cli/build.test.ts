import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const src = join(root, 'packages/server/src');
const dist = join(root, 'packages/server/dist');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

// `npm start` runs what scripts/build.ts writes (packages/server/dist), not the sources the other tests
// import: this checks that build runs and its output works as the service.
describe('the built service (npm run build)', () => {
  it('writes every source as JavaScript with the same lines, and relative imports to .js', () => {
    const build = spawnSync(
      process.execPath,
      ['--disable-warning=ExperimentalWarning', join(root, 'scripts/build.ts')],
      { encoding: 'utf8' },
    );
    expect(build.status, build.stderr).toBe(0);
    const sources = filesUnder(src).filter((file) => file.endsWith('.ts'));
    for (const file of sources) {
      const built = join(dist, `${relative(src, file).slice(0, -3)}.js`);
      const source = readFileSync(file, 'utf8');
      const javascript = readFileSync(built, 'utf8');
      expect(javascript.split('\n').length, built).toBe(source.split('\n').length);
      expect(javascript, built).not.toMatch(/from '\.{1,2}\/[^']*\.ts'/);
    }
    expect(filesUnder(dist).filter((file) => file.endsWith('.js'))).toHaveLength(sources.length);
  });

  it('runs: migrate creates the database from the built files', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nb-built-'));
    try {
      const run = spawnSync(process.execPath, [join(dist, 'main.js'), 'migrate'], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, NB_DATA_DIR: dataDir, NB_LOG_LEVEL: 'warn' },
      });
      expect(run.status, run.stderr).toBe(0);
      expect(readdirSync(dataDir)).toContain('notify-bridge.db');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
