import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiCall, apiAs } from '../api/api-client.ts';
import { testDialects } from '../helpers/databases.ts';
import { startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';

interface Me {
  id: string;
  name: string;
  role: string;
  displayName: string;
}

/** Real HTTP from 127.0.0.1 to the listening app. */
async function get(origin: string, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${origin}${path}`, { headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe.each(testDialects)('trusted reverse-proxy headers on %s', (dialect) => {
  let on: TestApp;
  let off: TestApp;
  let elsewhere: TestApp;
  let onOrigin: string;
  let offOrigin: string;
  let elsewhereOrigin: string;
  let admin: ApiCall;

  beforeAll(async () => {
    on = await startTestApp(dialect, {
      NB_TRUSTED_PROXIES: '127.0.0.1,::1',
      NB_PROXY_AUTH_ADMIN_GROUP: 'admins',
    });
    off = await startTestApp(dialect);
    // Trusts a proxy on another network: our requests from 127.0.0.1 are not from it.
    elsewhere = await startTestApp(dialect, { NB_TRUSTED_PROXIES: '10.0.0.0/8' });
    onOrigin = (await on.app.listen()).replace('localhost', '127.0.0.1');
    offOrigin = (await off.app.listen()).replace('localhost', '127.0.0.1');
    elsewhereOrigin = (await elsewhere.app.listen()).replace('localhost', '127.0.0.1');
    admin = apiAs(on, testAdminToken);
  });
  afterAll(async () => {
    await on.close();
    await off.close();
    await elsewhere.close();
  });

  const alice = { 'remote-user': 'alice', 'remote-groups': 'family', 'remote-name': 'Alice A.' };

  it('signs in the user a trusted proxy names, making them on first sight, then finding them again', async () => {
    const first = await get(onOrigin, '/api/v1/me', alice);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ name: 'alice', role: 'member', displayName: 'Alice A.' });
    const again = await get(onOrigin, '/api/v1/me', alice);
    expect(again.body.id).toBe(first.body.id);
    const users = await admin<{ items: Me[] }>('GET', '/users');
    expect(users.body.items.filter((u) => u.name.startsWith('alice'))).toHaveLength(1);
    const audit = await admin<{ items: { action: string; via: string }[] }>(
      'GET',
      `/audit?actor=${first.body.id}`,
    );
    expect(audit.body.items.map((e) => [e.action, e.via])).toEqual([['user.create', 'proxy']]);
  });

  it('makes a member of the admin group an admin, and follows a change of groups', async () => {
    const boss = { 'remote-user': 'boss', 'remote-groups': 'family, admins' };
    expect((await get(onOrigin, '/api/v1/me', boss)).body).toMatchObject({ name: 'boss', role: 'admin' });
    expect((await get(onOrigin, '/api/v1/users', boss)).status).toBe(200);
    const demoted = await get(onOrigin, '/api/v1/me', { ...boss, 'remote-groups': 'family' });
    expect(demoted.body.role).toBe('member');
    expect((await get(onOrigin, '/api/v1/users', { ...boss, 'remote-groups': 'family' })).status).toBe(403);
    const audit = await admin<{ items: { action: string; changes: unknown }[] }>(
      'GET',
      `/audit?actor=${demoted.body.id}&action=user.update`,
    );
    expect(audit.body.items[0]!.changes).toMatchObject({
      changed: { role: { from: 'admin', to: 'member' } },
    });
  });

  it('ignores the headers with the setting off: no sign-in, no user', async () => {
    const response = await get(offOrigin, '/api/v1/me', {
      'remote-user': 'mallory',
      'remote-groups': 'admins',
    });
    expect(response.status).toBe(401);
    const users = await apiAs(off, testAdminToken)<{ items: Me[] }>('GET', '/users');
    expect(users.body.items.some((u) => u.name === 'mallory')).toBe(false);
  });

  it('ignores the headers from an address that is not a trusted proxy, X-Forwarded-For or not', async () => {
    const spoofs: Record<string, string>[] = [
      {},
      { 'x-forwarded-for': '10.0.0.5' },
      { forwarded: 'for=10.0.0.5' },
    ];
    for (const spoof of spoofs) {
      const response = await get(elsewhereOrigin, '/api/v1/me', { 'remote-user': 'mallory', ...spoof });
      expect(response.status).toBe(401);
    }
    const users = await apiAs(elsewhere, testAdminToken)<{ items: Me[] }>('GET', '/users');
    expect(users.body.items.some((u) => u.name === 'mallory')).toBe(false);
  });

  it('ignores a Remote-User sent twice (the client’s own beside the proxy’s)', async () => {
    const url = new URL(`${onOrigin}/api/v1/me`);
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          headers: { 'remote-user': ['boss', 'alice'] },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode!);
        },
      );
      request.on('error', reject);
      request.end();
    });
    expect(status).toBe(401);
  });

  it('holds proxy-signed requests to the CSRF check: a cross-site form post is refused', async () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${onOrigin}/api/v1/templates`, {
        method: 'POST',
        headers: { ...alice, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ name: 'via proxy', bodies: { text: 'x' } }),
      });
    expect((await post({ origin: 'https://evil.example' })).status).toBe(403);
    expect((await post({ origin: onOrigin })).status).toBe(403);
    expect((await post({ origin: onOrigin, 'x-notify-bridge': '1' })).status).toBe(201);
  });

  it('takes the client address from X-Forwarded-For only through a trusted proxy', async () => {
    const failSignIn = (origin: string) =>
      fetch(`${origin}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-notify-bridge': '1',
          origin,
          'x-forwarded-for': '198.51.100.7',
        },
        body: JSON.stringify({ name: 'nobody', password: 'wrong password here' }),
      });
    expect((await failSignIn(onOrigin)).status).toBe(401);
    expect((await failSignIn(elsewhereOrigin)).status).toBe(401);
    const addressOf = async (app: TestApp) => {
      const entries = await apiAs(app, testAdminToken)<{ items: { address: string }[] }>(
        'GET',
        '/audit?action=sign-in.failed',
      );
      return entries.body.items[0]!.address;
    };
    expect(await addressOf(on)).toBe('198.51.100.7');
    expect(await addressOf(elsewhere)).toBe('127.0.0.1');
  });

  it('refuses a disabled user, and lets an API token win over the headers', async () => {
    const me = await get(onOrigin, '/api/v1/me', alice);
    expect((await admin('PATCH', `/users/${me.body.id}`, { disabled: true })).status).toBe(200);
    const refused = await get(onOrigin, '/api/v1/me', alice);
    expect(refused.status).toBe(403);
    expect((refused.body.error as { code: string }).code).toBe('NB_ERR_SIGN_IN_DENIED');
    const withToken = await get(onOrigin, '/api/v1/me', {
      ...alice,
      authorization: `Bearer ${testAdminToken}`,
    });
    expect(withToken.body.id).toBe(on.app.boot.adminUserId);
    await admin('PATCH', `/users/${me.body.id}`, { disabled: false });
  });
});
