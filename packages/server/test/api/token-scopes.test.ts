import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireDeclaredScope } from '../../src/api/auth.ts';
import { type TokenScope, tokenScopes } from '../../src/security/token-scopes.ts';
import { testDialects } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { type ApiCall, createMember, type Route, routesOf, tokenFor } from './api-client.ts';

interface ErrorBody {
  error: { code: string; message: string };
}

const unknownId = '01J0000000000000000000000Z';

function call(api: ApiCall, route: Route) {
  const url = `${route.path.replace(/\{[^}]+\}/g, unknownId)}${route.streams ? '?since=-1' : ''}`;
  return api<ErrorBody>(
    route.method,
    url,
    route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
  );
}

describe.each(testDialects)('token scopes on %s', (dialect) => {
  let t: TestApp;
  let routes: Route[];
  /** Tokens of the admin user granting exactly each scope, and one granting none. */
  const tokens = new Map<TokenScope | 'none', ApiCall>();

  beforeAll(async () => {
    t = await startTestApp(dialect);
    routes = await routesOf(t);
    tokens.set('none', await tokenFor(t, t.app.boot.adminUserId, []));
    for (const scope of tokenScopes) tokens.set(scope, await tokenFor(t, t.app.boot.adminUserId, [scope]));
  });
  afterAll(() => t.close());

  it('declares a scope on every route of the API', () => {
    expect(routes.length).toBeGreaterThan(30);
    for (const route of routes) expect(tokenScopes, `${route.method} ${route.path}`).toContain(route.scope);
    // Reading needs `read`, everything else at least `write`; the users routes, the instance's settings
    // and who a target is shared with need `admin` for both.
    for (const route of routes) {
      const where = `${route.method} ${route.path}`;
      if (route.path.startsWith('/users') || route.path === '/settings' || route.path.includes('/shares'))
        expect(route.scope, where).toBe('admin');
      else expect(route.scope === 'read', where).toBe(route.method === 'GET');
    }
  });

  it('answers 403 NB_ERR_FORBIDDEN naming the scope to a token without it, and lets one with it through', async () => {
    for (const route of routes) {
      const where = `${route.method} ${route.path}`;
      const narrower = tokenScopes.indexOf(route.scope) - 1;
      const lacking = tokens.get(narrower < 0 ? 'none' : tokenScopes[narrower]!)!;
      const refused = await call(lacking, route);
      expect(refused.status, where).toBe(403);
      expect(refused.body.error.code, where).toBe('NB_ERR_FORBIDDEN');
      expect(refused.body.error.message, where).toContain(
        `needs an API token with the "${route.scope}" scope`,
      );

      // A stream that is let through stays open: the streams' own tests cover what comes past the scope.
      if (route.path.endsWith('/stream')) continue;
      const passed = await call(tokens.get(route.scope)!, route);
      // Past the scope check the made-up id or empty body decides: 404, 400, a listing or a sign-out.
      expect([200, 204, 400, 404], `${where}: ${passed.body?.error?.message}`).toContain(passed.status);
    }
  });

  it('caps a token by its role: a member’s admin-scoped token still reaches only the member’s rows', async () => {
    const member = await createMember(t, `capped-${dialect}`, ['admin']);
    const admins = await tokens.get('admin')!<{ id: string }>('POST', '/templates', {
      name: 'admin’s',
      bodies: { text: 'x' },
    });
    expect(admins.status).toBe(201);
    expect((await member.api('GET', `/templates/${admins.body.id}`)).status).toBe(404);
    const created = await member.api<{ id: string }>('POST', '/templates', {
      name: 'm',
      bodies: { text: 'm' },
    });
    expect(created.status).toBe(201);

    // Without the admin scope an admin's token is confined to the admin's own rows, like a member's.
    expect((await tokens.get('write')!('GET', `/templates/${created.body.id}`)).status).toBe(404);
    expect((await tokens.get('write')!('GET', `/templates/${admins.body.id}`)).status).toBe(200);
    expect((await tokens.get('admin')!('GET', `/templates/${created.body.id}`)).status).toBe(200);
  });
});

describe('a route without a declared scope', () => {
  it('fails the server’s start, naming the route', async () => {
    const app = Fastify();
    const start = async () => {
      await app.register(async (secured) => {
        secured.addHook('onRoute', requireDeclaredScope);
        secured.get('/declared', { config: { scope: 'read' } }, async () => ({}));
        secured.get('/forgotten', async () => ({}));
      });
      await app.ready();
    };
    await expect(start()).rejects.toThrow('GET /forgotten declares no token scope');
  });
});
