/**
 * `npm run build` (and before `npm start`): writes packages/server/src as JavaScript to
 * packages/server/dist. The service runs from there because Node's built-in TypeScript support loads a
 * WebAssembly transpiler into every thread that imports a .ts file, which cost 15 MB of the idle RSS.
 * Types are blanked, not removed, and `.ts` in relative specifiers becomes `.js` (same length), so every
 * line and column in dist is the same as in src and stack traces point at the sources' lines.
 * Only outputs whose content would change are written. Then the web UI, when its sources changed
 * (build-web.ts).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { join, relative } from 'node:path';
import { buildWebUi } from './build-web.ts';

const source = new URL('../packages/server/src/', import.meta.url).pathname;
const output = new URL('../packages/server/dist/', import.meta.url).pathname;
const relativeTs = /(['"`])(\.{1,2}\/[^'"`\n]*)\.ts\1/g;

const written = new Set<string>();
let changed = 0;
for (const file of filesUnder(source)) {
  if (!file.endsWith('.ts')) continue;
  const target = join(output, `${relative(source, file).slice(0, -3)}.js`);
  written.add(target);
  const javascript = stripTypeScriptTypes(readFileSync(file, 'utf8'), { mode: 'strip' }).replace(
    relativeTs,
    (_match, quote: string, path: string) => `${quote}${path}.js${quote}`,
  );
  // Compared by content, not by time: an output edited or reformatted since is written again too.
  if (contentOf(target) === javascript) continue;
  mkdirSync(join(target, '..'), { recursive: true });
  writeFileSync(target, javascript);
  changed += 1;
}
// A source that was deleted or renamed must not live on in dist.
let removed = 0;
for (const file of filesUnder(output)) {
  if (!written.has(file)) {
    rmSync(file);
    removed += 1;
  }
}
if (changed + removed > 0)
  console.error(`build: ${changed} written, ${removed} removed in ${relative(process.cwd(), output)}`);

buildWebUi();

function* filesUnder(dir: string): Generator<string> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else yield path;
  }
}

function contentOf(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
