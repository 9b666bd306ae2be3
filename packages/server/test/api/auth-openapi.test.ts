import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/databases.ts';
import { startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';
import { apiAs, createMember } from './api-client.ts';

interface OpenApiOperation {
  summary?: string;
  tags?: string[];
  security?: unknown[];
  responses: Record<string, unknown>;
}
interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    securitySchemes: Record<string, { type: string; scheme: string }>;
    schemas: Record<string, unknown>;
  };
  security: Record<string, unknown[]>[];
  tags: { name: string }[];
}

/** Every operation of the API; a new route must be added here and so shows up in the document. */
const operations = [
  'GET /api/v1/openapi.json',
  'GET /api/v1/sources',
  'POST /api/v1/sources',
  'POST /api/v1/sources/bulk',
  'GET /api/v1/sources/{id}',
  'GET /api/v1/sources/{id}/recipe',
  'PATCH /api/v1/sources/{id}',
  'DELETE /api/v1/sources/{id}',
  'GET /api/v1/targets',
  'POST /api/v1/targets',
  'POST /api/v1/targets/bulk',
  'GET /api/v1/targets/{id}',
  'PATCH /api/v1/targets/{id}',
  'DELETE /api/v1/targets/{id}',
  'GET /api/v1/targets/{id}/candidates',
  'GET /api/v1/targets/{id}/receivers',
  'POST /api/v1/targets/{id}/receivers',
  'POST /api/v1/targets/{id}/receivers/bulk',
  'GET /api/v1/targets/{id}/receivers/{receiverId}',
  'PATCH /api/v1/targets/{id}/receivers/{receiverId}',
  'DELETE /api/v1/targets/{id}/receivers/{receiverId}',
  'POST /api/v1/targets/{id}/receivers/{receiverId}/test',
  'POST /api/v1/targets/from-url',
  'GET /api/v1/targets/{id}/url',
  'GET /api/v1/templates',
  'POST /api/v1/templates',
  'GET /api/v1/templates/{id}',
  'PATCH /api/v1/templates/{id}',
  'DELETE /api/v1/templates/{id}',
  'POST /api/v1/templates/bulk',
  'POST /api/v1/templates/preview',
  'GET /api/v1/rules',
  'POST /api/v1/rules',
  'GET /api/v1/rules/{id}',
  'PATCH /api/v1/rules/{id}',
  'DELETE /api/v1/rules/{id}',
  'POST /api/v1/rules/bulk',
  'POST /api/v1/rules/dry-run',
  'GET /api/v1/events',
  'GET /api/v1/events/{id}',
  'POST /api/v1/events/{id}/replay',
  'GET /api/v1/deliveries',
  'GET /api/v1/deliveries/{id}',
  'POST /api/v1/deliveries/{id}/replay',
  'POST /api/v1/deliveries/replay',
  'GET /api/v1/silences',
  'POST /api/v1/silences',
  'GET /api/v1/silences/{id}',
  'DELETE /api/v1/silences/{id}',
  'GET /api/v1/stream',
  'GET /api/v1/kinds/sources',
  'GET /api/v1/kinds/channels',
  'POST /api/v1/setup',
  'POST /api/v1/auth/sign-in',
  'POST /api/v1/auth/sign-out',
  'POST /api/v1/auth/sign-out-everywhere',
  'GET /api/v1/auth/sessions',
  'DELETE /api/v1/auth/sessions/{id}',
  'GET /api/v1/me',
  'GET /api/v1/tokens',
  'POST /api/v1/tokens',
  'DELETE /api/v1/tokens/{id}',
  'PATCH /api/v1/me',
  'GET /api/v1/users',
  'POST /api/v1/users',
  'GET /api/v1/users/{id}',
  'PATCH /api/v1/users/{id}',
  'DELETE /api/v1/users/{id}',
  'GET /api/v1/topics',
  'POST /api/v1/topics',
  'GET /api/v1/topics/{id}',
  'PATCH /api/v1/topics/{id}',
  'DELETE /api/v1/topics/{id}',
  'POST /api/v1/topics/{id}/tokens',
  'POST /api/v1/topics/signing-keys/rotate',
  'GET /api/v1/topics/{name}/stream',
  'POST /api/v1/users/{id}/unlock',
  'GET /api/v1/audit',
  'GET /api/v1/auth/oidc/start',
  'GET /api/v1/auth/oidc/callback',
  'GET /api/v1/auth/methods',
  'GET /api/v1/settings',
  'GET /api/v1/targets/shared',
  'GET /api/v1/targets/{id}/shares',
  'PUT /api/v1/targets/{id}/shares/{userId}',
  'DELETE /api/v1/targets/{id}/shares/{userId}',
  'GET /api/v1/stats',
];

/** The routes that need no credentials: the document, and the two that hand out a session. */
const publicOperations = [
  'GET /api/v1/openapi.json',
  'POST /api/v1/setup',
  'POST /api/v1/auth/sign-in',
  // A topic's subscribers bring the topic's own token, or nothing on a public topic.
  'GET /api/v1/topics/{name}/stream',
  'GET /api/v1/auth/oidc/start',
  'GET /api/v1/auth/oidc/callback',
  // The sign-in page asks which ways to sign in exist before anyone has.
  'GET /api/v1/auth/methods',
];
/** Routes that need more than reading for a GET and writing for the rest. */
const adminOperations = [
  'GET /api/v1/users',
  'POST /api/v1/users',
  'GET /api/v1/users/{id}',
  'PATCH /api/v1/users/{id}',
  'DELETE /api/v1/users/{id}',
  'POST /api/v1/topics/signing-keys/rotate',
  'POST /api/v1/users/{id}/unlock',
  'GET /api/v1/settings',
  'GET /api/v1/targets/{id}/shares',
  'PUT /api/v1/targets/{id}/shares/{userId}',
  'DELETE /api/v1/targets/{id}/shares/{userId}',
];

describe.each(testDialects)('API authentication and the OpenAPI document on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('answers 401 NB_ERR_UNAUTHORIZED without a token, with a wrong one, or with one in the query string', async () => {
    const anonymous = apiAs(t, undefined);
    const wrong = apiAs(t, 'nb_not-a-real-token');
    for (const [method, url] of [
      ['GET', '/sources'],
      ['POST', '/rules'],
      ['GET', '/deliveries/01J00000000000000000000000'],
      ['GET', '/kinds/channels'],
    ] as const) {
      for (const call of [anonymous, wrong]) {
        const response = await call<{ error: { code: string; requestId: string } }>(
          method,
          url,
          method === 'POST' ? {} : undefined,
        );
        expect(response.status, `${method} ${url}`).toBe(401);
        expect(response.body.error.code).toBe('NB_ERR_UNAUTHORIZED');
        expect(response.body.error.requestId).toEqual(expect.any(String));
      }
    }
    expect((await anonymous('GET', `/sources?access_token=${testAdminToken}`)).status).toBe(401);
    const basic = await t.app.http.inject({
      method: 'GET',
      url: '/api/v1/sources',
      headers: { authorization: `Basic ${testAdminToken}` },
    });
    expect(basic.statusCode).toBe(401);
    expect((await apiAs(t, testAdminToken)('GET', '/sources')).status).toBe(200);
  });

  it('refuses a revoked token', async () => {
    const member = await createMember(t, `revoked-${dialect}`);
    expect((await member.api('GET', '/sources')).status).toBe(200);
    await t.app.database.db
      .updateTable('api_tokens')
      .set({ revoked_at: Date.now() })
      .where('user_id', '=', member.userId)
      .execute();
    expect((await member.api('GET', '/sources')).status).toBe(401);
  });

  it('serves the OpenAPI 3.1 document without a token, listing every route with a summary and a tag', async () => {
    const response = await apiAs(t, undefined)<OpenApiDocument>('GET', '/openapi.json');
    expect(response.status).toBe(200);
    const document = response.body;
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toBe('notify-bridge API');
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.security).toEqual([{ bearerAuth: [] }]);

    // The ingress and health routes are in it too (openapi-complete.test.ts); here, the API's.
    const apiPaths = Object.entries(document.paths).filter(([path]) => path.startsWith('/api/v1/'));
    const listed = apiPaths.flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(listed.sort()).toEqual([...operations].sort());
    const tagNames = new Set(document.tags.map((tag) => tag.name));
    for (const [path, methods] of apiPaths) {
      for (const [method, operation] of Object.entries(methods)) {
        const where = `${method} ${path}`;
        expect(operation.summary, where).toEqual(expect.any(String));
        expect(operation.tags, where).toHaveLength(1);
        expect(tagNames.has(operation.tags![0]!), where).toBe(true);
        const name = `${method.toUpperCase()} ${path}`;
        if (publicOperations.includes(name)) {
          expect(operation.security, where).toEqual([]);
        } else {
          expect(Object.keys(operation.responses), where).toEqual(expect.arrayContaining(['401', '403']));
          const scope = adminOperations.includes(name) ? 'admin' : method === 'get' ? 'read' : 'write';
          expect(operation.security, where).toEqual([{ bearerAuth: [scope] }, { sessionCookie: [scope] }]);
        }
      }
    }
    expect(document.paths['/api/v1/openapi.json']!.get!.security).toEqual([]);
    // Every route the server has is in the document, and every documented route exists.
    for (const operation of operations) {
      const [method, path] = operation.split(' ') as [string, string];
      const url = path
        .replaceAll('{id}', ':id')
        .replaceAll('{receiverId}', ':receiverId')
        .replaceAll('{userId}', ':userId')
        .replaceAll('{name}', ':name');
      expect(t.app.http.hasRoute({ method: method as 'GET', url }), operation).toBe(true);
    }
  });

  // The server compiles a route's schemas on its first request (api/lazy-schema-compilers.ts): a schema
  // that cannot compile must still fail here, not on a user's first call.
  it('compiles every route schema', () => {
    // Dozens of routes, most not requested by this file's tests: their schemas are still uncompiled.
    expect(t.app.compileSchemas()).toBeGreaterThan(20);
    expect(t.app.compileSchemas()).toBe(0);
  });

  it('documents the write-only secrets and the error body in the schemas', async () => {
    const document = (await apiAs(t, undefined)<OpenApiDocument>('GET', '/openapi.json')).body;
    const text = JSON.stringify(document.paths['/api/v1/sources']);
    expect(text).toContain('secretsSet');
    expect(text).toContain('#/components/schemas/ErrorBody');
    const errorBody = JSON.stringify(document.components.schemas.ErrorBody);
    expect(errorBody).toContain('NB_ERR_VALIDATION');
    expect(errorBody).toContain('requestId');
  });
});
