import { hash } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argon2id } from '../../src/auth/passwords.ts';
import { createUser } from '../../src/auth/users.ts';
import { insertToken } from '../../src/bootstrap.ts';
import { manualClock } from '../../src/domain/clock.ts';
import { generateApiToken } from '../../src/security/api-tokens.ts';
import { testDialects } from '../helpers/databases.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const minute = 60_000;
const host = 'bridge.test';
const sameSite = { host, origin: `http://${host}`, 'x-notify-bridge': '1' };

/** Every field a test below reads, on whichever answer has it. */
interface Body {
  error: { code: string; message: string; requestId?: string };
  user: { id: string; name: string; role: string };
  id: string;
  ownerId: string;
  items: { id: string; current: boolean; userAgent: string }[];
}

interface Answer {
  status: number;
  body: Body;
  headers: Record<string, unknown>;
  cookie: string | undefined;
}

describe.each(testDialects)('sign-in and sessions on %s', (dialect) => {
  let t: TestApp;
  const clock = manualClock(Date.parse('2026-12-03T08:00:00Z'));
  const password = 'correct horse battery';
  let aliceId: string;

  beforeAll(async () => {
    t = await startTestApp(dialect, {}, { clock });
    aliceId = (await createUser(t.app.database, { name: 'alice', role: 'member', password }, clock.now())).id;
  });
  afterAll(() => t.close());

  async function request(
    method: string,
    url: string,
    options: { headers?: Record<string, string>; body?: unknown; cookie?: string; ip?: string } = {},
  ): Promise<Answer> {
    const response = await t.app.http.inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: {
        host,
        ...options.headers,
        ...(options.cookie ? { cookie: `nb_session=${options.cookie}` } : {}),
      },
      remoteAddress: options.ip ?? '192.0.2.1',
      ...(options.body === undefined ? {} : { payload: options.body as object }),
    });
    const setCookie = response.headers['set-cookie'];
    const line = Array.isArray(setCookie) ? setCookie[0] : setCookie;
    return {
      status: response.statusCode,
      body: response.body ? response.json<Body>() : ({} as Body),
      headers: response.headers,
      cookie: line?.match(/^nb_session=([^;]*)/)?.[1],
    };
  }

  const signIn = (name: string, pass: string, ip?: string) =>
    request('POST', '/auth/sign-in', { headers: sameSite, body: { name, password: pass }, ip });

  it('signs in with name and password, setting an HttpOnly SameSite=Lax cookie that is not Secure over http', async () => {
    const answer = await signIn('Alice', password);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.user).toMatchObject({ id: aliceId, name: 'alice', role: 'member' });
    expect(answer.headers['set-cookie']).toBe(
      `nb_session=${answer.cookie}; Max-Age=${30 * 24 * 3600}; Path=/; HttpOnly; SameSite=Lax`,
    );
    expect(answer.cookie).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(answer.body)).not.toContain(answer.cookie);
    const stored = await t.app.database.db.selectFrom('sessions').select('token_hash').execute();
    expect(stored.map((row) => row.token_hash)).not.toContain(answer.cookie);
    const me = await request('GET', '/me', { cookie: answer.cookie });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(aliceId);
  });

  it('answers an unknown name and a wrong password identically', async () => {
    const wrong = await signIn('alice', 'not the password', '192.0.2.50');
    const unknown = await signIn('nobody-here', 'not the password', '192.0.2.51');
    for (const answer of [wrong, unknown]) {
      expect(answer.status).toBe(401);
      expect(answer.cookie).toBeUndefined();
      delete answer.body.error.requestId;
    }
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error).toEqual({
      code: 'NB_ERR_UNAUTHORIZED',
      message: 'the name or the password is wrong',
    });
  });

  it('refuses a cross-site sign-in, and any cookie change without the header or from another origin', async () => {
    const crossSite = await request('POST', '/auth/sign-in', {
      headers: { origin: 'https://evil.example', 'x-notify-bridge': '1' },
      body: { name: 'alice', password },
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.cookie).toBeUndefined();

    const { cookie } = await signIn('alice', password);
    const template = { name: 'mine', bodies: { text: 'x' } };
    const refused: [Record<string, string>, RegExp][] = [
      [{ origin: `http://${host}` }, /X-Notify-Bridge/],
      [{ 'x-notify-bridge': '1' }, /Origin/],
      [{ 'x-notify-bridge': '1', origin: 'https://evil.example' }, /cross-site request refused/],
      [{ 'x-notify-bridge': '1', origin: 'null' }, /Origin/],
      [{ 'x-notify-bridge': '1', referer: 'https://evil.example/page' }, /cross-site/],
    ];
    for (const [headers, message] of refused) {
      const answer = await request('POST', '/templates', { cookie, headers, body: template });
      expect(answer.status, JSON.stringify(headers)).toBe(403);
      expect(answer.body.error.message).toMatch(message);
    }
    // What a cross-site HTML form sends: a urlencoded body, the browser's Origin, no custom header.
    const form = await t.app.http.inject({
      method: 'POST',
      url: '/api/v1/templates',
      headers: {
        host,
        origin: 'https://evil.example',
        cookie: `nb_session=${cookie}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: 'name=evil&bodies=x',
    });
    expect(form.statusCode).toBe(403);
    expect(await t.app.database.db.selectFrom('templates').select('id').execute()).toEqual([]);

    const ok = await request('POST', '/templates', { cookie, headers: sameSite, body: template });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.ownerId).toBe(aliceId);
    const viaReferer = await request('DELETE', `/templates/${ok.body.id}`, {
      cookie,
      headers: { 'x-notify-bridge': '1', referer: `http://${host}/templates` },
    });
    expect(viaReferer.status).toBe(204);
    // Reading needs no CSRF header.
    expect((await request('GET', '/templates', { cookie })).status).toBe(200);
  });

  it('lets a bearer token change things without Origin or the header', async () => {
    const token = generateApiToken();
    await insertToken(t.app.database, aliceId, token, 'script', clock.now(), ['write']);
    const answer = await request('POST', '/templates', {
      headers: { authorization: `Bearer ${token}` },
      body: { name: 'scripted', bodies: { text: 'x' } },
    });
    expect(answer.status).toBe(201);
  });

  it('locks a name after 5 failures for 1 minute, doubling, the same for names nobody has, then lets the right password in', async () => {
    await createUser(t.app.database, { name: 'bob', role: 'member', password }, clock.now());
    for (const name of ['bob', 'ghost']) {
      for (let i = 0; i < 5; i += 1)
        expect((await signIn(name, 'wrong password!', `198.51.100.${i}`)).status).toBe(401);
      const locked = await signIn(name, name === 'bob' ? password : 'x', '198.51.100.99');
      expect(locked.status, name).toBe(429);
      expect(locked.headers['retry-after']).toBe('60');
      expect(locked.body.error.code).toBe('NB_ERR_TOO_MANY_ATTEMPTS');
      expect(locked.cookie).toBeUndefined();
    }
    clock.advance(minute - 1);
    expect((await signIn('bob', password)).status).toBe(429);
    clock.advance(1);
    // One more failure now locks for two minutes.
    expect((await signIn('bob', 'wrong password!')).status).toBe(401);
    expect((await signIn('bob', password)).headers['retry-after']).toBe('120');
    clock.advance(2 * minute);
    const ok = await signIn('bob', password);
    expect(ok.status).toBe(200);
    // A success clears the count: four failures do not lock again.
    for (let i = 0; i < 4; i += 1) expect((await signIn('bob', 'wrong password!')).status).toBe(401);
    expect((await signIn('bob', password)).status).toBe(200);
  });

  it('counts parallel guesses before checking them: of 30 at once, only 5 reach the password check', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => signIn('parallel', `guess number ${i}`, `198.18.0.${i}`)),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(25);
  });

  it('locks a client address after 20 failures, whatever names it tries', async () => {
    const ip = '203.0.113.7';
    for (let i = 0; i < 20; i += 1)
      expect((await signIn(`spray${i}`, 'wrong password!', ip)).status).toBe(401);
    expect((await signIn('alice', password, ip)).status).toBe(429);
    expect((await signIn('alice', password, '203.0.113.8')).status).toBe(200);
  });

  it('lists the user’s sessions with the current one marked, and revokes one (another user’s is a 404)', async () => {
    const first = await request('POST', '/auth/sign-in', {
      headers: { ...sameSite, 'user-agent': 'Firefox/140' },
      body: { name: 'alice', password },
    });
    const second = await signIn('alice', password);
    const list = await request('GET', '/auth/sessions', { cookie: second.cookie });
    const items = list.body.items;
    expect(items.filter((item) => item.current)).toHaveLength(1);
    const firstItem = items.find((item) => item.userAgent === 'Firefox/140')!;
    expect(firstItem.current).toBe(false);
    expect(JSON.stringify(list.body)).not.toContain(first.cookie);

    const bob = await signIn('bob', password);
    expect(
      (await request('DELETE', `/auth/sessions/${firstItem.id}`, { cookie: bob.cookie, headers: sameSite }))
        .status,
    ).toBe(404);
    expect((await request('GET', '/me', { cookie: first.cookie })).status).toBe(200);
    expect(
      (
        await request('DELETE', `/auth/sessions/${firstItem.id}`, {
          cookie: second.cookie,
          headers: sameSite,
        })
      ).status,
    ).toBe(204);
    const ended = await request('GET', '/me', { cookie: first.cookie });
    expect(ended.status).toBe(401);
    expect(ended.body.error.message).toBe('the session has ended; sign in again');
  });

  it('signs out (clearing the cookie) and out everywhere', async () => {
    const a = await signIn('alice', password);
    const b = await signIn('alice', password);
    const out = await request('POST', '/auth/sign-out', { cookie: a.cookie, headers: sameSite });
    expect(out.status).toBe(204);
    expect(out.headers['set-cookie']).toMatch(
      /^nb_session=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax$/,
    );
    expect((await request('GET', '/me', { cookie: a.cookie })).status).toBe(401);
    expect((await request('GET', '/me', { cookie: b.cookie })).status).toBe(200);
    const c = await signIn('alice', password);
    expect(
      (await request('POST', '/auth/sign-out-everywhere', { cookie: c.cookie, headers: sameSite })).status,
    ).toBe(204);
    for (const cookie of [b.cookie, c.cookie])
      expect((await request('GET', '/me', { cookie })).status).toBe(401);
  });

  it('ends a session left unused for a week, and any session 30 days after sign-in', async () => {
    const idle = await signIn('alice', password);
    clock.advance(7 * 24 * 60 * minute - 1);
    expect((await request('GET', '/me', { cookie: idle.cookie })).status).toBe(200);
    clock.advance(7 * 24 * 60 * minute - 1);
    expect((await request('GET', '/me', { cookie: idle.cookie })).status).toBe(200);
    clock.advance(7 * 24 * 60 * minute);
    expect((await request('GET', '/me', { cookie: idle.cookie })).status).toBe(401);

    const busy = await signIn('alice', password);
    for (let day = 1; day < 30; day += 1) {
      clock.advance(24 * 60 * minute);
      expect((await request('GET', '/me', { cookie: busy.cookie })).status, `day ${day}`).toBe(200);
    }
    clock.advance(24 * 60 * minute);
    expect((await request('GET', '/me', { cookie: busy.cookie })).status).toBe(401);
  });

  it('stops a disabled user’s sessions and tokens at once, and refuses their sign-in like a wrong password', async () => {
    const session = await signIn('alice', password);
    const token = generateApiToken();
    await insertToken(t.app.database, aliceId, token, 'alice', clock.now(), ['read']);
    await t.app.database.db
      .updateTable('users')
      .set({ disabled_at: clock.now() })
      .where('id', '=', aliceId)
      .execute();
    expect((await request('GET', '/me', { cookie: session.cookie })).status).toBe(401);
    expect((await request('GET', '/me', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    const again = await signIn('alice', password, '192.0.2.77');
    expect(again.status).toBe(401);
    expect(again.body.error.message).toBe('the name or the password is wrong');
    await t.app.database.db
      .updateTable('users')
      .set({ disabled_at: null })
      .where('id', '=', aliceId)
      .execute();
  });

  it('rehashes a password stored with weaker parameters at the next sign-in', async () => {
    const weak = await hash(password, { algorithm: argon2id, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await t.app.database.db
      .updateTable('users')
      .set({ password_hash: weak })
      .where('id', '=', aliceId)
      .execute();
    expect((await signIn('alice', password)).status).toBe(200);
    const row = await t.app.database.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', aliceId)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await signIn('alice', password)).status).toBe(200);
  });
});

describe('the session cookie behind https', () => {
  it('is Secure when NB_PUBLIC_URL is https, and that origin passes the CSRF check', async () => {
    const t = await startTestApp('sqlite', { NB_PUBLIC_URL: 'https://notify.example.org' });
    try {
      await createUser(
        t.app.database,
        { name: 'carol', role: 'member', password: 'correct horse battery' },
        Date.now(),
      );
      const response = await t.app.http.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        headers: { origin: 'https://notify.example.org', 'x-notify-bridge': '1' },
        payload: { name: 'carol', password: 'correct horse battery' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['set-cookie']).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    } finally {
      await t.close();
    }
  });
});
