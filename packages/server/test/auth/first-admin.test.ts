import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSetupToken, setupTokenTtlMs } from '../../src/auth/first-admin.ts';
import { verifyPassword } from '../../src/auth/passwords.ts';
import { manualClock } from '../../src/domain/clock.ts';
import { apiAs } from '../api/api-client.ts';
import { testDialects } from '../helpers/databases.ts';
import { startAnotherNode, startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';

interface ErrorBody {
  error: { code: string; message: string };
  user: Record<string, unknown>;
}

describe.each(testDialects)('the first run on %s', (dialect) => {
  let t: TestApp;
  const clock = manualClock(Date.parse('2026-12-03T08:00:00Z'));

  beforeAll(async () => {
    t = await startTestApp(dialect, {}, { clock });
  });
  afterAll(() => t.close());

  const setup = (body: Record<string, unknown>) => apiAs(t, undefined)<ErrorBody>('POST', '/setup', body);
  const profile = { name: 'Root', password: 'correct horse battery', displayName: 'The Admin' };

  it('offers a setup token while nobody can sign in, stored only as its SHA-256', async () => {
    expect(t.app.setupToken).toMatch(/^nbs_[A-Za-z0-9_-]{43}$/);
    const rows = await t.app.database.db.selectFrom('setup_tokens').selectAll().execute();
    expect(rows).toEqual([
      {
        token_hash: hashSetupToken(t.app.setupToken!),
        created_at: clock.now(),
        expires_at: clock.now() + setupTokenTtlMs,
      },
    ]);
    expect(JSON.stringify(rows)).not.toContain(t.app.setupToken);
  });

  it('serves the web UI’s setup page at the link’s path', async () => {
    const page = await t.app.http.inject({ method: 'GET', url: '/setup' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("script-src 'self' 'sha256-");
    // Not no-referrer: a same-origin POST would then carry `Origin: null` and fail the CSRF check. The token
    // is in the fragment, which no Referer carries.
    expect(page.headers['referrer-policy']).toBe('same-origin');
  });

  it('refuses a wrong token, a weak password or a bad name, changing nothing', async () => {
    const attempts: [Record<string, unknown>, number, string][] = [
      [{ ...profile, token: 'nbs_wrong' }, 401, 'NB_ERR_UNAUTHORIZED'],
      [{ ...profile, token: t.app.setupToken, password: 'too short' }, 400, 'NB_ERR_VALIDATION'],
      [{ ...profile, token: t.app.setupToken, name: 'has space' }, 400, 'NB_ERR_VALIDATION'],
      [{ ...profile }, 400, 'NB_ERR_VALIDATION'],
    ];
    for (const [body, status, code] of attempts) {
      const response = await setup(body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(response.body.error.code).toBe(code);
      expect(response.raw).not.toContain('correct horse');
    }
    const admin = await t.app.database.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', t.app.boot.adminUserId)
      .executeTakeFirstOrThrow();
    expect(admin.name).toBe('admin');
    expect(admin.password_hash).toBeNull();
  });

  it('refuses the token once its hour is over', async () => {
    clock.advance(setupTokenTtlMs);
    const response = await setup({ ...profile, token: t.app.setupToken });
    expect(response.status).toBe(401);
    expect(response.body.error.message).toMatch(/expired .*1 hour.*restart the server/);
    clock.advance(-1);
  });

  it('names the first admin with a valid token, once; the old admin token and the bridge source stay its', async () => {
    const response = await setup({ ...profile, token: t.app.setupToken });
    expect(response.status, response.raw).toBe(201);
    expect(response.headers['set-cookie']).toMatch(
      /^nb_session=[A-Za-z0-9_-]{43}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    expect(response.body.user).toMatchObject({
      id: t.app.boot.adminUserId,
      name: 'root',
      displayName: 'The Admin',
      role: 'admin',
      disabled: false,
    });
    expect(response.raw).not.toMatch(/argon|password|horse/i);
    const stored = await t.app.database.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', t.app.boot.adminUserId)
      .executeTakeFirstOrThrow();
    expect(await verifyPassword(stored.password_hash!, profile.password)).toBe(true);
    expect(await t.app.database.db.selectFrom('setup_tokens').selectAll().execute()).toEqual([]);

    const again = await setup({ ...profile, name: 'other', token: t.app.setupToken });
    expect(again.status).toBe(401);
    const sources = await apiAs(t, testAdminToken)<{ items: { ownerId: string }[] }>('GET', '/sources');
    expect(sources.status).toBe(200);
    expect(sources.body.items.map((source) => source.ownerId)).toContain(t.app.boot.adminUserId);
  });

  it('offers no setup link on the next start, and finds the renamed first admin again', async () => {
    const next = await startAnotherNode(t, { clock });
    try {
      expect(next.setupToken).toBeUndefined();
      expect(next.boot.adminUserId).toBe(t.app.boot.adminUserId);
      const admins = await next.database.db.selectFrom('users').select('name').execute();
      expect(admins.map((user) => user.name)).toEqual(['root']);
    } finally {
      await next.close();
    }
  });
});
