import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/domain/clock.ts';
import { hashApiToken } from '../../src/security/api-tokens.ts';
import { type ApiCall, apiAs, createMember, tokenFor } from '../api/api-client.ts';
import { testDialects } from '../helpers/databases.ts';
import { startTestApp, type TestApp, testAdminToken } from '../helpers/test-app.ts';

interface Token {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  scopes: string[];
  token?: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  error?: { code: string; message: string };
}

describe.each(testDialects)('API tokens on %s', (dialect) => {
  let t: TestApp;
  const clock = manualClock(Date.parse('2026-12-03T08:00:00Z'));
  let admin: ApiCall;
  let alice: { userId: string; api: ApiCall };
  let bob: { userId: string; api: ApiCall };

  beforeAll(async () => {
    t = await startTestApp(dialect, {}, { clock });
    admin = apiAs(t, testAdminToken);
    alice = await createMember(t, 'alice');
    bob = await createMember(t, 'bob');
  });
  afterAll(() => t.close());

  it('creates a token shown once with the nbt_ prefix, stores only its SHA-256, and lists it without the secret', async () => {
    const created = await alice.api<Token>('POST', '/tokens', { name: 'backup script', scopes: ['read'] });
    expect(created.status, created.raw).toBe(201);
    const token = created.body.token!;
    expect(token).toMatch(/^nbt_[A-Za-z0-9_-]{43}$/);
    expect(created.body).toMatchObject({
      userId: alice.userId,
      name: 'backup script',
      prefix: token.slice(0, 10),
      scopes: ['read'],
      lastUsedAt: null,
      expiresAt: null,
      revokedAt: null,
    });
    const row = await t.app.database.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashApiToken(token));
    expect(JSON.stringify(row)).not.toContain(token);

    const listed = await alice.api<{ items: Token[] }>('GET', '/tokens');
    expect(listed.raw).not.toContain(token);
    expect(listed.raw).not.toContain(row.token_hash);
    expect(listed.body.items.find((item) => item.id === created.body.id)?.token).toBeUndefined();

    const used = apiAs(t, token);
    expect((await used('GET', '/sources')).status).toBe(200);
    expect((await used('POST', '/templates', { name: 'x', bodies: { text: 'x' } })).status).toBe(403);
    const after = await alice.api<{ items: Token[] }>('GET', '/tokens');
    expect(after.body.items.find((item) => item.id === created.body.id)?.lastUsedAt).toBe(
      new Date(clock.now()).toISOString(),
    );
  });

  it('shows members only their own tokens, and an admin everyone’s', async () => {
    const bobs = await bob.api<Token>('POST', '/tokens', { name: 'bob’s', scopes: ['write'] });
    const aliceSees = (await alice.api<{ items: Token[] }>('GET', '/tokens')).body.items;
    expect(aliceSees.every((item) => item.userId === alice.userId)).toBe(true);
    expect(aliceSees.map((item) => item.id)).not.toContain(bobs.body.id);
    const adminSees = (await admin<{ items: Token[] }>('GET', '/tokens')).body.items;
    expect(adminSees.map((item) => item.id)).toContain(bobs.body.id);
  });

  it('revokes a token at once; another member’s is a 404 and keeps working', async () => {
    const bobs = await bob.api<Token>('POST', '/tokens', { name: 'to revoke', scopes: ['read'] });
    const bobsToken = apiAs(t, bobs.body.token!);
    const foreign = await alice.api<Token>('DELETE', `/tokens/${bobs.body.id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error?.code).toBe('NB_ERR_NOT_FOUND');
    expect((await bobsToken('GET', '/sources')).status).toBe(200);
    expect((await bob.api('DELETE', `/tokens/${bobs.body.id}`)).status).toBe(204);
    expect((await bobsToken('GET', '/sources')).status).toBe(401);
    expect((await bob.api('DELETE', `/tokens/${bobs.body.id}`)).status).toBe(204);
    const listed = (await bob.api<{ items: Token[] }>('GET', '/tokens')).body.items;
    expect(listed.find((item) => item.id === bobs.body.id)?.revokedAt).toBe(
      new Date(clock.now()).toISOString(),
    );
  });

  it('lets the old admin token be revoked like any other, by the first admin', async () => {
    const list = (await admin<{ items: Token[] }>('GET', '/tokens')).body.items;
    const old = list.find((item) => item.userId === t.app.boot.adminUserId && item.name === 'NB_ADMIN_TOKEN');
    expect(old?.scopes).toEqual(['admin']);
    expect((await alice.api('DELETE', `/tokens/${old!.id}`)).status).toBe(404);
  });

  it('stops an expiring token at its time', async () => {
    const expiresAt = new Date(clock.now() + 3_600_000).toISOString();
    const created = await alice.api<Token>('POST', '/tokens', {
      name: 'an hour',
      scopes: ['read'],
      expiresAt,
    });
    expect(created.body.expiresAt).toBe(expiresAt);
    const use = apiAs(t, created.body.token!);
    clock.advance(3_600_000 - 1);
    expect((await use('GET', '/sources')).status).toBe(200);
    clock.advance(1);
    const expired = await use<Token>('GET', '/sources');
    expect(expired.status).toBe(401);
    expect(expired.body.error?.message).toBe('the API token is unknown, revoked or expired');
  });

  it('never makes a token wider than the credentials or the role, nor one already expired, leaving no row', async () => {
    const count = async () =>
      (await t.app.database.db.selectFrom('api_tokens').select('id').execute()).length;
    const readOnly = await tokenFor(t, alice.userId, ['read']);
    const adminWrite = await tokenFor(t, t.app.boot.adminUserId, ['write']);
    const before = await count();
    const attempts: [ApiCall, unknown, number, string][] = [
      [alice.api, { name: 'x', scopes: ['admin'] }, 400, 'only an admin’s token can have the "admin" scope'],
      [adminWrite, { name: 'x', scopes: ['admin'] }, 403, 'grant only "write"'],
      [readOnly, { name: 'x', scopes: ['read'] }, 403, 'needs an API token with the "write" scope'],
      [alice.api, { name: 'x', scopes: [] }, 400, 'scopes'],
      [alice.api, { name: 'x', scopes: ['root'] }, 400, 'scopes'],
      [
        alice.api,
        { name: 'x', scopes: ['read'], expiresAt: new Date(clock.now()).toISOString() },
        400,
        'future',
      ],
    ];
    for (const [api, body, status, text] of attempts) {
      const response = await api<Token>('POST', '/tokens', body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(response.body.error?.message).toContain(text);
    }
    expect(await count()).toBe(before);
    // An admin's admin-scoped credentials may make an admin token.
    expect((await admin<Token>('POST', '/tokens', { name: 'ops', scopes: ['admin'] })).status).toBe(201);
  });
});
