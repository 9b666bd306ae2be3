import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { BridgeError } from '../errors.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** A file of the build, with its compressed forms made on first request. */
interface UiFile {
  body: Buffer;
  type: string;
  etag: string;
  br?: Buffer;
  gzip?: Buffer;
}

/** Paths the UI never answers: an unknown API or ingress path stays a JSON 404. */
const notUi = /^\/(api|hooks)(\/|$)/;

/**
 * Serves the built web UI (packages/web/build) at `/`: its hashed assets under `/_app/immutable/` cached
 * for a year, and for every other path the one page, which routes in the browser. The page goes out with
 * the Content-Security-Policy the build wrote into it (hashes of its own inline script, nothing
 * `unsafe-inline` for scripts) as a header too, where `frame-ancestors` can be added. Without a build
 * (a checkout where `npm run build` has not run) `/` says so.
 */
export async function webUiRoutes(app: FastifyInstance, options: { dir: string }): Promise<void> {
  const files = new Map<string, UiFile | null>();
  const fileAt = (path: string): UiFile | undefined => {
    let file = files.get(path);
    if (file === undefined) {
      file = readUiFile(options.dir, path);
      files.set(path, file);
    }
    return file ?? undefined;
  };
  let pagePolicy: string | undefined;

  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0]!;
    if (notUi.test(path)) throw new BridgeError('NB_ERR_NOT_FOUND', `no route GET ${path}`);
    const asset = path.startsWith('/_app/') || /^\/[\w.-]+\.\w+$/.test(path) ? fileAt(path) : undefined;
    if (asset) {
      const immutable = path.startsWith('/_app/immutable/');
      reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      return send(request, reply, asset);
    }
    if (path.startsWith('/_app/')) throw new BridgeError('NB_ERR_NOT_FOUND', `no file ${path}`);
    const page = fileAt('/index.html');
    if (!page) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The web UI is not built in this checkout: run "npm run build" (npm start does it).\n');
    }
    pagePolicy ??= `${policyOf(page.body.toString('utf8'))}; frame-ancestors 'none'`;
    reply
      .header('cache-control', 'no-cache')
      .header('content-security-policy', pagePolicy)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .header('x-frame-options', 'DENY');
    return send(request, reply, page);
  };
  const schema = {
    tags: ['ui'],
    security: [],
    response: { 200: Type.String({ description: 'text/html, or a file of the UI' }) },
  };
  app.get('/', { schema: { ...schema, summary: 'The web UI' } }, serve);
  app.get('/*', { schema: { ...schema, summary: "The web UI's pages and files" } }, serve);
}

function send(request: FastifyRequest, reply: FastifyReply, file: UiFile) {
  reply.header('content-type', file.type).header('etag', file.etag).header('vary', 'accept-encoding');
  if (request.headers['if-none-match'] === file.etag) return reply.status(304).send();
  const accepted = String(request.headers['accept-encoding'] ?? '');
  if (/\bbr\b/.test(accepted)) {
    file.br ??= brotliCompressSync(file.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } });
    return reply.header('content-encoding', 'br').send(file.br);
  }
  if (/\bgzip\b/.test(accepted)) {
    file.gzip ??= gzipSync(file.body, { level: 9 });
    return reply.header('content-encoding', 'gzip').send(file.gzip);
  }
  return reply.send(file.body);
}

/** The build's file at a URL path, or null: only files inside the build directory. */
function readUiFile(dir: string, urlPath: string): UiFile | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const base = resolve(dir);
  const path = normalize(join(base, decoded));
  if (!path.startsWith(base + sep)) return null;
  try {
    if (!statSync(path).isFile()) return null;
    const body = readFileSync(path);
    return {
      body,
      type: contentTypes[extname(path)] ?? 'application/octet-stream',
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    };
  } catch {
    return null;
  }
}

/** The policy of the page's CSP meta tag, which SvelteKit writes with the hashes of its inline script. */
function policyOf(html: string): string {
  const meta = /<meta http-equiv="content-security-policy" content="([^"]+)"/.exec(html);
  // A build without one would be a change of svelte.config.js; refuse every script rather than allow all.
  return meta?.[1] ?? "default-src 'self'; script-src 'none'";
}
