import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiCall, apiAs, createMember, createSet } from '../api/api-client.ts';
import { testDialects } from '../helpers/databases.ts';
import { signInAs } from '../helpers/session-client.ts';
import { startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';

interface User {
  id: string;
  name: string;
  displayName: string;
  role: string;
  disabled: boolean;
  error?: { code: string; message: string; details?: Record<string, number> };
}

const password = 'correct horse battery';

describe.each(testDialects)('the users API on %s', (dialect) => {
  let t: TestApp;
  let admin: ApiCall;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    admin = apiAs(t, testAdminToken);
  });
  afterAll(() => t.close());

  const create = (name: string, role = 'member') =>
    admin<User>('POST', '/users', { name, password, role, displayName: `${name} D.` });

  it('is for admins only: a member’s token and session get 403, no credentials 401', async () => {
    const member = await createMember(t, `plain-${dialect}`);
    await create('memberwithpw');
    const session = (await signInAs(t, 'memberwithpw', password))!;
    for (const call of [member.api, session]) {
      for (const [method, url, body] of [
        ['GET', '/users'],
        ['POST', '/users', { name: 'sneaky', password }],
        ['PATCH', `/users/${t.app.boot.adminUserId}`, { role: 'member' }],
        ['DELETE', `/users/${t.app.boot.adminUserId}`],
      ] as const) {
        const response = await call<User>(method, url, body);
        expect(response.status, `${method} ${url}`).toBe(403);
        expect(response.body.error?.code).toBe('NB_ERR_FORBIDDEN');
      }
    }
    expect((await apiAs(t, undefined)('GET', '/users')).status).toBe(401);
    const names = await t.app.database.db.selectFrom('users').select('name').execute();
    expect(names.map((row) => row.name)).not.toContain('sneaky');
  });

  it('creates users (409 for a taken name, 400 for a short password, no row either way) and lists them without secrets', async () => {
    const alice = await create('alice');
    expect(alice.status, alice.raw).toBe(201);
    expect(alice.body).toMatchObject({
      name: 'alice',
      displayName: 'alice D.',
      role: 'member',
      disabled: false,
    });
    const before = (await t.app.database.db.selectFrom('users').select('id').execute()).length;
    expect((await create('ALICE')).status).toBe(409);
    expect((await admin('POST', '/users', { name: 'shorty', password: 'short' })).status).toBe(400);
    expect((await t.app.database.db.selectFrom('users').select('id').execute()).length).toBe(before);
    const list = await admin<{ items: User[] }>('GET', '/users');
    expect(list.body.items.map((user) => user.name)).toEqual(expect.arrayContaining(['alice', 'admin']));
    expect(list.raw).not.toMatch(/argon|password/i);
    expect((await admin<User>('GET', `/users/${alice.body.id}`)).body.name).toBe('alice');
    expect((await admin('GET', '/users/01J0000000000000000000000Z')).status).toBe(404);
  });

  it('disabling stops the user’s session and tokens at once; enabling lets tokens back in, not the old sessions', async () => {
    const dana = await create('dana');
    const session = (await signInAs(t, 'dana', password))!;
    const token = await session<{ token: string }>('POST', '/tokens', { name: 'dana', scopes: ['read'] });
    const byToken = apiAs(t, token.body.token);
    expect((await session('GET', '/me')).status).toBe(200);
    expect((await byToken('GET', '/sources')).status).toBe(200);

    const disabled = await admin<User>('PATCH', `/users/${dana.body.id}`, { disabled: true });
    expect(disabled.body.disabled).toBe(true);
    expect((await session('GET', '/me')).status).toBe(401);
    expect((await byToken('GET', '/sources')).status).toBe(401);
    expect(await signInAs(t, 'dana', password)).toBeUndefined();

    await admin('PATCH', `/users/${dana.body.id}`, { disabled: false });
    expect((await byToken('GET', '/sources')).status).toBe(200);
    expect((await session('GET', '/me')).status).toBe(401);
    expect(await signInAs(t, 'dana', password)).toBeDefined();
  });

  it('a new role or password set by an admin ends the user’s sessions', async () => {
    const erin = await create('erin');
    const first = (await signInAs(t, 'erin', password))!;
    await admin('PATCH', `/users/${erin.body.id}`, { role: 'admin' });
    expect((await first('GET', '/me')).status).toBe(401);
    const second = (await signInAs(t, 'erin', password))!;
    expect((await second<User>('GET', '/me')).body.role).toBe('admin');
    expect((await second('GET', '/users')).status).toBe(200);
    await admin('PATCH', `/users/${erin.body.id}`, { password: 'a brand new password' });
    expect((await second('GET', '/me')).status).toBe(401);
    expect(await signInAs(t, 'erin', password)).toBeUndefined();
    expect(await signInAs(t, 'erin', 'a brand new password')).toBeDefined();
    await admin('PATCH', `/users/${erin.body.id}`, { role: 'member' });
  });

  it('keeps one enabled admin: the last cannot be demoted, disabled or deleted; the first stays an admin', async () => {
    const admins = (await admin<{ items: User[] }>('GET', '/users')).body.items.filter(
      (user) => user.role === 'admin' && !user.disabled,
    );
    expect(admins.map((user) => user.id)).toEqual([t.app.boot.adminUserId]);
    const firstId = t.app.boot.adminUserId;
    const refusals: [Record<string, unknown>, string][] = [
      [{ role: 'member' }, 'stays an admin'],
      [{ disabled: true }, 'last enabled admin'],
    ];
    for (const [body, message] of refusals) {
      const response = await admin<User>('PATCH', `/users/${firstId}`, body);
      expect(response.status, JSON.stringify(body)).toBe(409);
      expect(response.body.error?.message).toContain(message);
    }
    expect((await admin<User>('DELETE', `/users/${firstId}`)).status).toBe(409);

    // With another admin the first may be disabled; then the other is the last enabled one.
    const other = await create('otheradmin', 'admin');
    const otherSession = (await signInAs(t, 'otheradmin', password))!;
    expect((await otherSession('PATCH', `/users/${firstId}`, { disabled: true })).status).toBe(200);
    for (const body of [{ role: 'member' }, { disabled: true }]) {
      const response = await otherSession<User>('PATCH', `/users/${other.body.id}`, body);
      expect(response.status, JSON.stringify(body)).toBe(409);
      expect(response.body.error?.message).toContain('last enabled admin');
    }
    expect((await otherSession('PATCH', `/users/${firstId}`, { disabled: false })).status).toBe(200);
    expect((await admin('PATCH', `/users/${other.body.id}`, { role: 'member' })).status).toBe(200);
  });

  it('lets everyone change their own profile, and their password only with the current one, ending their other sessions', async () => {
    await create('frank');
    const here = (await signInAs(t, 'frank', password))!;
    const elsewhere = (await signInAs(t, 'frank', password))!;
    const renamed = await here<User>('PATCH', '/me', {
      displayName: 'Frank F',
      timeZone: 'Europe/Zurich',
      locale: 'de-ch',
    });
    expect(renamed.status, renamed.raw).toBe(200);
    expect(renamed.body).toMatchObject({
      displayName: 'Frank F',
      timeZone: 'Europe/Zurich',
      locale: 'de-CH',
    });
    for (const body of [
      { password: 'another fine password' },
      { password: 'another fine password', currentPassword: 'not it at all' },
    ]) {
      const refused = await here<User>('PATCH', '/me', body);
      expect(refused.status).toBe(400);
      expect(refused.body.error?.message).toContain('current password');
    }
    expect((await here('PATCH', '/me', { timeZone: 'Mars/Olympus' })).status).toBe(400);
    expect((await here('PATCH', '/me', { currentPassword: password })).status).toBe(200);
    const changed = await here('PATCH', '/me', {
      password: 'another fine password',
      currentPassword: password,
    });
    expect(changed.status).toBe(200);
    expect((await here('GET', '/me')).status).toBe(200);
    expect((await elsewhere('GET', '/me')).status).toBe(401);
    expect(await signInAs(t, 'frank', 'another fine password')).toBeDefined();
  });

  it('asks what to do with a deleted user’s resources, then hands them over or deletes them', async () => {
    const gina = await create('gina');
    const hank = await create('hank');
    const ivy = await create('ivy');
    const ginas = await createSet((await signInAs(t, 'gina', password))!, 'gina');
    const ivys = await createSet((await signInAs(t, 'ivy', password))!, 'ivy');

    const ask = await admin<User>('DELETE', `/users/${gina.body.id}`);
    expect(ask.status).toBe(409);
    expect(ask.body.error?.message).toMatch(/owns .*1 targets.*1 sources.*handOverTo.*resources=delete/);
    expect(ask.body.error?.details).toMatchObject({ sources: 1, targets: 1, templates: 1, rules: 1 });
    expect(
      (await admin<User>('DELETE', `/users/${gina.body.id}?handOverTo=01J0000000000000000000000Z`)).status,
    ).toBe(400);
    expect(
      (await admin<User>('DELETE', `/users/${gina.body.id}?handOverTo=${hank.body.id}&resources=delete`))
        .status,
    ).toBe(400);
    expect((await admin<User>('GET', `/users/${gina.body.id}`)).status).toBe(200);

    expect((await admin('DELETE', `/users/${gina.body.id}?handOverTo=${hank.body.id}`)).status).toBe(204);
    expect((await admin('GET', `/users/${gina.body.id}`)).status).toBe(404);
    const hankSession = (await signInAs(t, 'hank', password))!;
    for (const [resource, id] of [
      ['sources', ginas.source],
      ['targets', ginas.target],
      ['templates', ginas.template],
    ]) {
      const row = await hankSession<{ ownerId: string }>('GET', `/${resource}/${id}`);
      expect(row.status, resource).toBe(200);
      expect(row.body.ownerId).toBe(hank.body.id);
    }
    expect(await signInAs(t, 'gina', password)).toBeUndefined();

    expect((await admin('DELETE', `/users/${ivy.body.id}?resources=delete`)).status).toBe(204);
    for (const [resource, id] of [
      ['sources', ivys.source],
      ['targets', ivys.target],
      ['templates', ivys.template],
    ]) {
      expect((await admin('GET', `/${resource}/${id}`)).status, resource).toBe(404);
    }
    const tokens = await t.app.database.db
      .selectFrom('api_tokens')
      .select('id')
      .where('user_id', '=', ivy.body.id)
      .execute();
    expect(tokens).toEqual([]);
    // Owning nothing, a user just goes.
    const empty = await create('justgo');
    expect((await admin('DELETE', `/users/${empty.body.id}`)).status).toBe(204);
    expect((await admin('DELETE', `/users/${empty.body.id}`)).status).toBe(404);
  });
});
