import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceKinds } from '../../src/sources/registry.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

interface Operation {
  summary?: string;
  tags?: string[];
  security?: unknown[];
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  tags: { name: string }[];
}

/**
 * Routes the server has that the document leaves out on purpose, each with why. Everything else a
 * plugin, a source kind or a channel registers must be in the document: the test reads the routes from
 * the server's own onRoute record (app.routes), so a new route cannot be forgotten here.
 */
const undocumented: Record<string, string> = {};

/** Fastify answers HEAD for every GET by itself (exposeHeadRoutes); the GET's entry documents both. */
const isAutomaticHead = (method: string, url: string, t: TestApp) =>
  method === 'HEAD' && t.app.routes.some((route) => route.method === 'GET' && route.url === url);

/** As @fastify/swagger writes a path: `:id` is `{id}`, a trailing wildcard is `{*}`. */
const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{*}');

describe('the OpenAPI document', () => {
  let t: TestApp;
  let document: OpenApiDocument;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    const response = await t.app.http.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    document = response.json();
  });
  afterAll(() => t.close());

  it('lists every route the server registered, each with a summary and a known tag', () => {
    const tagNames = new Set(document.tags.map((tag) => tag.name));
    const checked = t.app.routes.filter(
      ({ method, url }) => !isAutomaticHead(method, url, t) && !undocumented[`${method} ${url}`],
    );
    expect(checked.length).toBeGreaterThan(40);
    for (const { method, url } of checked) {
      const where = `${method} ${url}`;
      const operation = document.paths[openApiPath(url)]?.[method.toLowerCase()];
      expect(operation, `${where} is not in the OpenAPI document`).toBeDefined();
      expect(operation!.summary, where).toEqual(expect.any(String));
      expect(operation!.tags, where).toHaveLength(1);
      expect(tagNames.has(operation!.tags![0]!), where).toBe(true);
    }
  });

  it('documents only routes that exist', () => {
    const registered = new Set(t.app.routes.map(({ method, url }) => `${method} ${openApiPath(url)}`));
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const method of Object.keys(methods)) {
        expect(registered.has(`${method.toUpperCase()} ${path}`), `${method} ${path}`).toBe(true);
      }
    }
  });

  it('covers the ingress, every compatibility route a source kind declares, and the health routes, none needing an API token', () => {
    const compatibility = sourceKinds.flatMap((kind) =>
      (kind.ingress?.routes ?? []).flatMap((route) =>
        route.methods.map((method) => [method, route.url] as const),
      ),
    );
    expect(compatibility.length).toBeGreaterThan(0);
    for (const [method, url] of [
      ['POST', '/hooks/:sourceId'],
      ['GET', '/healthz'],
      ['GET', '/readyz'],
      ['POST', '/channels/:targetId/updates'],
      ...compatibility,
    ] as const) {
      const operation = document.paths[openApiPath(url)]?.[method.toLowerCase()];
      expect(operation, `${method} ${url}`).toBeDefined();
      expect(operation!.security, `${method} ${url}`).toEqual([]);
    }
  });
});
