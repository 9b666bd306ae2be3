import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.ts';
import { testDialects } from '../helpers/databases.ts';
import { signInAs } from '../helpers/session-client.ts';
import { startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';
import { type ApiCall, apiAs, createMember, type Route, routesOf, tokenFor } from './api-client.ts';

/**
 * Every route of the API, called on one member's things by each kind of caller: the owner, another member,
 * a member the owner's target is shared with, an admin, nobody, and a token without scopes. The exact
 * status each gets, and no trace of the owner's rows in another member's lists. A route added later is in
 * the matrix by itself; one with a path parameter this file cannot fill fails until it can.
 */

interface ErrorBody {
  error?: { code: string; message: string };
}

const password = 'correct horse battery staple';

/** Bodies that pass validation where `{}` does not, so the answer shows whether the row was found. */
const validBodies: Record<string, unknown> = {
  'POST /targets/{id}/receivers': { name: 'matrix', address: {} },
};
/** Bodies that need the owner's ids. */
function bodyWithIds(key: string, ids: Record<string, string>): unknown {
  if (key === 'POST /targets/{id}/receivers/bulk') return { ids: [ids.receiverId], action: 'enable' };
  return validBodies[key];
}

describe.each(testDialects)('every route × every kind of caller on %s', (dialect) => {
  let t: TestApp;
  let routes: Route[];
  let admin: ApiCall;
  let owner: { userId: string; api: ApiCall };
  let other: { userId: string; api: ApiCall };
  let sharedWith: { userId: string; api: ApiCall };
  let unscoped: ApiCall;
  /** The owner's things, by the path parameter that names them. */
  const ids: Record<string, string> = {};

  /** The path with the owner's ids in it. */
  function urlOf(route: Route): string {
    const [, collection] = route.path.split('/');
    return route.path.replace(/\{(\w+)\}/g, (_whole, param: string) => {
      const key = param === 'id' ? collection! : param;
      const id = ids[key];
      if (id === undefined) throw new Error(`${route.method} ${route.path}: nothing to fill {${param}} with`);
      return id;
    });
  }

  async function call(api: ApiCall, route: Route) {
    const body =
      route.method === 'GET' || route.method === 'DELETE'
        ? undefined
        : (bodyWithIds(`${route.method} ${route.path}`, ids) ?? {});
    return api<ErrorBody>(route.method, urlOf(route), body);
  }

  beforeAll(async () => {
    t = await startTestApp(dialect);
    admin = apiAs(t, testAdminToken);
    owner = await createMember(t, 'owner');
    other = await createMember(t, 'other');
    sharedWith = await createMember(t, 'shared');
    unscoped = await tokenFor(t, owner.userId, []);
    routes = await routesOf(t);

    const api = owner.api;
    const created = async (path: string, body: unknown) => {
      const response = await api<{ id: string }>('POST', path, body);
      expect(response.status, `${path}: ${response.raw}`).toBe(201);
      return response.body.id;
    };
    ids.sources = await created('/sources', {
      kind: 'webhook',
      name: 'o',
      config: { auth: { mode: 'none' } },
    });
    ids.targets = await created('/targets', {
      kind: 'webhook',
      name: 'o',
      config: { url: 'http://127.0.0.1:9/o' },
    });
    ids.receiverId = await created(`/targets/${ids.targets}/receivers`, { name: 'o', address: {} });
    ids.templates = await created('/templates', { name: 'o', bodies: { text: 'o' } });
    ids.rules = await created('/rules', {
      name: 'o',
      sourceIds: [ids.sources],
      receiverIds: [ids.receiverId],
      templateId: ids.templates,
    });
    ids.silences = await created('/silences', { receiverId: ids.receiverId, duration: '1h' });
    ids.topics = await created('/topics', { name: 'owner-topic' });
    const token = await api<{ id: string }>('POST', '/tokens', { name: 'spare', scopes: ['read'] });
    ids.tokens = token.body.id;
    const [event] = await t.app.ingestor.ingest(ids.sources, [
      { type: 'matrix', title: 'owner’s event', body: '', severity: 'info', data: null },
    ]);
    ids.events = event!.eventId;
    const delivery = await t.app.database.db
      .selectFrom('deliveries')
      .select('id')
      .where('event_id', '=', ids.events)
      .executeTakeFirstOrThrow();
    ids.deliveries = delivery.id;
    await t.app.database.db
      .updateTable('users')
      .set({ password_hash: await hashPassword(password) })
      .where('id', '=', owner.userId)
      .execute();
    await signInAs(t, 'owner', password);
    const session = await api<{ items: { id: string }[] }>('GET', '/auth/sessions');
    ids.auth = session.body.items[0]!.id;
    ids.users = owner.userId;
    ids.userId = sharedWith.userId;
    expect((await admin('PUT', `/targets/${ids.targets}/shares/${sharedWith.userId}`)).status).toBe(200);
  }, 60_000);
  afterAll(() => t.close());

  it('answers 401 to nobody and 403 to a token without scopes, on every route', async () => {
    for (const route of routes) {
      const where = `${route.method} ${route.path}`;
      expect((await call(apiAs(t, undefined), route)).status, where).toBe(401);
      expect((await call(unscoped, route)).status, where).toBe(403);
    }
  });

  it('answers another member 404 for each of the owner’s things (403 where only admins may go)', async () => {
    for (const route of routes.filter((r) => r.path.includes('{'))) {
      const where = `${route.method} ${route.path}`;
      const response = await call(other.api, route);
      if (route.scope === 'admin') expect(response.status, where).toBe(403);
      else if (!route.streams) {
        expect(response.status, `${where}: ${response.raw}`).toBe(404);
        expect(response.body.error?.code, where).toBe('NB_ERR_NOT_FOUND');
      }
    }
  });

  it('lets a member the target is shared with use its receivers, and nothing else of the owner’s', async () => {
    for (const route of routes.filter((r) => r.path.includes('{'))) {
      const where = `${route.method} ${route.path}`;
      const response = await call(sharedWith.api, route);
      const receivers = route.path.startsWith('/targets/{id}/receivers');
      let expected: number;
      if (route.scope === 'admin') expected = 403;
      else if (!receivers) expected = 404;
      else if (route.path === '/targets/{id}/receivers') expected = route.method === 'GET' ? 200 : 201;
      // A bulk change answers per id: the lent receiver is not_found for the member (target-shares.test.ts).
      else if (route.path === '/targets/{id}/receivers/bulk') expected = 200;
      // The owner's own receiver is lent: readable, but only its owner may change or test it.
      else expected = route.method === 'GET' ? 200 : 403;
      if (!route.streams) expect(response.status, `${where}: ${response.raw}`).toBe(expected);
    }
  });

  it('lets the owner and an admin reach every one of the owner’s things', async () => {
    for (const route of routes.filter((r) => r.path.includes('{') && r.method !== 'DELETE' && !r.streams)) {
      const where = `${route.method} ${route.path}`;
      for (const [who, api] of [
        ['admin', admin],
        ['owner', owner.api],
      ] as const) {
        if (who === 'owner' && route.scope === 'admin') continue;
        const response = await call(api, route);
        // An empty body may be refused (400) or conflict (409); what counts is that the row was found.
        expect([200, 201, 202, 204, 400, 409], `${who} ${where}: ${response.raw}`).toContain(response.status);
      }
    }
  });

  it('shows another member none of the owner’s rows in any list', async () => {
    const lists = routes.filter((r) => r.method === 'GET' && !r.path.includes('{') && !r.streams);
    expect(lists.length).toBeGreaterThan(10);
    for (const route of lists) {
      const response = await call(other.api, route);
      if (route.scope === 'admin') {
        expect(response.status, route.path).toBe(403);
        continue;
      }
      expect(response.status, route.path).toBe(200);
      for (const [what, id] of Object.entries(ids)) {
        if (what === 'userId') continue;
        expect(response.raw, `${route.path} shows the owner’s ${what}`).not.toContain(id);
      }
    }
  });

  it('lets the owner delete each of their things, then finds them no more', async () => {
    const order = [
      '/targets/{id}/shares/{userId}',
      '/silences/{id}',
      '/rules/{id}',
      '/targets/{id}/receivers/{receiverId}',
      '/templates/{id}',
      '/sources/{id}',
      '/targets/{id}',
      '/tokens/{id}',
      '/auth/sessions/{id}',
      '/topics/{id}',
      '/users/{id}',
    ];
    const keptAsEnded = ['/silences/{id}', '/tokens/{id}'];
    const deletes = routes.filter((r) => r.method === 'DELETE' && r.path.includes('{'));
    expect(deletes.map((r) => r.path).sort()).toEqual([...order].sort());
    for (const path of order) {
      const route = deletes.find((r) => r.path === path)!;
      const response = await call(route.scope === 'admin' ? admin : owner.api, route);
      expect(response.status, `DELETE ${path}: ${response.raw}`).toBe(204);
      const again = await call(route.scope === 'admin' ? admin : owner.api, route);
      // An ended silence and a revoked token stay listed as such, so ending them again is no error;
      // everything else is gone.
      expect(again.status, `again ${path}`).toBe(keptAsEnded.includes(path) ? 204 : 404);
    }
  });
});
