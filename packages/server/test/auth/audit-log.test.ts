import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditSweepEveryMs } from '../../src/auth/audit-retention.ts';
import { manualClock } from '../../src/domain/clock.ts';
import { type ApiCall, apiAs } from '../api/api-client.ts';
import { testDialects } from '../helpers/databases.ts';
import { sameSiteHeaders, signInAs } from '../helpers/session-client.ts';
import { startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';

interface Entry {
  id: string;
  at: string;
  actorId: string | null;
  via: string;
  address: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  changes: Record<string, unknown> | null;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const day = 86_400_000;
const start = Date.parse('2026-03-01T09:00:00Z');
const password = `pw-${randomBytes(9).toString('hex')}`;
const newPassword = `pw2-${randomBytes(9).toString('hex')}`;
const sourceSecret = `src-${randomBytes(16).toString('hex')}`;
const newSourceSecret = `src2-${randomBytes(16).toString('hex')}`;
const targetSecret = `whsec_${randomBytes(32).toString('base64')}`;
const headerSecret = `Bearer hdr-${randomBytes(16).toString('hex')}`;
const adminPassword = `admin-${randomBytes(9).toString('hex')}`;
const botToken = `123456:${randomBytes(18).toString('base64url')}`;

describe.each(testDialects)('the audit log on %s', (dialect) => {
  const clock = manualClock(start);
  let t: TestApp;
  let admin: ApiCall;
  let mia: ApiCall;
  let miaId: string;
  /** Every credential and secret the test handles, to look for in the log at the end. */
  const secrets = [
    password,
    newPassword,
    sourceSecret,
    newSourceSecret,
    targetSecret,
    headerSecret,
    adminPassword,
    botToken,
  ];

  async function entries(call: ApiCall, query = ''): Promise<Entry[]> {
    const response = await call<Page<Entry>>('GET', `/audit?limit=500${query}`);
    expect(response.status, response.raw).toBe(200);
    return response.body.items;
  }
  async function latest(action: string): Promise<Entry> {
    const [entry] = await entries(admin, `&action=${action}`);
    expect(entry, `no ${action} entry`).toBeDefined();
    return entry!;
  }

  beforeAll(async () => {
    t = await startTestApp(dialect, { NB_AUDIT_RETENTION_DAYS: '30' }, { clock });
    admin = apiAs(t, testAdminToken);
    secrets.push(t.app.setupToken!);
    const setup = await t.app.http.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { token: t.app.setupToken, name: 'root', password: adminPassword },
    });
    expect(setup.statusCode, setup.body).toBe(201);
    const created = await admin<{ id: string }>('POST', '/users', { name: 'mia', password });
    expect(created.status, created.raw).toBe(201);
    miaId = created.body.id;
    mia = (await signInAs(t, 'mia', password))!;
    expect(mia).toBeDefined();
  });
  afterAll(() => t.close());

  it('records the first admin made through the setup link, and its first session', async () => {
    expect(await latest('user.setup')).toMatchObject({
      actorId: t.app.boot.adminUserId,
      via: 'setup',
      resourceId: t.app.boot.adminUserId,
      changes: { after: { name: 'root', role: 'admin' } },
    });
    const [first] = (await entries(admin, '&action=sign-in.ok')).slice(-1);
    expect(first).toMatchObject({ actorId: t.app.boot.adminUserId, via: 'setup', resourceType: 'session' });
  });

  it('records a user made by an admin token, and the sign-in that made a session', async () => {
    const made = await latest('user.create');
    expect(made).toMatchObject({
      actorId: t.app.boot.adminUserId,
      via: 'token',
      resourceType: 'user',
      resourceId: miaId,
      address: '127.0.0.1',
    });
    expect(made.changes).toMatchObject({ after: { name: 'mia', role: 'member' } });
    expect(made.at).toBe(new Date(start).toISOString());
    const signedIn = await latest('sign-in.ok');
    expect(signedIn).toMatchObject({ actorId: miaId, via: 'password', resourceType: 'session' });
    const sessions = await mia<{ items: { id: string }[] }>('GET', '/auth/sessions');
    expect(sessions.body.items.map((s) => s.id)).toContain(signedIn.resourceId);
  });

  it('records failed sign-ins, the failure that locks, and an admin’s unlock', async () => {
    const attempt = (name: string, typed: string) =>
      t.app.http.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        headers: sameSiteHeaders,
        payload: { name, password: typed },
      });
    expect((await attempt('mia', 'wrong password 1')).statusCode).toBe(401);
    const failed = await latest('sign-in.failed');
    expect(failed).toMatchObject({ actorId: null, resourceType: 'user', resourceId: miaId });
    // An unknown name may be a password typed into the wrong field: it is not kept.
    const typedName = `nosuch${randomBytes(4).toString('hex')}`;
    expect((await attempt(typedName, 'whatever it is')).statusCode).toBe(401);
    const unknown = await latest('sign-in.failed');
    expect(unknown.resourceId).toBeNull();
    expect(unknown.changes).toEqual({ detail: { knownName: false } });
    expect(JSON.stringify(await entries(admin))).not.toContain(typedName);

    for (let i = 2; i <= 5; i++) await attempt('mia', `wrong password ${i}`);
    const locked = await latest('sign-in.locked');
    expect(locked).toMatchObject({ resourceId: miaId, changes: { detail: { lockedForMs: 60_000 } } });
    // While locked, refusals are answered without a row each: a guesser cannot fill the log.
    const before = (await entries(admin)).length;
    expect((await attempt('mia', password)).statusCode).toBe(429);
    expect((await entries(admin)).length).toBe(before);

    const unlocked = await admin('POST', `/users/${miaId}/unlock`);
    expect(unlocked.status, unlocked.raw).toBe(200);
    expect(unlocked.body).toEqual({ wasLocked: true, failures: 5 });
    expect(await latest('sign-in.unlock')).toMatchObject({
      actorId: t.app.boot.adminUserId,
      resourceId: miaId,
      changes: { detail: { wasLocked: true, failures: 5 } },
    });
    expect((await attempt('mia', password)).statusCode).toBe(200);
  });

  it('records every create, update and delete of each resource as its actor, with a diff', async () => {
    const expectEntry = async (action: string, id: string) => {
      const entry = await latest(action);
      expect(entry, action).toMatchObject({ actorId: miaId, via: 'session', resourceId: id });
      return entry;
    };
    const source = await mia<{ id: string }>('POST', '/sources', {
      kind: 'webhook',
      name: 'shop',
      config: { auth: { mode: 'bearer' }, secret: sourceSecret },
    });
    expect(source.status, source.raw).toBe(201);
    const sourceCreated = await expectEntry('source.create', source.body.id);
    expect(sourceCreated.changes).toMatchObject({
      after: { name: 'shop', config: { auth: { mode: 'bearer' } }, secretsSet: ['secret'] },
      detail: { secretsWritten: ['secret'] },
    });
    await mia('PATCH', `/sources/${source.body.id}`, {
      name: 'shop 2',
      config: { auth: { mode: 'bearer' }, secret: newSourceSecret },
    });
    const sourceUpdated = await expectEntry('source.update', source.body.id);
    expect(sourceUpdated.changes).toEqual({
      changed: { name: { from: 'shop', to: 'shop 2' } },
      detail: { secretsWritten: ['secret'] },
    });

    const target = await mia<{ id: string }>('POST', '/targets', {
      kind: 'webhook',
      name: 'hook',
      config: { url: 'http://127.0.0.1:9/a', secret: targetSecret, headers: { authorization: headerSecret } },
    });
    expect(target.status, target.raw).toBe(201);
    await expectEntry('target.create', target.body.id);
    await mia('PATCH', `/targets/${target.body.id}`, { config: { url: 'http://127.0.0.1:9/b' } });
    const targetUpdated = await expectEntry('target.update', target.body.id);
    expect(targetUpdated.changes).toEqual({
      changed: { 'config.url': { from: 'http://127.0.0.1:9/a', to: 'http://127.0.0.1:9/b' } },
    });

    const receiver = await mia<{ id: string }>('POST', `/targets/${target.body.id}/receivers`, {
      name: 'r',
      address: {},
    });
    expect(receiver.status, receiver.raw).toBe(201);
    await expectEntry('receiver.create', receiver.body.id);
    await mia('PATCH', `/targets/${target.body.id}/receivers/${receiver.body.id}`, { enabled: false });
    expect((await expectEntry('receiver.update', receiver.body.id)).changes).toEqual({
      changed: { enabled: { from: true, to: false } },
    });

    const template = await mia<{ id: string }>('POST', '/templates', { name: 't', bodies: { text: 'a' } });
    await expectEntry('template.create', template.body.id);
    await mia('PATCH', `/templates/${template.body.id}`, { bodies: { text: 'b' } });
    expect((await expectEntry('template.update', template.body.id)).changes).toEqual({
      changed: { 'bodies.text': { from: 'a', to: 'b' }, version: { from: 1, to: 2 } },
    });

    const rule = await mia<{ id: string }>('POST', '/rules', {
      name: 'rule',
      sourceIds: [source.body.id],
      receiverIds: [receiver.body.id],
      templateId: template.body.id,
    });
    expect(rule.status, rule.raw).toBe(201);
    await expectEntry('rule.create', rule.body.id);
    await mia('PATCH', `/rules/${rule.body.id}`, { priority: 3 });
    expect((await expectEntry('rule.update', rule.body.id)).changes).toEqual({
      changed: { priority: { from: 0, to: 3 } },
    });

    const silence = await mia<{ id: string }>('POST', '/silences', {
      receiverId: receiver.body.id,
      duration: '2h',
    });
    expect(silence.status, silence.raw).toBe(201);
    await expectEntry('silence.create', silence.body.id);
    await mia('DELETE', `/silences/${silence.body.id}`);
    expect((await expectEntry('silence.end', silence.body.id)).changes).toMatchObject({
      changed: { active: { from: true, to: false } },
    });

    const token = await mia<{ id: string; token: string }>('POST', '/tokens', {
      name: 'script',
      scopes: ['read'],
    });
    expect(token.status, token.raw).toBe(201);
    secrets.push(token.body.token);
    const tokenCreated = await expectEntry('token.create', token.body.id);
    expect(tokenCreated.changes).toMatchObject({ after: { name: 'script', scopes: ['read'] } });
    await mia('DELETE', `/tokens/${token.body.id}`);
    await expectEntry('token.revoke', token.body.id);

    for (const [path, action, id] of [
      [`/rules/${rule.body.id}`, 'rule.delete', rule.body.id],
      [`/templates/${template.body.id}`, 'template.delete', template.body.id],
      [`/targets/${target.body.id}/receivers/${receiver.body.id}`, 'receiver.delete', receiver.body.id],
      [`/targets/${target.body.id}`, 'target.delete', target.body.id],
      [`/sources/${source.body.id}`, 'source.delete', source.body.id],
    ] as const) {
      expect((await mia('DELETE', path)).status).toBe(204);
      expect((await expectEntry(action, id)).changes).toHaveProperty('before');
    }
  });

  it('records a target from a URL with its receivers, and every export of its secrets', async () => {
    const created = await mia<{ target: { id: string }; receivers: { id: string }[] }>(
      'POST',
      '/targets/from-url',
      { url: `tgram://${botToken}/-1001234567890`, name: 'bot' },
    );
    expect(created.status, created.raw).toBe(201);
    const targetId = created.body.target.id;
    expect(await latest('target.create')).toMatchObject({
      resourceId: targetId,
      changes: { detail: { fromUrl: true, receiverIds: [created.body.receivers[0]!.id] } },
    });
    expect(await latest('receiver.create')).toMatchObject({ resourceId: created.body.receivers[0]!.id });
    expect((await mia('GET', `/targets/${targetId}/url`)).status).toBe(200);
    expect(await entries(admin, '&action=target.export-secrets')).toEqual([]);
    const exported = await mia<{ url: string }>('GET', `/targets/${targetId}/url?secrets=true`);
    expect(exported.body.url).toContain(botToken);
    expect(await latest('target.export-secrets')).toMatchObject({ actorId: miaId, resourceId: targetId });
    expect(await latest('target.export-secrets')).toHaveProperty('changes', null);
  });

  it('records user, password and session changes, never the password', async () => {
    await admin('PATCH', `/users/${miaId}`, { displayName: 'Mia M.' });
    expect((await latest('user.update')).changes).toEqual({
      changed: { displayName: { from: 'mia', to: 'Mia M.' } },
    });
    const second = (await signInAs(t, 'mia', password))!;
    const changed = await mia('PATCH', '/me', { password: newPassword, currentPassword: password });
    expect(changed.status, changed.raw).toBe(200);
    expect(await latest('user.update')).toMatchObject({
      actorId: miaId,
      resourceId: miaId,
      changes: { detail: { passwordChanged: true, sessionsEnded: 2 } },
    });
    expect((await second('GET', '/me')).status).toBe(401);

    const sessions = await mia<{ items: { id: string; current: boolean }[] }>('GET', '/auth/sessions');
    const other = (await signInAs(t, 'mia', newPassword))!;
    const otherId = (
      await other<{ items: { id: string; current: boolean }[] }>('GET', '/auth/sessions')
    ).body.items.find((s) => s.current)!.id;
    expect((await mia('DELETE', `/auth/sessions/${otherId}`)).status).toBe(204);
    expect(await latest('session.revoke')).toMatchObject({ actorId: miaId, resourceId: otherId });
    expect((await mia('POST', '/auth/sign-out-everywhere')).status).toBe(204);
    expect(await latest('session.revoke-all')).toMatchObject({
      actorId: miaId,
      resourceId: miaId,
      changes: { detail: { sessionsEnded: sessions.body.items.length } },
    });
    mia = (await signInAs(t, 'mia', newPassword))!;
  });

  it('records a deleted user, with what became of their things', async () => {
    const gone = await admin<{ id: string }>('POST', '/users', { name: 'gone', password });
    expect((await admin('DELETE', `/users/${gone.body.id}`)).status).toBe(204);
    expect(await latest('user.delete')).toMatchObject({
      actorId: t.app.boot.adminUserId,
      resourceId: gone.body.id,
      changes: { before: { name: 'gone' }, detail: { resources: 'deleted' } },
    });
  });

  it('writes nothing for a refused change', async () => {
    const before = (await entries(admin)).length;
    expect((await admin('POST', '/users', { name: 'mia', password })).status).toBe(409);
    expect((await mia('POST', '/sources', { kind: 'webhook', name: 'x', config: { nope: 1 } })).status).toBe(
      400,
    );
    expect((await mia('DELETE', '/targets/01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
    expect((await entries(admin)).length).toBe(before);
  });

  it('never holds a secret, a password, a token or a hash of one', async () => {
    const rows = await t.app.database.db.selectFrom('audit_log').selectAll().execute();
    expect(rows.length).toBeGreaterThan(30);
    const text = JSON.stringify(rows);
    const hashes = await t.app.database.db.selectFrom('users').select('password_hash').execute();
    const tokenHashes = await t.app.database.db.selectFrom('api_tokens').select('token_hash').execute();
    const sessionHashes = await t.app.database.db.selectFrom('sessions').select('token_hash').execute();
    for (const secret of secrets) expect(text).not.toContain(secret);
    for (const { password_hash } of hashes) if (password_hash) expect(text).not.toContain(password_hash);
    for (const { token_hash } of [...tokenHashes, ...sessionHashes]) expect(text).not.toContain(token_hash);
    expect(text).not.toContain('nbsec:');
    expect(text).not.toContain(testAdminToken);
  });

  it('shows a member only their own actions, an admin everyone’s, with filters and pages', async () => {
    const own = await entries(mia);
    expect(own.length).toBeGreaterThan(10);
    expect(new Set(own.map((e) => e.actorId))).toEqual(new Set([miaId]));
    expect(await entries(mia, `&actor=${t.app.boot.adminUserId}`)).toEqual([]);
    const all = await entries(admin);
    expect(all.some((e) => e.actorId === t.app.boot.adminUserId)).toBe(true);
    expect(all.length).toBeGreaterThan(own.length);

    const sourceActions = await entries(admin, '&action=source.*');
    expect(new Set(sourceActions.map((e) => e.action))).toEqual(
      new Set(['source.create', 'source.update', 'source.delete']),
    );
    const sourceId = sourceActions[0]!.resourceId!;
    const ofSource = await entries(admin, `&resourceType=source&resourceId=${sourceId}`);
    expect(ofSource.map((e) => e.action)).toEqual(['source.delete', 'source.update', 'source.create']);
    expect(await entries(admin, `&actor=${miaId}&action=user.update`)).toHaveLength(1);

    clock.advance(day);
    await mia('POST', '/templates', { name: 'later', bodies: { text: 'x' } });
    const since = new Date(start + day).toISOString();
    expect((await entries(mia, `&since=${since}`)).map((e) => e.action)).toEqual(['template.create']);
    const until = await entries(mia, `&until=${since}`);
    expect(until.length).toBe((await entries(mia)).length - 1);
    expect(until.every((e) => e.at < since)).toBe(true);

    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { body: Page<Entry> } = await mia<Page<Entry>>(
        'GET',
        `/audit?limit=4${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.items.map((e) => e.id));
      cursor = page.body.nextCursor;
    }
    expect(seen).toEqual((await entries(mia)).map((e) => e.id));

    const bad = await mia('GET', '/audit?action=x%25');
    expect(bad.status).toBe(400);
  });

  it('forgets entries past NB_AUDIT_RETENTION_DAYS, swept hourly on the clock', async () => {
    const before = await entries(admin);
    expect(before.some((e) => e.at === new Date(start).toISOString())).toBe(true);
    clock.advance(30 * day);
    await t.app.auditSweeps.lastSweep;
    await admin('POST', '/templates', { name: 'fresh', bodies: { text: 'x' } });
    clock.advance(auditSweepEveryMs);
    await t.app.auditSweeps.lastSweep;
    // The sweep an hour after the fresh entry keeps 30 days back from then: only the fresh one is left.
    const after = await entries(admin);
    expect(after.map((e) => [e.action, e.at])).toEqual([
      ['template.create', new Date(clock.now() - auditSweepEveryMs).toISOString()],
    ]);
  });
});
