import { ApiError, bearerAuth, createApiClient, unwrap } from '@notify-bridge/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, testAdminToken } from '../../server/test/helpers/test-app.ts';
import { browserFetch } from './helpers/browser-fetch.ts';

/**
 * The built client's typed REST calls against the real server, listening on a port, on SQLite (the
 * client does not see the database; the server's own tests loop over both dialects).
 */
describe('createApiClient against the real server', () => {
  let t: TestApp;
  let baseUrl: string;
  const password = 'correct horse battery';

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    baseUrl = (await t.app.listen()).replace('0.0.0.0', '127.0.0.1');
    const admin = createApiClient({ baseUrl, token: testAdminToken });
    unwrap(await admin.POST('/api/v1/users', { body: { name: 'alice', password, role: 'member' } }));
  });
  afterAll(() => t.close());

  it('signs in with a session cookie as a browser page does, and makes changes with the CSRF header', async () => {
    const browser = browserFetch(baseUrl);
    const api = createApiClient({ baseUrl, session: true, fetch: browser.fetch });
    const signedIn = await api.POST('/api/v1/auth/sign-in', { body: { name: 'alice', password } });
    expect(signedIn.response.status).toBe(200);
    expect([...browser.jar.keys()]).toEqual(['nb_session']);

    const me = unwrap(await api.GET('/api/v1/me'));
    expect(me).toMatchObject({ name: 'alice', role: 'member' });

    const created = unwrap(
      await api.POST('/api/v1/tokens', { body: { name: 'laptop', scopes: ['read', 'write'] } }),
    );
    expect(created.token).toMatch(/^nbt_/);
    expect(created.scopes).toEqual(['read', 'write']);
  });

  it('refuses a signed-in change without the CSRF header, so the session helper is what makes it pass', async () => {
    const browser = browserFetch(baseUrl);
    const api = createApiClient({ baseUrl, credentials: 'include', fetch: browser.fetch });
    await api.POST('/api/v1/auth/sign-in', {
      body: { name: 'alice', password },
      headers: { 'x-notify-bridge': '1' },
    });
    expect(unwrap(await api.GET('/api/v1/me')).name).toBe('alice');
    const refused = await api.POST('/api/v1/tokens', { body: { name: 'x', scopes: ['read'] } });
    expect(refused.response.status).toBe(403);
    expect(refused.error).toMatchObject({ error: { code: 'NB_ERR_FORBIDDEN' } });
  });

  it('authenticates with an API token, read from a function each request when given one', async () => {
    const admin = createApiClient({ baseUrl, token: testAdminToken });
    const { token } = unwrap(await admin.POST('/api/v1/tokens', { body: { name: 'ci', scopes: ['read'] } }));
    let current: string | undefined = token;
    const api = createApiClient({ baseUrl, token: () => current });
    expect(unwrap(await api.GET('/api/v1/me')).name).toBe('admin');
    current = 'nbt_revoked0000000000000000000000';
    const refused = await api.GET('/api/v1/me');
    expect(refused.response.status).toBe(401);
    expect(() => unwrap(refused)).toThrow(ApiError);
  });

  it('turns error answers into ApiError with the server code, message and request id', async () => {
    const api = createApiClient({ baseUrl, token: testAdminToken });
    const missing = await api.GET('/api/v1/sources/{id}', {
      params: { path: { id: '01JNOSUCHSOURCE0000000000' } },
    });
    let error: unknown;
    try {
      unwrap(missing);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, code: 'NB_ERR_NOT_FOUND', requestId: expect.any(String) });
    const invalid = await api.POST('/api/v1/tokens', { body: { name: '', scopes: ['read'] } });
    expect(() => unwrap(invalid)).toThrow(/^NB_ERR_VALIDATION: /);
  });

  it('lets middleware such as bearerAuth be added to a client by hand', async () => {
    const api = createApiClient({ baseUrl });
    expect((await api.GET('/api/v1/me')).response.status).toBe(401);
    api.use(bearerAuth(testAdminToken));
    expect(unwrap(await api.GET('/api/v1/me')).role).toBe('admin');
  });
});
