import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * What the UI's first page (`/` for a signed-in user) transfers: index.html and the JS and CSS it loads
 * before it shows anything — the entry, the app, the root layout and the dashboard page with their static
 * imports — compressed as the server sends them (http/web-ui.ts: brotli quality 9, gzip level 9). Chunks
 * loaded by a dynamic import (uPlot, other pages) are lazy and counted apart. `npm run ui:size` after a
 * build; test/ui-size.test.ts keeps the figure under its budget.
 */
const web = new URL('../packages/web/', import.meta.url).pathname;
const build = join(web, 'build');
const manifestPath = join(web, '.svelte-kit/output/client/.vite/manifest.json');
const nodesDir = join(web, '.svelte-kit/generated/client-optimized/nodes');

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export interface SizedFile {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

export interface UiSize {
  firstPage: SizedFile[];
  lazy: SizedFile[];
  total: { raw: number; gzip: number; brotli: number };
}

function sized(file: string): SizedFile {
  const body = readFileSync(join(build, file));
  return {
    file,
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
    brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }).length,
  };
}

/** The generated node (nodes/N.js) whose component is this route file. */
function nodeOf(manifest: Record<string, Chunk>, routeFile: string): string {
  for (const name of readdirSync(nodesDir)) {
    if (readFileSync(join(nodesDir, name), 'utf8').includes(routeFile)) {
      const key = Object.keys(manifest).find((k) => k.endsWith(`client-optimized/nodes/${name}`));
      if (key) return key;
    }
  }
  throw new Error(`no built node has ${routeFile}: run npm run build first`);
}

export function uiSize(): UiSize {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, Chunk>;
  const entries = Object.keys(manifest).filter(
    (key) => manifest[key]!.isEntry && !key.includes('client-optimized/nodes/'),
  );
  const roots = [
    ...entries,
    nodeOf(manifest, 'src/routes/+layout.svelte'),
    nodeOf(manifest, 'src/routes/+page.svelte'),
  ];
  const seen = new Set<string>();
  const files = new Set<string>(['index.html']);
  const lazyKeys = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key]!;
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const next of chunk.imports ?? []) visit(next);
    for (const next of chunk.dynamicImports ?? []) lazyKeys.add(next);
  };
  for (const root of roots) visit(root);
  // The app's own dynamic imports are the other pages' nodes; only the dashboard's are its lazy parts.
  const pageNode = manifest[roots.at(-1)!]!;
  const lazy = new Set<string>();
  for (const key of pageNode.dynamicImports ?? []) {
    const chunk = manifest[key]!;
    lazy.add(chunk.file);
    for (const css of chunk.css ?? []) lazy.add(css);
  }
  // A stylesheet imported dynamically (uPlot's) is an entry of its own, in no chunk's `css` list.
  const linked = new Set(Object.values(manifest).flatMap((chunk) => chunk.css ?? []));
  for (const [key, chunk] of Object.entries(manifest))
    if (key.endsWith('.css') && !linked.has(chunk.file) && !files.has(chunk.file)) lazy.add(chunk.file);
  const firstPage = [...files].map(sized).sort((a, b) => b.brotli - a.brotli);
  const sum = (key: 'raw' | 'gzip' | 'brotli') => firstPage.reduce((total, file) => total + file[key], 0);
  return {
    firstPage,
    lazy: [...lazy].filter((file) => !files.has(file)).map(sized),
    total: { raw: sum('raw'), gzip: sum('gzip'), brotli: sum('brotli') },
  };
}

if (import.meta.main) {
  const size = uiSize();
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
  for (const file of size.firstPage)
    console.log(`${kb(file.brotli).padStart(9)} br ${kb(file.gzip).padStart(9)} gz  ${file.file}`);
  console.log(
    `first page: ${kb(size.total.brotli)} brotli, ${kb(size.total.gzip)} gzip (${kb(size.total.raw)} raw), ${size.firstPage.length} files`,
  );
  for (const file of size.lazy) console.log(`lazy: ${kb(file.brotli)} br  ${file.file}`);
}
