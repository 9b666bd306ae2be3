import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { oidcStartLimit } from '../../src/api/oidc.ts';
import { oidcLoginTtlMs } from '../../src/auth/oidc-sign-in.ts';
import { manualClock } from '../../src/domain/clock.ts';
import { type ApiCall, apiAs } from '../api/api-client.ts';
import { testDialects } from '../helpers/databases.ts';
import { LocalOpenIdProvider, TestBrowser } from '../helpers/oidc-provider.ts';
import { startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';

const clientId = 'notify-bridge';
const clientSecret = `client-secret-${Math.random().toString(36).slice(2)}-0123456789`;
const callbackPath = '/api/v1/auth/oidc/callback';

interface User {
  id: string;
  name: string;
  role: string;
  displayName: string;
}

describe.each(testDialects)('OpenID Connect sign-in against a real provider on %s', (dialect) => {
  const clock = manualClock(Date.now());
  const provider = new LocalOpenIdProvider();
  let t: TestApp;
  let origin: string;
  let admin: ApiCall;

  beforeAll(async () => {
    await provider.start();
    t = await startTestApp(
      dialect,
      {
        NB_OIDC_ISSUER: provider.issuer,
        NB_OIDC_CLIENT_ID: clientId,
        NB_OIDC_CLIENT_SECRET: clientSecret,
        NB_OIDC_ALLOWED_GROUPS: 'family,friends',
        NB_OIDC_ADMIN_GROUP: 'bridge-admins',
      },
      { clock },
    );
    origin = (await t.app.listen()).replace('localhost', '127.0.0.1');
    provider.register({ clientId, clientSecret, redirectUri: `${origin}${callbackPath}` });
    admin = apiAs(t, testAdminToken);
    provider.accounts.set('sub-anna', {
      sub: 'sub-anna',
      preferred_username: 'Anna',
      name: 'Anna A.',
      groups: ['family'],
    });
    provider.accounts.set('sub-root', {
      sub: 'sub-root',
      preferred_username: 'root',
      groups: ['bridge-admins'],
    });
    provider.accounts.set('sub-eve', { sub: 'sub-eve', preferred_username: 'eve', groups: ['strangers'] });
    provider.accounts.set('sub-olga', { sub: 'sub-olga', preferred_username: 'olga', groups: ['friends'] });
  });
  afterAll(async () => {
    await t.close();
    await provider.close();
  });
  // Every test starts sign-ins from 127.0.0.1: a minute apart, none of them meets the last one's limit.
  beforeEach(() => clock.advance(60_000));

  const atCallback = (url: URL) => url.origin === origin && url.pathname === callbackPath;

  /** The whole flow in a fresh browser: start, the provider's login and consent pages, the callback. */
  async function signIn(sub: string, browser = new TestBrowser()) {
    const { url } = await browser.run(`${origin}/api/v1/auth/oidc/start`, sub, atCallback);
    expect(url.pathname, 'the provider did not send the browser back').toBe(callbackPath);
    const response = await browser.request(url.href);
    return {
      browser,
      callbackUrl: url,
      response,
      body: response.status === 302 ? '' : await response.text(),
    };
  }

  async function me(browser: TestBrowser): Promise<User | undefined> {
    const session = browser.cookie('nb_session');
    if (!session) return undefined;
    const response = await fetch(`${origin}/api/v1/me`, { headers: { cookie: `nb_session=${session}` } });
    return response.status === 200 ? ((await response.json()) as User) : undefined;
  }

  it('starts with PKCE S256, a state and a nonce, and a state cookie for the callback path only', async () => {
    const browser = new TestBrowser();
    const response = await browser.request(`${origin}/api/v1/auth/oidc/start?next=https://evil.example/`);
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(location.origin).toBe(provider.issuer);
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(location.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(location.searchParams.get('redirect_uri')).toBe(`${origin}${callbackPath}`);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('nb_oidc_state='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\/api\/v1\/auth\/oidc/);
    expect(location.searchParams.get('state')).toBe(browser.cookie('nb_oidc_state'));
    // The state is stored only as a hash, the verifier sealed.
    const rows = await t.app.database.db.selectFrom('oidc_logins').selectAll().execute();
    const text = JSON.stringify(rows);
    expect(text).not.toContain(location.searchParams.get('state')!);
    expect(text).toContain('nbsec:');
  });

  it('makes the user on the first sign-in, with the nb_session cookie, and redirects to /', async () => {
    const first = await signIn('sub-anna');
    expect(first.response.status, first.body).toBe(302);
    expect(first.response.headers.get('location')).toBe('/');
    const cookie = first.response.headers.getSetCookie().find((line) => line.startsWith('nb_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    const anna = await me(first.browser);
    expect(anna).toMatchObject({ name: 'anna', role: 'member', displayName: 'Anna A.' });
    const entries = await admin<{ items: { action: string; via: string; actorId: string }[] }>(
      'GET',
      `/audit?actor=${anna!.id}`,
    );
    expect(entries.body.items.map((e) => [e.action, e.via])).toEqual([
      ['sign-in.ok', 'oidc'],
      ['user.create', 'oidc'],
    ]);

    const second = await signIn('sub-anna');
    expect(second.response.status, second.body).toBe(302);
    expect((await me(second.browser))!.id).toBe(anna!.id);
    const users = await admin<{ items: User[] }>('GET', '/users');
    expect(users.body.items.filter((u) => u.name.startsWith('anna'))).toHaveLength(1);
  });

  it('makes a member of the admin group an admin', async () => {
    const signedIn = await signIn('sub-root');
    expect(signedIn.response.status, signedIn.body).toBe(302);
    expect(await me(signedIn.browser)).toMatchObject({ name: 'root', role: 'admin' });
  });

  it('refuses someone in none of the allowed groups, and makes no user', async () => {
    const refused = await signIn('sub-eve');
    expect(refused.response.status).toBe(403);
    expect(JSON.parse(refused.body).error.code).toBe('NB_ERR_SIGN_IN_DENIED');
    expect(refused.browser.cookie('nb_session')).toBeUndefined();
    const users = await admin<{ items: User[] }>('GET', '/users');
    expect(users.body.items.some((u) => u.name === 'eve')).toBe(false);
    const failed = await admin<{ items: unknown[] }>('GET', '/audit?action=sign-in.failed');
    expect(failed.body.items[0]).toMatchObject({
      via: 'oidc',
      changes: { detail: { reason: 'NB_ERR_SIGN_IN_DENIED' } },
    });
  });

  it('refuses a disabled user', async () => {
    const users = await admin<{ items: User[] }>('GET', '/users');
    const anna = users.body.items.find((u) => u.name === 'anna')!;
    expect((await admin('PATCH', `/users/${anna.id}`, { disabled: true })).status).toBe(200);
    const refused = await signIn('sub-anna');
    expect(refused.response.status).toBe(403);
    expect(JSON.parse(refused.body).error.code).toBe('NB_ERR_SIGN_IN_DENIED');
    expect(refused.browser.cookie('nb_session')).toBeUndefined();
    const failed = await admin<{ items: unknown[] }>('GET', '/audit?action=sign-in.failed');
    expect(failed.body.items[0]).toMatchObject({
      via: 'oidc',
      actorId: null,
      resourceId: anna.id,
      changes: { detail: { reason: 'disabled' } },
    });
    await admin('PATCH', `/users/${anna.id}`, { disabled: false });
  });

  it('never links to a local user of the same name: a new, numbered user instead', async () => {
    const local = await admin<User>('POST', '/users', { name: 'olga', password: 'local olga password' });
    expect(local.status).toBe(201);
    const signedIn = await signIn('sub-olga');
    expect(signedIn.response.status, signedIn.body).toBe(302);
    const olga = await me(signedIn.browser);
    expect(olga).toMatchObject({ name: 'olga-2' });
    expect(olga!.id).not.toBe(local.body.id);
  });

  describe('as an attacker', () => {
    it('limits the sign-ins one address may start, telling a browser on the sign-in page', async () => {
      const start = (accept?: string) =>
        fetch(`${origin}/api/v1/auth/oidc/start`, {
          redirect: 'manual',
          ...(accept ? { headers: { accept } } : {}),
        });
      for (let i = 0; i < oidcStartLimit.count; i++) expect((await start()).status).toBe(302);
      const pendingBefore = await t.app.database.db.selectFrom('oidc_logins').select('state_hash').execute();
      const refused = await start();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('NB_ERR_RATE_LIMITED');
      const inBrowser = await start('text/html,application/xhtml+xml');
      expect(inBrowser.status).toBe(302);
      expect(inBrowser.headers.get('location')).toBe('/sign-in?failed=NB_ERR_RATE_LIMITED');
      // Refused starts store nothing.
      const pendingAfter = await t.app.database.db.selectFrom('oidc_logins').select('state_hash').execute();
      expect(pendingAfter.length).toBe(pendingBefore.length);
      clock.advance(60_000 / oidcStartLimit.count);
      expect((await start()).status).toBe(302);
    });

    it('refuses a callback in a browser that did not start it (no state cookie, or another one)', async () => {
      const victim = new TestBrowser();
      // The attacker gets a code and state for their own account and sends the victim the callback link.
      const attacker = await new TestBrowser().run(
        `${origin}/api/v1/auth/oidc/start`,
        'sub-anna',
        atCallback,
      );
      const link = attacker.url.href;
      const plain = await victim.request(link);
      expect(plain.status).toBe(401);
      expect(((await plain.json()) as { error: { code: string } }).error.code).toBe('NB_ERR_SIGN_IN_FAILED');
      // With a state cookie of the victim's own (they started a sign-in too), it still does not match.
      await victim.request(`${origin}/api/v1/auth/oidc/start`);
      const mixed = await victim.request(link);
      expect(mixed.status).toBe(401);
      expect(victim.cookie('nb_session')).toBeUndefined();
    });

    it('refuses a state or code used twice', async () => {
      const browser = new TestBrowser();
      const { url } = await browser.run(`${origin}/api/v1/auth/oidc/start`, 'sub-root', atCallback);
      const state = browser.cookie('nb_oidc_state')!;
      const first = await browser.request(url.href);
      expect(first.status).toBe(302);
      // Replayed with the state cookie put back: the stored state was taken by the first callback.
      const replay = new TestBrowser();
      replay.setCookie(new URL(origin).host, 'nb_oidc_state', state, '/api/v1/auth/oidc');
      const again = await replay.request(url.href);
      expect(again.status).toBe(401);
      expect(replay.cookie('nb_session')).toBeUndefined();
    });

    it('refuses a tampered state, and a callback whose code is not the provider’s', async () => {
      const browser = new TestBrowser();
      const { url } = await browser.run(`${origin}/api/v1/auth/oidc/start`, 'sub-root', atCallback);
      const tampered = new URL(url);
      tampered.searchParams.set('state', `${url.searchParams.get('state')}x`);
      expect((await browser.request(tampered.href)).status).toBe(401);

      const other = new TestBrowser();
      const started = await other.run(`${origin}/api/v1/auth/oidc/start`, 'sub-root', atCallback);
      const forged = new URL(started.url);
      forged.searchParams.set('code', 'made-up-code');
      const answer = await other.request(forged.href);
      expect(answer.status).toBe(401);
      expect(other.cookie('nb_session')).toBeUndefined();
    });

    it('refuses a state past its ten minutes', async () => {
      const browser = new TestBrowser();
      const { url } = await browser.run(`${origin}/api/v1/auth/oidc/start`, 'sub-root', atCallback);
      clock.advance(oidcLoginTtlMs + 1);
      expect((await browser.request(url.href)).status).toBe(401);
    });

    it('goes only to / after the callback, whatever the link adds', async () => {
      const browser = new TestBrowser();
      const { url } = await browser.run(`${origin}/api/v1/auth/oidc/start`, 'sub-root', atCallback);
      const poisoned = new URL(url);
      poisoned.searchParams.set('next', 'https://evil.example/');
      poisoned.searchParams.set('returnTo', '//evil.example');
      const response = await browser.request(poisoned.href);
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('/');
    });

    it('cannot have the code sent to another host by a forged Host header: the provider refuses it', async () => {
      const started = await t.app.http.inject({
        method: 'GET',
        url: '/api/v1/auth/oidc/start',
        headers: { host: 'evil.example' },
      });
      const location = new URL(started.headers.location as string);
      expect(location.searchParams.get('redirect_uri')).toBe(`http://evil.example${callbackPath}`);
      const atProvider = await new TestBrowser().request(location.href);
      expect(atProvider.status).toBe(400);
      expect(atProvider.headers.get('location') ?? '').not.toContain('evil.example');
    });

    it('keeps the client secret out of every answer, row and audit entry', async () => {
      const rows = [
        ...(await t.app.database.db.selectFrom('audit_log').selectAll().execute()),
        ...(await t.app.database.db.selectFrom('oidc_logins').selectAll().execute()),
        ...(await t.app.database.db.selectFrom('user_identities').selectAll().execute()),
      ];
      expect(JSON.stringify(rows)).not.toContain(clientSecret);
      const document = await fetch(`${origin}/api/v1/openapi.json`);
      expect(await document.text()).not.toContain(clientSecret);
    });
  });
});

describe('OpenID Connect settings', () => {
  it('are off without NB_OIDC_ISSUER: both routes answer 404', async () => {
    const t = await startTestApp(testDialects[0]!);
    try {
      for (const path of ['start', 'callback?code=a&state=b']) {
        const response = await t.app.http.inject({ method: 'GET', url: `/api/v1/auth/oidc/${path}` });
        expect(response.statusCode).toBe(404);
      }
    } finally {
      await t.close();
    }
  });

  it('fetch the issuer through the SSRF guard: a private issuer needs NB_ALLOW_PRIVATE', async () => {
    const provider = await new LocalOpenIdProvider().start();
    provider.register({ clientId, clientSecret, redirectUri: 'http://127.0.0.1:1/cb' });
    const t = await startTestApp(testDialects[0]!, {
      NB_ALLOW_PRIVATE: '10.255.255.0/24',
      NB_OIDC_ISSUER: provider.issuer,
      NB_OIDC_CLIENT_ID: clientId,
      NB_OIDC_CLIENT_SECRET: clientSecret,
    });
    try {
      const response = await t.app.http.inject({ method: 'GET', url: '/api/v1/auth/oidc/start' });
      expect(response.statusCode).toBe(503);
      expect(response.json().error.message).toContain('NB_ALLOW_PRIVATE');
      expect(response.body).not.toContain(clientSecret);
    } finally {
      await t.close();
      await provider.close();
    }
  });
});
